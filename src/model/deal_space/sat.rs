//! The closest packages as MaxSAT, on a SAT solver through RustSAT: BatSat (pure Rust) in the
//! app, where the walk takes long; CaDiCaL (C++) too with `--features solvers`, for the engine
//! comparison in the README (`cargo bench --features solvers --bench solvers`).
//!
//! The encoding: a literal per allowed value of each free position (exactly one true), and per
//! selected red line a literal that its failing tuples force true (the counter's nogoods, each
//! with the line's literal added). Then
//! - any acceptable: satisfiable with every line's literal false;
//! - fewest failing: MaxSAT by the standard SAT-UNSAT linear search, a totalizer over the lines'
//!   literals bounding the count below each model found;
//! - the Pareto front of failures per party: the P-minimal algorithm (Söh, Le Berre, Roussel
//!   and Banbara 2017, as in the scuttle solver): improve a model until no model dominates it,
//!   then exclude everything it dominates, until none is left. A totalizer per party bounds it.
//!
//! A line's literal may be true where the line holds, but not under a bound at an optimum: there
//! the literals counted are at most the failures, which are at least the optimum, so the true
//! literals are exactly the failing lines.

use rustsat::encodings::card::{BoundUpper, BoundUpperIncremental, Encode, Totalizer};
use rustsat::instances::{BasicVarManager, ManageVars};
#[cfg(feature = "solvers")]
use rustsat::solvers::{ControlSignal, Terminate};
use rustsat::solvers::{SolveIncremental, SolveStats, SolverResult};
use rustsat::types::{Clause, Lit, TernaryVal};

use super::count::for_each_failing_tuple;
use super::*;

/// Why the solver gave no answer.
#[derive(Debug, thiserror::Error)]
pub enum SatError {
    #[error("the search was cancelled")]
    Cancelled,
    #[error("the solver failed: {0}")]
    Solver(String),
}

fn solver_error(e: impl std::fmt::Display) -> SatError {
    SatError::Solver(e.to_string())
}

/// A SAT solver, stopped when a [`Control`] is cancelled.
pub trait Backend<'c>: SolveIncremental + SolveStats + Default {
    const NAME: &'static str;
    fn stop_when_cancelled(&mut self, control: &'c Control);
}

/// BatSat's callbacks, stopping at a cancel.
#[derive(Default)]
pub struct StopOnCancel<'c>(Option<&'c Control>);

impl batsat::Callbacks for StopOnCancel<'_> {
    fn stop(&self) -> bool {
        self.0.is_some_and(|c| c.is_cancelled())
    }
}

pub type BatSat<'c> = rustsat_batsat::Solver<StopOnCancel<'c>>;

impl<'c> Backend<'c> for BatSat<'c> {
    const NAME: &'static str = "BatSat";
    fn stop_when_cancelled(&mut self, control: &'c Control) {
        self.batsat_mut().cb_mut().0 = Some(control);
    }
}

#[cfg(feature = "solvers")]
impl<'c> Backend<'c> for rustsat_cadical::CaDiCaL<'c, 'static> {
    const NAME: &'static str = "CaDiCaL";
    fn stop_when_cancelled(&mut self, control: &'c Control) {
        self.attach_terminator(move || {
            if control.is_cancelled() {
                ControlSignal::Terminate
            } else {
                ControlSignal::Continue
            }
        });
    }
}

/// A space as clauses in a SAT solver.
pub struct Encoded<'s, 'm, S> {
    space: &'s Space<'m>,
    solver: S,
    vars: BasicVarManager,
    /// Per position: the literal of each allowed value (empty where only one is allowed).
    value_lits: Vec<Vec<Lit>>,
    /// Per selected line: its index in `space.lines` and its "fails" literal.
    line_lits: Vec<(usize, Lit)>,
}

