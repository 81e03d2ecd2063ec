//! Compiled templates kept by text: a page re-simulates on every keystroke, and most templates
//! have not changed since the last one. A simulation wants each template in both dialects, so
//! [`compile_both_cached`] parses the text once and builds both from that one tree; the npm
//! package's `render()` wants one dialect, and [`compile_cached`] builds only that one.

use std::cell::RefCell;
use std::collections::{HashMap, VecDeque};
use std::rc::Rc;

use super::{build, compile, syntax, syntax_fault, Compiled, Dialect, RenderFault};

/// A template compiled for each dialect, in the order of [`Dialect::ALL`].
pub type BothDialects = [Rc<Result<Compiled, RenderFault>>; 2];

/// What the cache keeps for one template text.
#[derive(Default)]
struct Entry {
    /// The compiled form for each dialect ([`Dialect::index`]), once built.
    compiled: [Option<Rc<Result<Compiled, RenderFault>>>; 2],
    /// The syntax tree as written (before either dialect's whitespace pass), kept when a caller
    /// asked for it and the template compiles in both dialects.
    tree: Option<Rc<syntax::Program>>,
}

impl Entry {
    /// What the entry counts against [`CACHE_BYTES`]: the text's length once for each compiled
    /// form and once for a kept tree, since each of those is about as large as the text.
    fn bytes(&self, source_len: usize) -> usize {
        let parts =
            self.compiled.iter().filter(|c| c.is_some()).count() + usize::from(self.tree.is_some());
        source_len * parts
    }
}

/// Compiled templates by text, bounded by [`CACHE_BYTES`]; the oldest texts go first.
struct Cache {
    /// Found by `&str`, with no copy of the source on a hit.
    entries: HashMap<String, Entry>,
    /// Every key of `entries`, once each, oldest first.
    order: VecDeque<String>,
    /// The sum of the entries' [`Entry::bytes`].
    bytes: usize,
}

/// The most the cache counts (see [`Entry::bytes`]).
const CACHE_BYTES: usize = 4 * 1024 * 1024;

thread_local! {
    static CACHE: RefCell<Cache> = RefCell::new(Cache {
        entries: HashMap::new(),
        order: VecDeque::new(),
        bytes: 0,
    });
}

impl Cache {
    /// Adds what is `Some` in `compiled` and `tree` to the entry for `source`, making room by
    /// dropping the oldest other texts. An entry that alone would exceed the bound is not kept.
    fn store(
        &mut self,
        source: &str,
        compiled: [Option<Rc<Result<Compiled, RenderFault>>>; 2],
        tree: Option<Rc<syntax::Program>>,
    ) {
        let existing = self.entries.get(source);
        let old_bytes = existing.map_or(0, |e| e.bytes(source.len()));
        let mut entry = Entry {
            compiled: existing.map(|e| e.compiled.clone()).unwrap_or_default(),
            tree: existing.and_then(|e| e.tree.clone()),
        };
        for (slot, new) in entry.compiled.iter_mut().zip(compiled) {
            if new.is_some() {
                *slot = new;
            }
        }
        if tree.is_some() {
            entry.tree = tree;
        }
        let new_bytes = entry.bytes(source.len());
        if new_bytes > CACHE_BYTES {
            return;
        }
        let is_new = existing.is_none();
        // Drop other texts, oldest first; `source`'s own place in the queue moves to the back.
        // This ends: each turn drops an entry or meets `source` (which is then behind the
        // others), and with `source` alone the total is `new_bytes`, within the bound.
        while self.bytes - old_bytes + new_bytes > CACHE_BYTES {
            let Some(oldest) = self.order.pop_front() else {
                break;
            };
            if oldest == source {
                self.order.push_back(oldest);
                continue;
            }
            if let Some(dropped) = self.entries.remove(&oldest) {
                self.bytes -= dropped.bytes(oldest.len());
            }
        }
        self.bytes = self.bytes - old_bytes + new_bytes;
        if is_new {
            self.order.push_back(source.to_owned());
        }
        match self.entries.get_mut(source) {
            Some(kept) => *kept = entry,
            None => {
                self.entries.insert(source.to_owned(), entry);
            }
        }
    }
}

