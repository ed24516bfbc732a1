//! A proven upper bound on a count the counter could not finish: mini-bucket elimination
//! (Dechter and Rish, "Mini-buckets: a general scheme for bounded inference", J. ACM 50(2),
//! 2003).
//!
//! Bucket elimination counts exactly by summing the positions out one at a time: the tables of
//! the nogoods on a position are multiplied and summed over its values, leaving one table over
//! its neighbours. The tables grow with the neighbours, so where a position's tables together
//! would span more than `width` positions they are split into mini-buckets: the first is summed
//! over the position's values and the others are maximised over them, which can only count too
//! many (a sum of products is at most the sum of the first times the largest of each other).
//! The result is never below the true count, and is the count itself when nothing is split.

/// Multiplications a bound may take, over every width tried: a fraction of a second, so a
/// stopped search answers at once.
const WORK: f64 = 1e8;

/// The widest mini-bucket tried (in positions): tables of up to 64^… entries stay out of reach
/// through [`WORK`] anyway.
const MAX_WIDTH: u32 = 16;

/// A set of variables, as the counter's.
type Vars = u128;

/// A table over `vars` (ascending), the first the fastest-changing in `values`.
#[derive(Clone)]
struct Table {
    vars: Vec<u8>,
    values: Vec<f64>,
}

/// An upper bound on the number of ways to give each variable one of its `domains` values (as
/// many as each entry says) such that no nogood (a list of (variable, value) pairs) has all its
/// pairs at once; within [`WORK`]. Rounded up, so never below the true count.
pub(super) fn upper_bound<'a>(
    domains: &[usize],
    nogoods: impl Iterator<Item = &'a [(u8, u8)]>,
) -> f64 {
    upper_bound_within(domains, nogoods, WORK)
}

/// [`upper_bound`] within `work` multiplications.
fn upper_bound_within<'a>(
    domains: &[usize],
    nogoods: impl Iterator<Item = &'a [(u8, u8)]>,
    work: f64,
) -> f64 {
    let tables = nogood_tables(domains, nogoods);
    let scopes: Vec<Vars> = tables.iter().map(|t| scope(&t.vars)).collect();
    // Mini-buckets wider are not always tighter: each width whose multiplications fit the
    // work left gives a bound, and the least is kept.
    let mut least = f64::INFINITY;
    let mut left = work;
    for width in 1..=MAX_WIDTH {
        let (order, cost) = plan(domains, &scopes, width);
        if cost > left && least.is_finite() {
            break;
        }
        left -= cost;
        least = least.min(bound_at(domains, &tables, &order, width));
    }
    least
}

/// The bound of mini-buckets `width` wide, summing the variables out in `order`.
fn bound_at(domains: &[usize], tables: &[Table], order: &[usize], width: u32) -> f64 {
    let mut tables: Vec<Table> = tables.to_vec();
    // ln of the bound: what each summed-out table's largest entry carried away.
    let mut log = 0.0;
    for &x in order {
        let (bucket, rest): (Vec<Table>, Vec<Table>) = tables
            .into_iter()
            .partition(|t| t.vars.contains(&(x as u8)));
        tables = rest;
        if bucket.is_empty() {
            log += (domains[x] as f64).ln();
            continue;
        }
        let bucket_scopes: Vec<Vars> = bucket.iter().map(|t| scope(&t.vars)).collect();
        let mut bucket: Vec<Option<Table>> = bucket.into_iter().map(Some).collect();
        for (n, (_, members)) in mini_buckets(&bucket_scopes, width).into_iter().enumerate() {
            let members: Vec<Table> = members.iter().filter_map(|&m| bucket[m].take()).collect();
            let mut out = eliminate(domains, x as u8, &members, n == 0);
            let largest = out.values.iter().copied().fold(0.0, f64::max);
            if largest == 0.0 {
                return 0.0;
            }
            log += largest.ln();
            if !out.vars.is_empty() {
                out.values.iter_mut().for_each(|v| *v /= largest);
                tables.push(out);
            }
        }
    }
    // Rounding in the sums is far below this margin; the count is a whole number.
    (log.exp() * (1.0 + 1e-9)).floor()
}

