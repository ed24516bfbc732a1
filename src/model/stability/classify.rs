//! Every state at once: for each party and concept, whether each state is stable, from one
//! walk per party of the graph of the others' move sequences (not a search per state), the
//! parties side by side on the machine's cores.

use super::*;

/// `f` of each of `0..count`, spread over the machine's cores (one at a time in a browser,
/// which has no threads here), in order.
fn on_each_core<T: Send>(count: usize, f: impl Fn(usize) -> T + Sync) -> Vec<T> {
    #[cfg(not(target_arch = "wasm32"))]
    {
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
        if cores > 1 && count > 1 {
            let next = std::sync::atomic::AtomicUsize::new(0);
            let mut done: Vec<(usize, T)> = std::thread::scope(|scope| {
                let workers: Vec<_> = (0..cores.min(count))
                    .map(|_| {
                        scope.spawn(|| {
                            let mut mine = Vec::new();
                            loop {
                                let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                                if i >= count {
                                    return mine;
                                }
                                mine.push((i, f(i)));
                            }
                        })
                    })
                    .collect();
                workers
                    .into_iter()
                    .flat_map(|w| w.join().expect("a stability worker does not panic"))
                    .collect()
            });
            done.sort_by_key(|(i, _)| *i);
            return done.into_iter().map(|(_, t)| t).collect();
        }
    }
    (0..count).map(f).collect()
}

impl Conflict {
    /// Per concept (in the order given), per party, per state: whether the state is stable.
    /// Each party's check needs, for each improvement, the least it could be left with by the
    /// others' answers: one pass over the graph of their sequences per party and concept
    /// ([`Conflict::least_reached`]), not a search per state.
    pub fn classify(&self, concepts: &[Concept]) -> Vec<Vec<Vec<bool>>> {
        self.classify_within(concepts, &Control::default())
            .unwrap_or_default()
    }

    /// [`Conflict::classify`], stopped by `control`, which hears of progress: one pass per
    /// concept and party, each over every state. Parties are judged side by side, one per
    /// core.
    pub fn classify_within(
        &self,
        concepts: &[Concept],
        control: &Control,
    ) -> Result<Vec<Vec<Vec<bool>>>, StabilityError> {
        control.set_stage(Stage::Judging);
        let per_party = on_each_core(self.parties.len(), |party| {
            self.classify_party_under(party, concepts, control)
        });
        let mut per_concept = vec![Vec::with_capacity(self.parties.len()); concepts.len()];
        for verdicts in per_party {
            for (concept, stable) in per_concept.iter_mut().zip(verdicts?) {
                concept.push(stable);
            }
        }
        Ok(per_concept)
    }

    /// Per state: whether it is stable for `party` under `concept`.
    pub fn classify_party(&self, party: usize, concept: Concept) -> Vec<bool> {
        self.classify_party_within(party, concept, &Control::default())
            .unwrap_or_default()
    }

    /// [`Conflict::classify_party`], stopped by `control`.
    pub fn classify_party_within(
        &self,
        party: usize,
        concept: Concept,
        control: &Control,
    ) -> Result<Vec<bool>, StabilityError> {
        Ok(self
            .classify_party_under(party, &[concept], control)?
            .remove(0))
    }

    /// Per concept of `concepts`, per state: whether it is stable for `party`. GMR and SMR ask
    /// the same graph of the others' moves (any moves), so one pass answers both.
    fn classify_party_under(
        &self,
        party: usize,
        concepts: &[Concept],
        control: &Control,
    ) -> Result<Vec<Vec<bool>>, StabilityError> {
        let payoff = &self.payoff[party];
        let asks = |c: Concept| concepts.contains(&c);
        // The best the party can make of a state: staying, or its best move from it.
        let best: Vec<i64> = if asks(Concept::Smr) {
            (0..self.states())
                .map(|s2| {
                    self.moves[party]
                        .from(s2)
                        .map(|s3| payoff[s3])
                        .fold(payoff[s2], i64::max)
                })
                .collect()
        } else {
            Vec::new()
        };
        let mut any_moves: Vec<&[i64]> = Vec::new();
        if asks(Concept::Gmr) {
            any_moves.push(payoff);
        }
        if asks(Concept::Smr) {
            any_moves.push(&best);
        }
        let mut least_any = if any_moves.is_empty() {
            Vec::new()
        } else {
            self.least_reached_within(party, false, &any_moves, control)?
        };
        let least_smr = if asks(Concept::Smr) {
            least_any.pop().unwrap_or_default()
        } else {
            Vec::new()
        };
        let least_gmr = least_any.pop().unwrap_or_default();
        let least_seq = if asks(Concept::Seq) {
            self.least_reached_within(party, true, &[payoff], control)?
                .remove(0)
        } else {
            Vec::new()
        };
        Ok(concepts
            .iter()
            .map(|&concept| {
                let least = match concept {
                    Concept::Nash => &least_gmr,
                    Concept::Gmr => &least_gmr,
                    Concept::Smr => &least_smr,
                    Concept::Seq => &least_seq,
                };
                let stable = (0..self.states())
                    .map(|s| {
                        self.moves[party]
                            .from(s)
                            .filter(|&s1| payoff[s1] > payoff[s])
                            .all(|s1| {
                                concept != Concept::Nash
                                    && least[s1].is_some_and(|l| l <= payoff[s])
                            })
                    })
                    .collect();
                control.progressed(self.states() as u64);
                stable
            })
            .collect())
    }