/// [`compile`](super::compile), remembering the result for the same text and dialect. Builds
/// only `dialect`.
#[must_use]
pub fn compile_cached(source: &str, dialect: Dialect) -> Rc<Result<Compiled, RenderFault>> {
    let slot = dialect.index();
    let hit = CACHE.with(|c| {
        c.borrow()
            .entries
            .get(source)
            .and_then(|e| e.compiled[slot].clone())
    });
    if let Some(hit) = hit {
        return hit;
    }
    let compiled = Rc::new(compile(source, dialect));
    let mut slots = [None, None];
    slots[slot] = Some(Rc::clone(&compiled));
    CACHE.with(|c| c.borrow_mut().store(source, slots, None));
    compiled
}

/// `source` compiled for both dialects from one parse, remembered like [`compile_cached`] (which
/// finds either dialect afterwards).
#[must_use]
pub fn compile_both_cached(source: &str) -> BothDialects {
    compile_both(source, false).0
}

/// Why `source` does not compile, and in which dialect (preview first), if it does not compile
/// in one of them; remembered like [`compile_both_cached`].
#[must_use]
pub fn first_compile_fault(source: &str) -> Option<(RenderFault, Dialect)> {
    let compiled = compile_both_cached(source);
    Dialect::ALL.into_iter().find_map(|d| {
        compiled[d.index()]
            .as_ref()
            .as_ref()
            .err()
            .map(|f| (f.clone(), d))
    })
}

/// [`compile_both_cached`], and the syntax tree as written (before either dialect's whitespace
/// pass) when the template compiles in both dialects — for the manifest checks that read what a
/// template uses. The tree is remembered too.
#[must_use]
pub fn compile_both_cached_with_tree(source: &str) -> (BothDialects, Option<Rc<syntax::Program>>) {
    compile_both(source, true)
}

fn compile_both(source: &str, keep_tree: bool) -> (BothDialects, Option<Rc<syntax::Program>>) {
    let (known, known_tree) = CACHE.with(|c| {
        c.borrow()
            .entries
            .get(source)
            .map(|e| (e.compiled.clone(), e.tree.clone()))
            .unwrap_or_default()
    });
    if let [Some(preview), Some(production)] = &known {
        let both_compile = preview.is_ok() && production.is_ok();
        if !keep_tree || !both_compile || known_tree.is_some() {
            let tree = known_tree.filter(|_| keep_tree);
            return ([Rc::clone(preview), Rc::clone(production)], tree);
        }
    }
    let mut parsed = syntax::parse(source).map_err(syntax_fault);
    // Each dialect's whitespace pass changes the tree, so each gets its own copy; the last one
    // built takes the parsed tree itself unless the tree is to be kept.
    let mut to_build = known.iter().filter(|k| k.is_none()).count();
    let both: BothDialects = Dialect::ALL.map(|dialect| {
        if let Some(known) = &known[dialect.index()] {
            return Rc::clone(known);
        }
        to_build -= 1;
        let take = to_build == 0 && !keep_tree;
        Rc::new(match &mut parsed {
            Ok(program) if take => build(std::mem::take(program), dialect, |_| {}),
            Ok(program) => build(program.clone(), dialect, |_| {}),
            Err(fault) => Err(fault.clone()),
        })
    });
    let tree = match parsed {
        Ok(program) if keep_tree && both.iter().all(|c| c.is_ok()) => Some(Rc::new(program)),
        _ => None,
    };
    CACHE.with(|c| {
        c.borrow_mut()
            .store(source, both.clone().map(Some), tree.clone());
    });
    (both, tree)
}

