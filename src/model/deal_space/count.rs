//! Long file: the model counter, its component split and its cache are one algorithm.
//! Counting acceptable packages without visiting them one by one: the standard model counter's
//! method (component decomposition with caching, as in sharpSAT and its successors) on the red
//! lines written as nogoods.
//!
//! Each selected red line becomes the list of value tuples of its positions on which it fails
//! (a nogood: "not all of these at once"). Setting a position kills the nogoods that disagree
//! with it and shortens the rest; the positions left then fall apart into groups no live
//! nogood links, and the count is the product of the groups' counts. A group is known by its
//! positions and its live nogoods, which fix what is left of it, so its count is cached and a
//! group met again on another branch is not counted twice.
//!
//! A position with two or more values that live nogoods name is branched on as a SAT counter
//! decides a literal: its most-named value, or not that value (a one-literal nogood added), so
//! the second branch may fall apart into groups before the position is set. Where two cores
//! are free, two counters share the cache, taking each branch's sides in opposite orders.

use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};

use rustc_hash::FxHashMap;

use super::*;

/// Tables of a red line's failing tuples larger than this are not built: such a space is
/// counted by enumeration.
const MAX_TABLE: f64 = 65_536.0;
/// Bytes of cached counts (keys, counts and the table's own) before the older half is let go:
/// bounds the memory, where a count found again is only time lost.
const MAX_CACHE_BYTES: usize = 150 << 20;

/// The red lines of a space as nogoods over its free positions.
pub(super) struct Nogoods {
    /// Per free variable: its position in the model, and its allowed values.
    free: Vec<(usize, Vec<Value>)>,
    /// Every nogood's (variable, value index in the variable's allowed values), one after
    /// another: nogood `g` is `literals[starts[g]..starts[g + 1]]`.
    literals: Vec<(u8, u8)>,
    starts: Vec<u32>,
    /// Per nogood, the variables it is on: with the variables set, its open ones in one step.
    on: Vec<Vars>,
    /// The first of the one-literal nogoods "not this value" that branching adds, one per
    /// (variable, value): nogood `excluded + offsets[v] + value` (the real ones come before).
    excluded: u32,
    offsets: Vec<u32>,
    /// Some red line fails whatever the free positions take (on locked positions alone).
    always_fails: bool,
    /// Bytes the cache may take ([`MAX_CACHE_BYTES`]; tests make it tiny).
    cache_budget: usize,
}

/// A count with a page of the packages counted.
pub(super) struct Listed {
    pub count: f64,
    /// The count is exact and the page final (not stopped).
    pub exact: bool,
    pub packages: Vec<Package>,
    /// More packages follow the page.
    pub more: bool,
}

/// A set of variables (at most 128).
type Vars = u128;

/// Variables that nogoods tie together, and the live nogoods on them.
type Group = (Vars, Vec<u32>);

/// Calls `found` with every tuple of `scope`'s allowed values (as indices into them) on which
/// `line` fails; `values` holds the other positions' values and is left with the first
/// allowed value on `scope`.
pub(super) fn for_each_failing_tuple(
    space: &Space,
    line: &Line,
    scope: &[usize],
    values: &mut [Value],
    mut found: impl FnMut(&[usize]),
) {
    // Every tuple of the scope's allowed values, as indices, like an odometer.
    let mut index = vec![0usize; scope.len()];
    loop {
        for (&p, &i) in scope.iter().zip(&index) {
            values[p] = space.allowed[p][i];
        }
        if space.fails(line, values) {
            found(&index);
        }
        let mut digit = 0;
        while let Some(slot) = index.get_mut(digit) {
            *slot += 1;
            if *slot < space.allowed[scope[digit]].len() {
                break;
            }
            *slot = 0;
            digit += 1;
        }
        if digit == scope.len() {
            break;
        }
    }
    for &p in scope {
        values[p] = space.allowed[p][0];
    }
}