impl<'s, 'm, 'c, S: Backend<'c>> Encoded<'s, 'm, S> {
    /// The space's packages and red lines as clauses; the solver stops when `control` is
    /// cancelled.
    pub fn new(space: &'s Space<'m>, control: &'c Control) -> Result<Self, SatError> {
        let mut solver = S::default();
        solver.stop_when_cancelled(control);
        let mut vars = BasicVarManager::default();
        let mut value_lits = Vec::new();
        for allowed in &space.allowed {
            let lits: Vec<Lit> = if allowed.len() > 1 {
                allowed.iter().map(|_| vars.new_lit()).collect()
            } else {
                Vec::new()
            };
            if !lits.is_empty() {
                solver
                    .add_clause(Clause::from_iter(lits.iter().copied()))
                    .map_err(solver_error)?;
                for (i, &a) in lits.iter().enumerate() {
                    for &b in &lits[i + 1..] {
                        solver
                            .add_clause(Clause::from_iter([!a, !b]))
                            .map_err(solver_error)?;
                    }
                }
            }
            value_lits.push(lits);
        }
        let mut values: Vec<Value> = space
            .allowed
            .iter()
            .map(|a| a.first().copied().unwrap_or(0))
            .collect();
        let mut line_lits = Vec::new();
        for (index, line) in space.lines.iter().enumerate() {
            if !space.selected[index] {
                continue;
            }
            let fails = vars.new_lit();
            let scope: Vec<usize> = line
                .positions
                .iter()
                .copied()
                .filter(|&p| !value_lits[p].is_empty())
                .collect();
            let mut clauses = Vec::new();
            for_each_failing_tuple(space, line, &scope, &mut values, |tuple| {
                let mut clause: Clause = scope
                    .iter()
                    .zip(tuple)
                    .map(|(&p, &i)| !value_lits[p][i])
                    .collect();
                clause.add(fails);
                clauses.push(clause);
            });
            for clause in clauses {
                solver.add_clause(clause).map_err(solver_error)?;
            }
            line_lits.push((index, fails));
        }
        Ok(Encoded {
            space,
            solver,
            vars,
            value_lits,
            line_lits,
        })
    }

    fn solve(&mut self, assumptions: &[Lit]) -> Result<Option<Package>, SatError> {
        match self
            .solver
            .solve_assumps(assumptions)
            .map_err(solver_error)?
        {
            SolverResult::Sat => Ok(Some(self.package()?)),
            SolverResult::Unsat => Ok(None),
            SolverResult::Interrupted => Err(SatError::Cancelled),
        }
    }

    fn package(&self) -> Result<Package, SatError> {
        let mut package = Vec::with_capacity(self.value_lits.len());
        for (p, lits) in self.value_lits.iter().enumerate() {
            let mut value = self.space.allowed[p][0];
            for (i, &lit) in lits.iter().enumerate() {
                if self.solver.lit_val(lit).map_err(solver_error)? == TernaryVal::True {
                    value = self.space.allowed[p][i];
                }
            }
            package.push(value);
        }
        Ok(package)
    }

    /// The selected lines a package fails, per party (read from the package, not the solver's
    /// literals, which may be true without the line failing).
    fn fails_per_party(&self, package: &[Value]) -> Vec<usize> {
        let mut fails = vec![0; self.space.model.parties.len()];
        for &(index, _) in &self.line_lits {
            let line = &self.space.lines[index];
            if self.space.fails(line, package) {
                fails[line.party] += 1;
            }
        }
        fails
    }

    /// One acceptable package, or `None` when there is none.
    pub fn any_acceptable(&mut self) -> Result<Option<Package>, SatError> {
        let holds: Vec<Lit> = self.line_lits.iter().map(|&(_, l)| !l).collect();
        self.solve(&holds)
    }