/// Forgets every cached template (for benchmarks that measure compilation, and to free memory).
pub fn clear_cache() {
    CACHE.with(|c| {
        let mut cache = c.borrow_mut();
        cache.entries.clear();
        cache.order.clear();
        cache.bytes = 0;
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::RenderData;

    /// The cache's total, checked against its entries.
    fn counted_bytes() -> usize {
        CACHE.with(|c| {
            let cache = c.borrow();
            let sum: usize = cache.entries.iter().map(|(k, e)| e.bytes(k.len())).sum();
            assert_eq!(cache.bytes, sum);
            assert_eq!(cache.order.len(), cache.entries.len());
            sum
        })
    }

    fn cached(source: &str) -> bool {
        CACHE.with(|c| c.borrow().entries.contains_key(source))
    }

    #[test]
    fn both_dialects_come_from_one_parse_and_each_dialect_hits_afterwards() {
        clear_cache();
        let source = "{{#if a}}\n  {{~b}} {{/if}}";
        syntax::take_parse_counts();
        let both = compile_both_cached(source);
        for d in Dialect::ALL {
            assert!(Rc::ptr_eq(&both[d.index()], &compile_cached(source, d)));
        }
        let (again, tree) = compile_both_cached_with_tree(source);
        assert!(Rc::ptr_eq(&again[0], &both[0]) && Rc::ptr_eq(&again[1], &both[1]));
        assert!(tree.is_some());
        let (_, kept) = compile_both_cached_with_tree(source);
        assert!(kept.is_some_and(|k| tree.is_some_and(|t| Rc::ptr_eq(&k, &t))));
        // Once for the compiled forms, once more for the tree nobody had asked for before.
        assert_eq!(syntax::take_parse_counts().get(source), Some(&2));
        assert_eq!(counted_bytes(), 3 * source.len());
        // Each dialect is what the uncached compile gives (whitespace control differs).
        let data = RenderData::new(serde_json::json!({"a": true, "b": "x"}));
        for d in Dialect::ALL {
            let cached = both[d.index()]
                .as_ref()
                .as_ref()
                .map(|c| c.render_with(&data, d));
            let fresh = super::compile(source, d).map(|c| c.render_with(&data, d));
            assert_eq!(cached.ok(), fresh.ok(), "{}", d.name());
        }
    }

    #[test]
    fn a_template_that_does_not_compile_has_no_tree_and_is_not_parsed_again() {
        clear_cache();
        let source = "{{#if a}}never closed";
        syntax::take_parse_counts();
        let (both, tree) = compile_both_cached_with_tree(source);
        assert!(both.iter().all(|c| c.is_err()) && tree.is_none());
        let (_, tree) = compile_both_cached_with_tree(source);
        assert!(tree.is_none());
        assert_eq!(syntax::take_parse_counts().get(source), Some(&1));
        assert_eq!(counted_bytes(), 2 * source.len());
    }

    #[test]
    fn the_bound_counts_each_compiled_form_and_drops_the_oldest_other_texts() {
        clear_cache();
        let quarter = CACHE_BYTES / 4;
        let [a, b, c, d] = ['a', 'b', 'c', 'd'].map(|ch| ch.to_string().repeat(quarter));
        let _ = compile_cached(&a, Dialect::Preview);
        let _ = compile_both_cached(&b);
        let _ = compile_cached(&c, Dialect::Preview);
        assert_eq!(counted_bytes(), CACHE_BYTES);
        // The oldest text is the one that grows: the next oldest goes.
        let _ = compile_cached(&a, Dialect::Production);
        assert!(cached(&a) && !cached(&b) && cached(&c));
        assert_eq!(counted_bytes(), 3 * quarter);
        // A new text with both forms drops the oldest.
        let _ = compile_both_cached(&d);
        assert!(cached(&a) && !cached(&c) && cached(&d));
        assert_eq!(counted_bytes(), CACHE_BYTES);
        clear_cache();
        assert_eq!(counted_bytes(), 0);
    }
}