impl Nogoods {
    /// The nogoods of the selected red lines, or `None` when the space is outside what this
    /// counter takes (over 128 free positions, over 64 values on one, or a red line whose
    /// table of tuples is too large).
    pub(super) fn new(space: &Space) -> Option<Self> {
        let n = space.model.positions.len();
        let mut var_of = vec![None; n];
        let mut free = Vec::new();
        for (p, allowed) in space.allowed.iter().enumerate() {
            if allowed.len() > 1 {
                if allowed.len() > 64 || free.len() >= 128 {
                    return None;
                }
                var_of[p] = Some(free.len() as u8);
                free.push((p, allowed.clone()));
            }
        }
        let mut nogoods: Vec<Vec<(u8, u8)>> = Vec::new();
        let mut always_fails = false;
        let mut values: Vec<Value> = space
            .allowed
            .iter()
            .map(|a| a.first().copied().unwrap_or(0))
            .collect();
        for (line, _) in space
            .lines
            .iter()
            .zip(&space.selected)
            .filter(|(_, selected)| **selected)
        {
            let scope: Vec<usize> = line
                .positions
                .iter()
                .copied()
                .filter(|&p| var_of[p].is_some())
                .collect();
            let size: f64 = scope
                .iter()
                .map(|&p| space.allowed[p].len() as f64)
                .product();
            if size > MAX_TABLE {
                return None;
            }
            for_each_failing_tuple(space, line, &scope, &mut values, |index| {
                if scope.is_empty() {
                    always_fails = true;
                }
                nogoods.push(
                    scope
                        .iter()
                        .zip(index)
                        .map(|(&p, &i)| (var_of[p].unwrap_or(0), i as u8))
                        .collect(),
                );
            });
        }
        nogoods.retain(|g| !g.is_empty());
        for g in &mut nogoods {
            g.sort_unstable();
        }
        nogoods.sort_unstable();
        nogoods.dedup();
        let excluded = nogoods.len() as u32;
        let mut offsets = Vec::with_capacity(free.len());
        for (v, (_, allowed)) in free.iter().enumerate() {
            offsets.push((nogoods.len() as u32) - excluded);
            nogoods.extend((0..allowed.len()).map(|value| vec![(v as u8, value as u8)]));
        }
        let mut starts = vec![0];
        for g in &nogoods {
            starts.push(starts.last().copied().unwrap_or(0) + g.len() as u32);
        }
        let on = nogoods
            .iter()
            .map(|g| g.iter().fold(0, |on, &(v, _)| on | bit(v)))
            .collect();
        Some(Nogoods {
            free,
            excluded,
            offsets,
            literals: nogoods.concat(),
            starts,
            on,
            always_fails,
            cache_budget: MAX_CACHE_BYTES,
        })
    }

    /// The number of packages no nogood forbids: exact, or, stopped by `control`, a lower bound
    /// (with `false`).
    pub(super) fn count(&self, control: &Control) -> (f64, bool) {
        if self.always_fails {
            return (0.0, true);
        }
        let cache = Mutex::new(Cache::new(self.cache_budget));
        self.count_on_two_cores(control, &cache)
    }

    /// A proven upper bound on [`Nogoods::count`], found in a fraction of a second: for a
    /// count stopped before its end ([`super::bound`]).
    pub(super) fn upper_bound(&self) -> f64 {
        if self.always_fails {
            return 0.0;
        }
        let domains: Vec<usize> = self.free.iter().map(|(_, allowed)| allowed.len()).collect();
        super::bound::upper_bound(&domains, (0..self.excluded).map(|g| self.literals(g)))
    }

    /// The count, by two counters sharing `cache` where two cores are free, one taking each
    /// branch's two sides in the other order: each counts everything, and finds much of what
    /// the other has counted already; the first to finish answers and stops the other. Both
    /// add up the same numbers in the same order, so the answer is the same either way.
    fn count_on_two_cores(&self, control: &Control, cache: &Mutex<Cache>) -> (f64, bool) {
        let finished = AtomicBool::new(false);
        let count = |flip: bool| {
            let mut counter = self.counter(control, false, cache, &finished, flip);
            let count = counter.product_of_groups(self.all(), &self.every());
            control.progressed(counter.nodes % 4096);
            if !counter.stopped {
                finished.store(true, Ordering::Relaxed);
            }
            (count, !counter.stopped)
        };
        #[cfg(not(target_arch = "wasm32"))]
        if std::thread::available_parallelism().is_ok_and(|n| n.get() > 1) {
            let (a, b) = std::thread::scope(|scope| {
                let other = scope.spawn(|| count(true));
                let mine = count(false);
                (mine, other.join().expect("a counter does not panic"))
            });
            // Stopped, each count is a proven lower bound: the larger is kept.
            return match (a, b) {
                ((count, true), _) | (_, (count, true)) => (count, true),
                ((x, false), (y, false)) => (x.max(y), false),
            };
        }
        count(false)
    }