/// One table per scope of nogoods: 1 where none of them holds, 0 on each nogood's tuple.
fn nogood_tables<'a>(
    domains: &[usize],
    nogoods: impl Iterator<Item = &'a [(u8, u8)]>,
) -> Vec<Table> {
    let mut tables: Vec<Table> = Vec::new();
    let mut by_scope: rustc_hash::FxHashMap<Vec<u8>, usize> = Default::default();
    for nogood in nogoods {
        let mut literals = nogood.to_vec();
        literals.sort_unstable();
        let vars: Vec<u8> = literals.iter().map(|&(v, _)| v).collect();
        let t = *by_scope.entry(vars.clone()).or_insert_with(|| {
            let size = vars.iter().map(|&v| domains[usize::from(v)]).product();
            tables.push(Table {
                vars,
                values: vec![1.0; size],
            });
            tables.len() - 1
        });
        let (mut index, mut stride) = (0, 1);
        for &(v, value) in &literals {
            index += usize::from(value) * stride;
            stride *= domains[usize::from(v)];
        }
        tables[t].values[index] = 0.0;
    }
    tables
}

fn scope(vars: &[u8]) -> Vars {
    vars.iter().fold(0, |s, &v| s | 1 << v)
}

fn entries(domains: &[usize], vars: Vars) -> f64 {
    let mut rest = vars;
    let mut size = 1.0;
    while rest != 0 {
        size *= domains[rest.trailing_zeros() as usize] as f64;
        rest &= rest - 1;
    }
    size
}

/// The order to sum variables out in (fewest neighbours first, as the mini-buckets leave them)
/// and the multiplications that takes at `width`.
fn plan(domains: &[usize], scopes: &[Vars], width: u32) -> (Vec<usize>, f64) {
    let mut scopes = scopes.to_vec();
    let mut left: Vars = if domains.len() == 128 {
        Vars::MAX
    } else {
        (1 << domains.len()) - 1
    };
    let mut order = Vec::with_capacity(domains.len());
    let mut work = 0.0;
    while left != 0 {
        let mut neighbours = [0 as Vars; 128];
        for &s in &scopes {
            let mut rest = s;
            while rest != 0 {
                neighbours[rest.trailing_zeros() as usize] |= s;
                rest &= rest - 1;
            }
        }
        let degree = |v: usize| (neighbours[v] & !(1 << v)).count_ones();
        let mut rest = left;
        let mut x = rest.trailing_zeros() as usize;
        while rest != 0 {
            let v = rest.trailing_zeros() as usize;
            rest &= rest - 1;
            if degree(v) < degree(x) {
                x = v;
            }
        }
        left &= !(1 << x);
        order.push(x);
        let (bucket, rest): (Vec<Vars>, Vec<Vars>) =
            scopes.into_iter().partition(|&s| s >> x & 1 == 1);
        scopes = rest;
        for (vars, members) in mini_buckets(&bucket, width) {
            work += entries(domains, vars) * (members.len() + 1) as f64;
            let out = vars & !(1 << x);
            if out != 0 {
                scopes.push(out);
            }
        }
    }
    (order, work)
}

/// The tables of a bucket (by their scopes) in mini-buckets of at most `width + 1` variables,
/// largest first, each into the first with room: each mini-bucket's variables and members.
fn mini_buckets(scopes: &[Vars], width: u32) -> Vec<(Vars, Vec<usize>)> {
    let mut members: Vec<usize> = (0..scopes.len()).collect();
    members.sort_by_key(|&m| std::cmp::Reverse(scopes[m].count_ones()));
    let mut minis: Vec<(Vars, Vec<usize>)> = Vec::new();
    for m in members {
        match minis
            .iter_mut()
            .find(|(vars, _)| (vars | scopes[m]).count_ones() <= width + 1)
        {
            Some((vars, list)) => {
                *vars |= scopes[m];
                list.push(m);
            }
            None => minis.push((scopes[m], vec![m])),
        }
    }
    minis
}