    /// A literal that, assumed or put in a clause, bounds the count of `lits` true to `k`
    /// (`None`: the bound always holds). Encodes the totalizer for `k` as needed.
    fn at_most(&mut self, totalizer: &mut Totalizer, k: usize) -> Result<Option<Lit>, SatError> {
        if k >= totalizer.n_lits() {
            return Ok(None);
        }
        totalizer
            .encode_ub_change(k..=k, &mut self.solver, &mut self.vars)
            .map_err(solver_error)?;
        let lits = totalizer.enforce_ub(k).map_err(solver_error)?;
        if let [lit] = lits[..] {
            return Ok(Some(lit));
        }
        // A conjunction becomes one literal that implies each part.
        let lit = self.vars.new_lit();
        for l in lits {
            self.solver
                .add_clause(Clause::from_iter([!lit, l]))
                .map_err(solver_error)?;
        }
        Ok(Some(lit))
    }

    /// The fewest selected lines any package fails, with one such package.
    pub fn fewest(&mut self) -> Result<(usize, Package), SatError> {
        let Some(mut best) = self.solve(&[])? else {
            unreachable!("every position has an allowed value and lines only add literals")
        };
        let mut cost: usize = self.fails_per_party(&best).iter().sum();
        let mut totalizer: Totalizer = self.line_lits.iter().map(|&(_, l)| l).collect();
        while cost > 0 {
            let bound: Vec<Lit> = self
                .at_most(&mut totalizer, cost - 1)?
                .into_iter()
                .collect();
            match self.solve(&bound)? {
                Some(package) => {
                    cost = self.fails_per_party(&package).iter().sum();
                    best = package;
                }
                None => break,
            }
        }
        Ok((cost, best))
    }

    /// A totalizer per party over its lines' literals.
    fn party_totalizers(&self) -> Vec<Totalizer> {
        (0..self.space.model.parties.len())
            .map(|party| {
                self.line_lits
                    .iter()
                    .filter(|&&(index, _)| self.space.lines[index].party == party)
                    .map(|&(_, l)| l)
                    .collect()
            })
            .collect()
    }

    /// Assumptions that no party fails more than in `fails`.
    fn no_worse_than(
        &mut self,
        totalizers: &mut [Totalizer],
        fails: &[usize],
    ) -> Result<Vec<Lit>, SatError> {
        let mut assumptions = Vec::new();
        for (t, &f) in totalizers.iter_mut().zip(fails) {
            assumptions.extend(self.at_most(t, f)?);
        }
        Ok(assumptions)
    }

    /// A clause that some party fails fewer than in `fails` (empty: none can).
    fn some_party_better(
        &mut self,
        totalizers: &mut [Totalizer],
        fails: &[usize],
    ) -> Result<Clause, SatError> {
        let mut better = Clause::new();
        for (t, &f) in totalizers.iter_mut().zip(fails) {
            if f > 0
                && let Some(lit) = self.at_most(t, f - 1)?
            {
                better.add(lit);
            }
        }
        Ok(better)
    }

    /// The Pareto front of failures per party, a package for each point, by the P-minimal
    /// algorithm; sorted by total failures, then per party.
    pub fn pareto(&mut self) -> Result<Vec<(Vec<usize>, Package)>, SatError> {
        let mut totalizers = self.party_totalizers();
        let mut front = Vec::new();
        // The points excluded hold while this literal is assumed, so the solver can be asked
        // more afterwards.
        let search = self.vars.new_lit();
        while let Some(mut package) = self.solve(&[search])? {
            let mut fails = self.fails_per_party(&package);
            // Improve until nothing dominates: no party worse, some party better.
            loop {
                let mut better = self.some_party_better(&mut totalizers, &fails)?;
                if better.is_empty() {
                    break;
                }
                let mut assumptions = self.no_worse_than(&mut totalizers, &fails)?;
                assumptions.push(search);
                let switch = self.vars.new_lit();
                better.add(!switch);
                self.add(better)?;
                assumptions.push(switch);
                let found = self.solve(&assumptions)?;
                self.add(Clause::from_iter([!switch]))?;
                match found {
                    Some(p) => {
                        fails = self.fails_per_party(&p);
                        package = p;
                    }
                    None => break,
                }
            }
            // Exclude this point and all it dominates: some party must do better.
            let mut better = self.some_party_better(&mut totalizers, &fails)?;
            front.push((fails, package));
            if better.is_empty() {
                break;
            }
            better.add(!search);
            self.add(better)?;
        }
        self.add(Clause::from_iter([!search]))?;
        front.sort_by(|a, b| {
            let total = |f: &[usize]| f.iter().sum::<usize>();
            total(&a.0).cmp(&total(&b.0)).then_with(|| a.0.cmp(&b.0))
        });
        Ok(front)
    }