    /// One package no nogood forbids, found by the same search stopping at the first: `Ok(None)`
    /// when there is none, `Err(Cancelled)` when stopped first.
    pub(super) fn witness(
        &self,
        space: &Space,
        control: &Control,
    ) -> Result<Option<Package>, SpaceError> {
        if self.always_fails {
            return Ok(None);
        }
        let cache = Mutex::new(Cache::new(self.cache_budget));
        let finished = AtomicBool::new(false);
        let mut counter = self.counter(control, true, &cache, &finished, false);
        let found = counter.product_of_groups(self.all(), &self.every()) > 0.0;
        control.progressed(counter.nodes % 4096);
        if counter.stopped {
            return Err(SpaceError::Cancelled);
        }
        if !found {
            return Ok(None);
        }
        Ok(Some(self.package(space, &counter.assigned)))
    }

    /// The count, as [`Nogoods::count`], and the acceptable packages `skip` to `skip + take`
    /// in the counter's order, with whether more follow. Stopped, the list may be short.
    pub(super) fn count_and_list(
        &self,
        space: &Space,
        skip: usize,
        take: usize,
        control: &Control,
    ) -> Listed {
        if self.always_fails {
            return Listed {
                count: 0.0,
                exact: true,
                packages: Vec::new(),
                more: false,
            };
        }
        let cache = Mutex::new(Cache::new(self.cache_budget));
        let (count, exact) = self.count_on_two_cores(control, &cache);
        // The page, by a counter that finds the groups' counts in the cache.
        let finished = AtomicBool::new(false);
        let mut counter = self.counter(control, false, &cache, &finished, false);
        let mut out = Vec::new();
        if exact && count > 0.0 {
            let (untouched, groups) = counter.split(self.all(), &self.every());
            let mut pending: Vec<(Group, f64)> = Vec::new();
            let mut rest = untouched;
            while rest != 0 {
                let u = rest.trailing_zeros() as usize;
                rest &= rest - 1;
                pending.push(((bit(u as u8), Vec::new()), self.free[u].1.len() as f64));
            }
            for (vars, live) in groups {
                let count = counter.group(vars, live.clone());
                pending.push(((vars, live), count));
            }
            let mut skip = skip as f64;
            counter.list(&mut pending, &mut skip, take.saturating_add(1), &mut out);
        }
        control.progressed(counter.nodes % 4096);
        let more = out.len() > take;
        out.truncate(take);
        Listed {
            count,
            exact: exact && !counter.stopped,
            packages: out.iter().map(|a| self.package(space, a)).collect(),
            more,
        }
    }

    /// The package of a value index per free variable (the locked positions as locked).
    fn package(&self, space: &Space, assigned: &[Option<u8>]) -> Package {
        let mut package: Package = space
            .allowed
            .iter()
            .map(|a| a.first().copied().unwrap_or(0))
            .collect();
        for ((p, allowed), value) in self.free.iter().zip(assigned) {
            package[*p] = allowed[usize::from(value.unwrap_or(0))];
        }
        package
    }

    fn counter<'a>(
        &'a self,
        control: &'a Control,
        witness: bool,
        cache: &'a Mutex<Cache>,
        finished: &'a AtomicBool,
        flip: bool,
    ) -> Counter<'a> {
        Counter {
            nogoods: self,
            assigned: vec![None; self.free.len()],
            set_vars: 0,
            cache,
            finished,
            flip,
            key: Vec::new(),
            spare: Vec::new(),
            masks: Vec::new(),
            nodes: 0,
            control,
            stopped: false,
            witness,
        }
    }

    /// The literals of nogood `g`.
    fn literals(&self, g: u32) -> &[(u8, u8)] {
        &self.literals[self.starts[g as usize] as usize..self.starts[g as usize + 1] as usize]
    }

    fn all(&self) -> Vars {
        if self.free.len() == 128 {
            Vars::MAX
        } else {
            (1 << self.free.len()) - 1
        }
    }

    /// The red lines' nogoods (not those branching adds).
    fn every(&self) -> Vec<u32> {
        (0..self.excluded).collect()
    }

    /// The nogood "`v` does not take `value`".
    fn not(&self, v: u8, value: u8) -> u32 {
        self.excluded + self.offsets[usize::from(v)] + u32::from(value)
    }
}

struct Counter<'a> {
    nogoods: &'a Nogoods,
    /// The value index each variable is set to, on the current branch.
    assigned: Vec<Option<u8>>,
    /// The variables set, as `assigned` says.
    set_vars: Vars,
    /// Counts of groups by key (see [`Counter::key`]), shared with the other counter.
    cache: &'a Mutex<Cache>,
    /// Another counter of the same count has finished: this one stops.
    finished: &'a AtomicBool,
    /// Take the two sides of each branch in the other order.
    flip: bool,
    /// The key being looked up (kept to spare an allocation per lookup).
    key: Vec<u32>,
    /// Lists of live nogoods no longer used, kept for the next (a node makes several).
    spare: Vec<Vec<u32>>,
    /// The live nogoods with their open variables, while [`Counter::split`] works.
    masks: Vec<(u32, Vars)>,
    nodes: u64,
    control: &'a Control,
    stopped: bool,
    /// Stop at the first package found and leave it in `assigned` (counts are then 0 or
    /// "at least one", and only groups without any package are cached).
    witness: bool,
}