/// The product of `tables`, summed (or, not `sum`, maximised) over the values of `x`.
fn eliminate(domains: &[usize], x: u8, tables: &[Table], sum: bool) -> Table {
    let all = tables.iter().fold(0, |s, t| s | scope(&t.vars));
    let mut vars = Vec::new();
    let mut rest = all & !(1 << x);
    while rest != 0 {
        vars.push(rest.trailing_zeros() as u8);
        rest &= rest - 1;
    }
    let size = |v: u8| domains[usize::from(v)];
    // Each table's stride for `x` and for each variable of the result (0 where it has none).
    let stride = |t: &Table, v: u8| -> usize {
        let mut s = 1;
        for &u in &t.vars {
            if u == v {
                return s;
            }
            s *= size(u);
        }
        0
    };
    let x_strides: Vec<usize> = tables.iter().map(|t| stride(t, x)).collect();
    let strides: Vec<Vec<usize>> = tables
        .iter()
        .map(|t| vars.iter().map(|&v| stride(t, v)).collect())
        .collect();
    let out_size: usize = vars.iter().map(|&v| size(v)).product();
    let mut values = Vec::with_capacity(out_size);
    let mut digits = vec![0usize; vars.len()];
    let mut base = vec![0usize; tables.len()];
    for _ in 0..out_size {
        let mut total = 0.0f64;
        for value in 0..size(x) {
            let mut product = 1.0;
            for ((t, &b), &s) in tables.iter().zip(&base).zip(&x_strides) {
                product *= t.values[b + value * s];
                if product == 0.0 {
                    break;
                }
            }
            total = if sum {
                total + product
            } else {
                total.max(product)
            };
        }
        values.push(total);
        // The next entry of the result, as an odometer.
        for (k, digit) in digits.iter_mut().enumerate() {
            *digit += 1;
            if *digit < size(vars[k]) {
                for (b, s) in base.iter_mut().zip(&strides) {
                    *b += s[k];
                }
                break;
            }
            for (b, s) in base.iter_mut().zip(&strides) {
                *b -= s[k] * (*digit - 1);
            }
            *digit = 0;
        }
    }
    Table { vars, values }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every assignment of `domains` that no nogood forbids, counted one by one.
    fn brute_force(domains: &[usize], nogoods: &[Vec<(u8, u8)>]) -> f64 {
        let mut digits = vec![0usize; domains.len()];
        let mut count = 0.0;
        loop {
            let forbidden = nogoods.iter().any(|g| {
                g.iter()
                    .all(|&(v, value)| digits[usize::from(v)] == usize::from(value))
            });
            if !forbidden {
                count += 1.0;
            }
            let Some(k) = (0..digits.len()).find(|&k| digits[k] + 1 < domains[k]) else {
                return count;
            };
            digits[k] += 1;
            digits[..k].iter_mut().for_each(|d| *d = 0);
        }
    }

    proptest::proptest! {
        /// However little work it may do, the bound is never below the count; with room
        /// enough to split nothing it is the count.
        #[test]
        fn the_bound_is_never_below_the_count(
            domains in proptest::collection::vec(1usize..=4, 1..=8),
            seeds in proptest::collection::vec((0u8..8, 0u8..4, 0u8..8, 0u8..4, 0u8..8, 0u8..4, 1usize..=3), 0..=14),
        ) {
            let n = domains.len() as u8;
            let nogoods: Vec<Vec<(u8, u8)>> = seeds
                .iter()
                .map(|&(a, x, b, y, c, z, len)| {
                    let mut g: Vec<(u8, u8)> = [(a, x), (b, y), (c, z)][..len]
                        .iter()
                        .map(|&(v, value)| (v % n, value % domains[usize::from(v % n)] as u8))
                        .collect();
                    g.sort_unstable();
                    g.dedup_by_key(|(v, _)| *v);
                    g
                })
                .collect();
            let count = brute_force(&domains, &nogoods);
            let literals = || nogoods.iter().map(Vec::as_slice);
            for work in [0.0, 50.0, 500.0] {
                let bound = upper_bound_within(&domains, literals(), work);
                proptest::prop_assert!(bound >= count, "{bound} < {count} at work {work}");
            }
            let exact = upper_bound_within(&domains, literals(), f64::INFINITY);
            proptest::prop_assert!((exact - count).abs() <= 1e-6 * count.max(1.0), "{exact} ≠ {count}");
        }
    }
}