    fn add(&mut self, clause: Clause) -> Result<(), SatError> {
        self.solver.add_clause(clause).map_err(solver_error)
    }

    /// Up to `limit` packages under `assumptions`, each found once (a blocking clause per
    /// package, switched off afterwards), in the solver's order; with `read`, what each says.
    fn enumerate<T: PartialEq>(
        &mut self,
        assumptions: &[Lit],
        limit: usize,
        mut read: impl FnMut(&Self, &Package) -> Result<(T, Clause), SatError>,
    ) -> Result<Vec<T>, SatError> {
        let switch = self.vars.new_lit();
        let mut assumptions = assumptions.to_vec();
        assumptions.push(switch);
        let mut found = Vec::new();
        while found.len() < limit {
            let Some(package) = self.solve(&assumptions)? else {
                break;
            };
            let (item, mut block) = read(self, &package)?;
            found.push(item);
            if block.is_empty() {
                break;
            }
            block.add(!switch);
            self.add(block)?;
        }
        self.add(Clause::from_iter([!switch]))?;
        Ok(found)
    }

    /// A clause that the next package differs from `package`.
    fn other_package(&self, package: &Package) -> Clause {
        self.value_lits
            .iter()
            .enumerate()
            .filter_map(|(p, lits)| {
                let i = self.space.allowed[p]
                    .iter()
                    .position(|&v| v == package[p])?;
                lits.get(i).map(|&l| !l)
            })
            .collect()
    }

    /// The closest packages, as [`super::closest`] gives them: the Pareto front with up to
    /// `limit` packages a point, the fewest failures with up to `limit` packages, and the
    /// distinct sets of red lines failed at that fewest (one past `limit`, to know of more).
    pub fn closest(&mut self, limit: usize) -> Result<Closest, SatError> {
        let front = self.pareto()?;
        let mut totalizers = self.party_totalizers();
        let mut pareto = Vec::new();
        for (fails, _) in &front {
            // On a point of the front, no worse means exactly as bad.
            let assumptions = self.no_worse_than(&mut totalizers, fails)?;
            let packages = self.enumerate(&assumptions, limit, |this, package| {
                Ok((package.clone(), this.other_package(package)))
            })?;
            pareto.push(FrontPoint {
                fails: fails.clone(),
                packages,
            });
        }
        let fewest = front
            .iter()
            .map(|(fails, _)| fails.iter().sum::<usize>())
            .min()
            .unwrap_or(0);
        let mut total: Totalizer = self.line_lits.iter().map(|&(_, l)| l).collect();
        let bound: Vec<Lit> = self.at_most(&mut total, fewest)?.into_iter().collect();
        let fewest_packages = self.enumerate(&bound, limit, |this, package| {
            Ok((package.clone(), this.other_package(package)))
        })?;
        // At the fewest, a line's literal is true exactly where the line fails.
        let mut concessions = self.enumerate(&bound, limit.saturating_add(1), |this, _| {
            let mut set = Vec::new();
            let mut block = Clause::new();
            for &(index, lit) in &this.line_lits {
                if this.solver.lit_val(lit).map_err(solver_error)? == TernaryVal::True {
                    set.push(this.space.lines[index].red_line);
                    block.add(!lit);
                }
            }
            set.sort_unstable();
            Ok((set, block))
        })?;
        let more_concessions = concessions.len() > limit;
        concessions.truncate(limit);
        concessions.sort();
        Ok(Closest {
            pareto,
            fewest,
            fewest_packages,
            concessions,
            more_concessions,
            complete: true,
        })
    }
}