    /// Per state `s1`: the least `value` of the states the parties other than `party` reach
    /// from it by legal sequences (improvements only, with `improving`); `None` where they
    /// cannot move. The sequences form a graph over (state, last mover); its strongly
    /// connected components (Tarjan's algorithm) come out sinks first, so each component's
    /// least is known once those it leads to are.
    pub fn least_reached(&self, party: usize, improving: bool, value: &[i64]) -> Vec<Option<i64>> {
        self.least_reached_within(party, improving, &[value], &Control::default())
            .map(|mut least| least.remove(0))
            .unwrap_or_default()
    }

    /// [`Conflict::least_reached`] of each of `values` (one walk of the graph for them all),
    /// stopped by `control`.
    fn least_reached_within(
        &self,
        party: usize,
        improving: bool,
        values: &[&[i64]],
        control: &Control,
    ) -> Result<Vec<Vec<Option<i64>>>, StabilityError> {
        let width = values.len();
        const NONE: u32 = u32::MAX;
        let n = self.parties.len();
        let states = self.states();
        // Node (state, mover) = state * n + mover: the state, reached by that mover's move.
        // The successors of node (at, last), walked from (mover, k): the k-th move of that
        // mover.
        let next_successor =
            |at: usize, last: usize, mover: &mut usize, k: &mut usize| -> Option<usize> {
                while *mover < n {
                    if *mover != party && *mover != last {
                        let moves = self.moves[*mover].slice(at);
                        while let Some(&to) = moves.get(*k) {
                            *k += 1;
                            let to = to as usize;
                            if !improving || self.payoff[*mover][to] > self.payoff[*mover][at] {
                                return Some(to * n + *mover);
                            }
                        }
                    }
                    *mover += 1;
                    *k = 0;
                }
                None
            };
        let nodes = states * n;
        // Per node, Tarjan's index and low link and its component, side by side: the walk
        // jumps about the graph, and one cache line then serves all three.
        const INDEX: usize = 0;
        const LOW: usize = 1;
        const COMPONENT: usize = 2;
        // A node is on Tarjan's stack while it has an index and no component yet.
        let mut node = vec![[NONE, 0, NONE]; nodes];
        let mut least_of: Vec<i64> = Vec::new();
        let mut stack: Vec<u32> = Vec::new();
        let mut members: Vec<u32> = Vec::new();
        let mut next = 0u32;
        let mut steps = 0u64;
        // Roots: the states the others reach in one move, from any state.
        for root in (0..nodes).filter(|&v| v % n != party) {
            if node[root][INDEX] != NONE {
                continue;
            }
            // Frames of the depth-first walk: (node, its state, its last mover, mover, k).
            let mut call: Vec<(usize, usize, usize, usize, usize)> =
                vec![(root, root / n, root % n, 0, 0)];
            node[root][INDEX] = next;
            node[root][LOW] = next;
            next += 1;
            stack.push(root as u32);
            while let Some((v, at, last, mover, k)) = call.last_mut() {
                steps += 1;
                if steps.is_multiple_of(CHECK_EVERY) && control.is_cancelled() {
                    return Err(StabilityError::Cancelled);
                }
                let v = *v;
                if let Some(w) = next_successor(*at, *last, mover, k) {
                    if node[w][INDEX] == NONE {
                        node[w][INDEX] = next;
                        node[w][LOW] = next;
                        next += 1;
                        stack.push(w as u32);
                        call.push((w, w / n, w % n, 0, 0));
                    } else if node[w][COMPONENT] == NONE {
                        node[v][LOW] = node[v][LOW].min(node[w][INDEX]);
                    }
                    continue;
                }
                call.pop();
                if let Some(&(parent, ..)) = call.last() {
                    node[parent][LOW] = node[parent][LOW].min(node[v][LOW]);
                }
                if node[v][LOW] == node[v][INDEX] {
                    let c = (least_of.len() / width) as u32;
                    members.clear();
                    loop {
                        let w = stack.pop().expect("v is on the stack") as usize;
                        node[w][COMPONENT] = c;
                        members.push(w as u32);
                        if w == v {
                            break;
                        }
                    }
                    // Every component these lead to is finished: it came out first.
                    let mut least = vec![i64::MAX; width];
                    for &w in &members {
                        let w = w as usize;
                        for (least, value) in least.iter_mut().zip(values) {
                            *least = (*least).min(value[w / n]);
                        }
                        let (mut mover, mut k) = (0, 0);
                        while let Some(x) = next_successor(w / n, w % n, &mut mover, &mut k) {
                            let known = node[x][COMPONENT];
                            if known != c {
                                let known = known as usize * width;
                                for (j, least) in least.iter_mut().enumerate() {
                                    *least = (*least).min(least_of[known + j]);
                                }
                            }
                        }
                    }
                    least_of.extend(least);
                }
            }
        }
        Ok((0..width)
            .map(|j| {
                (0..states)
                    .map(|s1| {
                        (0..n)
                            .filter(|&m| m != party)
                            .flat_map(|m| self.moves[m].from(s1).map(move |to| (m, to)))
                            .filter(|&(m, to)| {
                                !improving || self.payoff[m][to] > self.payoff[m][s1]
                            })
                            .map(|(m, to)| {
                                least_of[node[to * n + m][COMPONENT] as usize * width + j]
                            })
                            .min()
                    })
                    .collect()
            })
            .collect())
    }
}