/// Counts of groups by key, bounded in bytes.
struct Cache {
    counts: FxHashMap<Box<[u32]>, (f64, u64)>,
    /// Counts stored so far: each count is stamped with the number before it.
    stored: u64,
    /// The stamp of the oldest count still kept.
    oldest: u64,
    /// About how much memory the counts take, and may take.
    bytes: usize,
    budget: usize,
}

impl Cache {
    fn new(budget: usize) -> Self {
        Cache {
            counts: FxHashMap::default(),
            stored: 0,
            oldest: 0,
            bytes: 0,
            budget,
        }
    }

    fn get(&self, key: &[u32]) -> Option<f64> {
        self.counts.get(key).map(|&(count, _)| count)
    }

    /// Keeps the count of a group by its key; when full, the older half goes first.
    fn insert(&mut self, key: Box<[u32]>, count: f64) {
        let bytes = cached_bytes(&key);
        while self.bytes + bytes > self.budget && !self.counts.is_empty() {
            // The older half goes: emptying it all measured 1.7 times slower on a hard model,
            // which then found again what it had just counted.
            let cutoff = self.oldest + (self.stored - self.oldest) / 2;
            let before = self.counts.len();
            self.counts.retain(|_, (_, at)| *at > cutoff);
            self.oldest = cutoff;
            if self.counts.len() == before {
                self.counts.clear();
            }
            self.bytes = self.counts.keys().map(|k| cached_bytes(k)).sum();
        }
        self.bytes += bytes;
        self.counts.insert(key, (count, self.stored));
        self.stored += 1;
    }
}

/// About what one cached count takes: the key's words, the count and when it was found, and
/// the table's slot with its pointer and length.
fn cached_bytes(key: &[u32]) -> usize {
    4 * key.len() + 48
}

fn bit(v: u8) -> Vars {
    1 << v
}

/// Every value of a variable with `size` values.
fn full(size: usize) -> u64 {
    if size >= 64 {
        u64::MAX
    } else {
        (1 << size) - 1
    }
}

impl Counter<'_> {
    fn assign(&mut self, v: usize, value: u8) {
        self.assigned[v] = Some(value);
        self.set_vars |= bit(v as u8);
    }

    fn unassign(&mut self, v: usize) {
        self.assigned[v] = None;
        self.set_vars &= !bit(v as u8);
    }

    /// The variables of a nogood not yet set.
    fn open_vars(&self, g: u32) -> Vars {
        self.nogoods.on[g as usize] & !self.set_vars
    }

    /// The live nogoods' literals on variables not yet set.
    fn open<'g>(&'g self, g: u32) -> impl Iterator<Item = (u8, u8)> + 'g {
        self.nogoods
            .literals(g)
            .iter()
            .copied()
            .filter(|&(v, _)| self.set_vars >> v & 1 == 0)
    }

    /// The one open literal of a nogood that has exactly one.
    fn unit(&self, g: u32) -> Option<(u8, u8)> {
        if self.open_vars(g).count_ones() == 1 {
            self.open(g).next()
        } else {
            None
        }
    }

    /// An empty list for live nogoods, from those no longer used.
    fn list_buffer(&mut self) -> Vec<u32> {
        self.spare.pop().unwrap_or_default()
    }

    /// Keeps a list no longer used for the next [`Counter::list_buffer`].
    fn give_back(&mut self, mut list: Vec<u32>) {
        list.clear();
        self.spare.push(list);
    }

    /// The variables of `vars` no nogood of `live` is on, and the groups of the others that no
    /// nogood links (each with its live nogoods), small groups first: a group with no way out
    /// ends a product soonest.
    fn split(&mut self, vars: Vars, live: &[u32]) -> (Vars, Vec<Group>) {
        // Each live nogood with the variables of its open literals, in one pass, and the
        // values that one-literal nogoods forbid.
        let mut masks = std::mem::take(&mut self.masks);
        masks.clear();
        let mut forbidden = [0u64; 128];
        // The variables with a value forbidden.
        let mut restricted: Vars = 0;
        for &g in live {
            let m = self.open_vars(g);
            if m.count_ones() == 1 {
                let v = m.trailing_zeros() as u8;
                for &(x, value) in self.nogoods.literals(g) {
                    if x == v {
                        forbidden[usize::from(v)] |= 1 << value;
                    }
                }
                restricted |= m;
            }
            masks.push((g, m));
        }
        // A value a one-literal nogood forbids kills every other nogood that needs it: dropped
        // here, they no longer tie variables together.
        if restricted != 0 {
            masks.retain(|&(g, m)| {
                m.count_ones() == 1
                    || m & restricted == 0
                    || self
                        .open(g)
                        .all(|(v, value)| forbidden[usize::from(v)] >> value & 1 == 0)
            });
        }
        // Each variable's neighbours, then the groups by flooding them.
        let mut touched: Vars = 0;
        let mut neighbours = [0 as Vars; 128];
        for &(_, m) in &masks {
            touched |= m;
            if m.count_ones() > 1 {
                let mut rest = m;
                while rest != 0 {
                    let v = rest.trailing_zeros() as usize;
                    rest &= rest - 1;
                    neighbours[v] |= m;
                }
            }
        }
        let mut groups: Vec<Group> = Vec::new();
        // Each touched variable's group, as an index into `groups`.
        let mut label = [0u8; 128];
        let mut rest = touched;
        while rest != 0 {
            let mut group = rest & rest.wrapping_neg();
            let mut frontier = group;
            while frontier != 0 {
                let v = frontier.trailing_zeros() as usize;
                frontier &= frontier - 1;
                let new = neighbours[v] & !group;
                group |= new;
                frontier |= new;
            }
            rest &= !group;
            let mut members = group;
            while members != 0 {
                label[members.trailing_zeros() as usize] = groups.len() as u8;
                members &= members - 1;
            }
            groups.push((group, self.list_buffer()));
        }
        for &(g, m) in &masks {
            groups[usize::from(label[m.trailing_zeros() as usize])]
                .1
                .push(g);
        }
        self.masks = masks;
        groups.sort_by_key(|(vars, live)| (live.len(), vars.count_ones()));
        (vars & !touched, groups)
    }

    /// Splits `vars` into groups that no nogood of `live` links, and multiplies their counts.
    fn product_of_groups(&mut self, vars: Vars, live: &[u32]) -> f64 {
        let (untouched, groups) = self.split(vars, live);
        // Variables no nogood is on take any of their values.
        let mut product = 1.0;
        let mut rest = untouched;
        while rest != 0 {
            let v = rest.trailing_zeros() as usize;
            rest &= rest - 1;
            product *= self.nogoods.free[v].1.len() as f64;
        }

        for (vars, live) in groups {
            if self.stopped {
                // Stopped before this group: nothing of the product is proven.
                product = 0.0;
            }
            if product == 0.0 {
                // Nothing more to count: the list goes back for the next nodes.
                self.give_back(live);
                continue;
            }
            product *= self.group(vars, live);
        }
        if self.witness && product == 0.0 {
            // Groups that found a package before another found none leave no values behind.
            let mut rest = vars;
            while rest != 0 {
                let v = rest.trailing_zeros() as usize;
                rest &= rest - 1;
                self.unassign(v);
            }
        }
        product
    }

    /// The variable to branch on and its values left, or `None` when one variable has no
    /// value left.
    fn branch(&self, vars: Vars, live: &[u32]) -> Option<(u8, u64)> {
        // Each variable's values that no one-literal nogood forbids, and how many nogoods of
        // two or more open literals it is in.
        let mut domains = [0u64; 128];
        let mut weight = [0u32; 128];
        let mut rest = vars;
        while rest != 0 {
            let v = rest.trailing_zeros() as usize;
            rest &= rest - 1;
            domains[v] = full(self.nogoods.free[v].1.len());
        }
        let mut neighbours = [0 as Vars; 128];
        for &g in live {
            let around = self.open_vars(g);
            if around.count_ones() == 1 {
                if let Some((v, value)) = self.open(g).next() {
                    domains[usize::from(v)] &= !(1 << value);
                }
            } else {
                let mut rest = around;
                while rest != 0 {
                    let v = rest.trailing_zeros() as usize;
                    rest &= rest - 1;
                    weight[v] += 1;
                    neighbours[v] |= around;
                }
            }
        }
        // Branch on the variable tied to the most others (it splits the group soonest; measured
        // on the grid benchmark against occurrences, two-hop degree and degree per value), then
        // in the most nogoods, then of the fewest values.
        let mut best: Option<(u8, u64)> = None;
        let mut rest = vars;
        while rest != 0 {
            let v = rest.trailing_zeros() as u8;
            rest &= rest - 1;
            let d = domains[usize::from(v)];
            if d == 0 {
                return None;
            }
            let score = u64::from(neighbours[usize::from(v)].count_ones()) << 40
                | u64::from(weight[usize::from(v)]) << 8
                | u64::from(64 - d.count_ones());
            if best.is_none_or(|(_, s)| score > s) {
                best = Some((v, score));
            }
        }
        let (v, _) = best?;
        Some((v, domains[usize::from(v)]))
    }

    /// Sets `v` to `value`, and `next` to the nogoods of `live` still alive: those that
    /// disagree with the value die, the rest lose the literal. False when one is left with no
    /// literal open (it forbids the value; one-literal nogoods are taken out of the domains
    /// before, so this is only a safeguard).
    fn set(&mut self, v: u8, value: u8, live: &[u32], next: &mut Vec<u32>) -> bool {
        self.assign(usize::from(v), value);
        next.clear();
        next.extend(live.iter().copied().filter(|&g| {
            self.nogoods.on[g as usize] >> v & 1 == 0
                || self
                    .nogoods
                    .literals(g)
                    .iter()
                    .all(|&(x, y)| x != v || y == value)
        }));
        next.iter().all(|&g| self.open_vars(g) != 0)
    }

    /// The values of a variable that no one-literal nogood of `live` forbids.
    fn values_left(&self, v: usize, live: &[u32]) -> u64 {
        let mut domain = full(self.nogoods.free[v].1.len());
        for &g in live {
            if let Some((_, value)) = self.unit(g) {
                domain &= !(1 << value);
            }
        }
        domain
    }

    /// Lists packages in the counter's order into `out` (each as a value index per variable),
    /// passing over the first `skip`, until `out` holds `want`. `pending` are the groups still
    /// to set, each with its count (known from counting first), so a whole branch that falls
    /// within `skip` is passed over at once.
    fn list(
        &mut self,
        pending: &mut Vec<(Group, f64)>,
        skip: &mut f64,
        want: usize,
        out: &mut Vec<Vec<Option<u8>>>,
    ) {
        if self.stopped || out.len() >= want {
            return;
        }
        let Some(((vars, live), count)) = pending.pop() else {
            if *skip >= 1.0 {
                *skip -= 1.0;
            } else {
                out.push(self.assigned.clone());
            }
            return;
        };
        let under = count * pending.iter().map(|(_, c)| c).product::<f64>();
        if under <= *skip {
            *skip -= under;
        } else if vars.count_ones() == 1 {
            let v = vars.trailing_zeros() as usize;
            let mut values = self.values_left(v, &live);
            while values != 0 && out.len() < want {
                self.assign(v, values.trailing_zeros() as u8);
                values &= values - 1;
                self.list(pending, skip, want, out);
            }
            self.unassign(v);
        } else if let Some((v, mut values)) = self.branch(vars, &live) {
            let others = vars & !bit(v);
            let mut next = Vec::with_capacity(live.len());
            while values != 0 && out.len() < want && !self.stopped {
                let value = values.trailing_zeros() as u8;
                values &= values - 1;
                if self.set(v, value, &live, &mut next) {
                    let (untouched, groups) = self.split(others, &next);
                    let depth = pending.len();
                    let mut rest = untouched;
                    while rest != 0 {
                        let u = rest.trailing_zeros() as usize;
                        rest &= rest - 1;
                        let size = self.nogoods.free[u].1.len() as f64;
                        pending.push(((bit(u as u8), Vec::new()), size));
                    }
                    let mut possible = true;
                    for (vars, live) in groups {
                        let count = self.group(vars, live.clone());
                        possible &= count > 0.0;
                        pending.push(((vars, live), count));
                    }
                    if possible {
                        self.list(pending, skip, want, out);
                    }
                    pending.truncate(depth);
                }
                self.unassign(usize::from(v));
            }
        }
        pending.push(((vars, live), count));
    }

    /// The count of one group: its variables and the live nogoods on them.
    fn group(&mut self, vars: Vars, live: Vec<u32>) -> f64 {
        let mut next = self.list_buffer();
        let count = self.count_group(vars, &live, &mut next);
        self.give_back(live);
        self.give_back(next);
        count
    }

    /// [`Counter::group`], with `next` a list to fill with the nogoods still alive under each
    /// value of the variable it branches on.
    fn count_group(&mut self, vars: Vars, live: &[u32], next: &mut Vec<u32>) -> f64 {
        if vars.count_ones() == 1 {
            let v = vars.trailing_zeros() as usize;
            let domain = self.values_left(v, live);
            if self.witness && domain != 0 {
                self.assign(v, domain.trailing_zeros() as u8);
            }
            return f64::from(domain.count_ones());
        }
        self.key(vars, live);
        if let Some(count) = self.lock_cache().get(&self.key) {
            return count;
        }
        // Kept: the branches below look up keys of their own.
        let key: Box<[u32]> = self.key.as_slice().into();
        self.nodes += 1;
        if self.nodes.is_multiple_of(256) {
            if self.nodes.is_multiple_of(4096) {
                self.control.progressed(4096);
            }
            if self.control.cancel.load(Ordering::Relaxed) || self.finished.load(Ordering::Relaxed)
            {
                self.stopped = true;
                return 0.0;
            }
        }
        let Some((v, mut values)) = self.branch(vars, live) else {
            return 0.0;
        };
        // The values no live nogood names leave the same nogoods behind: counted once.
        let mut named = 0u64;
        let mut uses = [0u32; 64];
        for &g in live {
            if self.nogoods.on[g as usize] >> v & 1 == 0 {
                continue;
            }
            for &(x, value) in self.nogoods.literals(g) {
                if x == v {
                    named |= 1 << value;
                    uses[usize::from(value)] += 1;
                }
            }
        }
        if (values & named).count_ones() >= 2 {
            // Two or more values named: this one, or not this one, as a SAT counter decides
            // a literal; the other values stay open, and the branch where it is not taken
            // may fall apart into groups sooner.
            let mut rest = values & named;
            let mut value = rest.trailing_zeros() as u8;
            while rest != 0 {
                let u = rest.trailing_zeros() as u8;
                rest &= rest - 1;
                if uses[usize::from(u)] > uses[usize::from(value)] {
                    value = u;
                }
            }
            // The two sides in either order add up to the same number.
            let mut total = 0.0;
            for taken in [!self.flip, self.flip] {
                if taken {
                    if self.set(v, value, live, next) {
                        total += self.product_of_groups(vars & !bit(v), next);
                    }
                    if self.witness && total > 0.0 {
                        return total;
                    }
                    self.unassign(usize::from(v));
                } else {
                    next.clear();
                    next.extend(live.iter().copied().filter(|&g| {
                        self.nogoods.on[g as usize] >> v & 1 == 0
                            || !self.nogoods.literals(g).contains(&(v, value))
                    }));
                    next.push(self.nogoods.not(v, value));
                    total += self.product_of_groups(vars, next);
                    if self.witness && total > 0.0 {
                        return total;
                    }
                }
                if self.stopped {
                    return total;
                }
            }
            self.remember(key, total);
            return total;
        }
        let unnamed = values & !named;
        values &= named | unnamed & unnamed.wrapping_neg();
        let others = vars & !bit(v);
        let mut total = 0.0;
        // At most two values (one named, one for the unnamed): either order adds up the same.
        while values != 0 {
            let value = if self.flip {
                63 - values.leading_zeros() as u8
            } else {
                values.trailing_zeros() as u8
            };
            values &= !(1 << value);
            if self.set(v, value, live, next) {
                let times = if named >> value & 1 == 0 {
                    f64::from(unnamed.count_ones())
                } else {
                    1.0
                };
                total += times * self.product_of_groups(others, next);
            }
            if self.witness && total > 0.0 {
                // The package found stays in `assigned`; only groups without one are cached,
                // since a cached count has no package to show.
                return total;
            }
            self.unassign(usize::from(v));
            if self.stopped {
                return total;
            }
        }
        self.remember(key, total);
        total
    }

    fn remember(&mut self, key: Box<[u32]>, total: f64) {
        self.lock_cache().insert(key, total);
    }

    fn lock_cache(&self) -> std::sync::MutexGuard<'_, Cache> {
        // A counter that panicked left no half-made count behind: the counts stand.
        self.cache
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Sets `self.key` to what fixes the count of a group: its variables, the values that
    /// shortened one-literal nogoods forbid them, and what is left of the other nogoods a
    /// setting has shortened. The rest are every nogood all of whose variables are in the
    /// group (none of them set, none can have died), less those a forbidden value makes
    /// redundant, which change no count. Forbidden values are a mask per variable, whichever
    /// nogoods forbid them: branches that forbid the same values alike share a count.
    fn key(&mut self, vars: Vars, live: &[u32]) {
        self.key.clear();
        self.key
            .extend((0..4).map(|word| (vars >> (32 * word)) as u32));
        let mut forbidden = [0u64; 128];
        let (nogoods, set_vars) = (self.nogoods, self.set_vars);
        for &g in live {
            let on = nogoods.on[g as usize];
            if on & set_vars == 0 && g < nogoods.excluded {
                continue;
            }
            let open = (on & !set_vars).count_ones();
            let mut open_literals = nogoods
                .literals(g)
                .iter()
                .filter(|&&(v, _)| set_vars >> v & 1 == 0);
            if open == 1 {
                if let Some(&(v, value)) = open_literals.next() {
                    forbidden[usize::from(v)] |= 1 << value;
                }
            } else {
                // Its length, then each literal: below u32::MAX, which ends the list.
                self.key.push(open);
                self.key
                    .extend(open_literals.map(|&(v, value)| u32::from(v) << 8 | u32::from(value)));
            }
        }
        self.key.push(u32::MAX);
        let mut rest = vars;
        while rest != 0 {
            let v = rest.trailing_zeros() as usize;
            rest &= rest - 1;
            if forbidden[v] != 0 {
                self.key
                    .extend([v as u32, forbidden[v] as u32, (forbidden[v] >> 32) as u32]);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::ModelRef;
    use crate::model::generate::{Shape, synthetic_scenario};
    use crate::model::types::Model;

    /// A synthetic model of three parties.
    fn generated(positions: usize, options: usize, red_lines: usize, seed: u64) -> Model {
        let scenario = synthetic_scenario(Shape {
            positions,
            options,
            red_lines,
            parties: 3,
            seed,
        });
        let ModelRef::Inline(model) = scenario.model else {
            unreachable!("generated models are inline")
        };
        (*model).clone()
    }

    /// The two counters of a count take each branch's sides in opposite orders, and whichever
    /// finishes first answers: alone, each gives the same number to the last bit.
    #[test]
    fn either_order_of_the_sides_counts_the_same() {
        for seed in 1..=6 {
            let model = generated(30, 5, 80, seed);
            let space = Space::new(&model, &Query::default()).expect("searchable");
            let nogoods = Nogoods::new(&space).expect("within the counter's reach");
            let control = Control::default();
            let [straight, flipped] = [false, true].map(|flip| {
                let cache = Mutex::new(Cache::new(MAX_CACHE_BYTES));
                let finished = AtomicBool::new(false);
                let mut counter = nogoods.counter(&control, false, &cache, &finished, flip);
                counter.product_of_groups(nogoods.all(), &nogoods.every())
            });
            assert!(
                straight > 2f64.powi(53),
                "seed {seed}: a count large enough to round"
            );
            assert_eq!(straight.to_bits(), flipped.to_bits(), "seed {seed}");
            assert_eq!(nogoods.count(&control), (straight, true), "seed {seed}");
        }
    }

    /// The cache only saves time: however little it may keep, the counts and pages agree.
    #[test]
    fn counts_agree_however_often_the_cache_is_emptied() {
        for seed in 1..=6 {
            let model = generated(14, 4, 35, seed);
            let space = Space::new(&model, &Query::default()).expect("searchable");
            let roomy = Nogoods::new(&space).expect("within the counter's reach");
            let control = Control::default();
            let a = roomy.count_and_list(&space, 3, 5, &control);
            assert!(
                a.exact && a.count > 0.0,
                "seed {seed}: a model with packages to list"
            );
            // None kept, and a few hundred counts kept, the older half let go when full.
            for budget in [0, 20_000] {
                let mut tight = Nogoods::new(&space).expect("within the counter's reach");
                tight.cache_budget = budget;
                let b = tight.count_and_list(&space, 3, 5, &control);
                assert!(b.exact);
                assert_eq!(a.count, b.count, "seed {seed}, budget {budget}");
                assert_eq!(a.packages, b.packages, "seed {seed}, budget {budget}");
            }
        }
    }

    /// The quick upper bound a stopped count is given is never below the count, and says
    /// more than the number of packages.
    #[test]
    fn the_upper_bound_is_never_below_the_count() {
        for seed in 1..=6 {
            let model = generated(30, 5, 80, seed);
            let space = Space::new(&model, &Query::default()).expect("searchable");
            let nogoods = Nogoods::new(&space).expect("within the counter's reach");
            let (count, exact) = nogoods.count(&Control::default());
            assert!(exact && count > 0.0, "seed {seed}");
            let bound = nogoods.upper_bound();
            assert!(bound >= count, "seed {seed}: {bound} < {count}");
            assert!(bound < space.package_count(), "seed {seed}");
        }
    }
}
