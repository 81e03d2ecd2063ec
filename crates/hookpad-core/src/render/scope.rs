//! The contexts a render walks through: one frame per block that changes `this`, each with its
//! data variables (`@index`, `@key`, `@first`, `@last`), its block parameters and (preview) the
//! frames handlebars.js's `../` steps name (see [`super::helpers::depths`]).
//!
//! Values are borrowed from the render's data ([`Val::Data`]: the same place in the data is the
//! same value, as JavaScript compares objects); a value a helper made is shared
//! ([`Val::Made`]).

use std::ops::Deref;
use std::rc::Rc;

use serde_json::Value as Json;

/// A value a template reads.
#[derive(Clone, Debug)]
pub enum Val<'a> {
    /// A place in the render's data.
    Data(&'a Json),
    /// A value made while rendering (a helper's result, a literal).
    Made(Rc<Json>),
}

impl Deref for Val<'_> {
    type Target = Json;

    fn deref(&self) -> &Json {
        match self {
            Val::Data(v) => v,
            Val::Made(v) => v,
        }
    }
}

impl<'a> Val<'a> {
    #[must_use]
    pub fn made(v: Json) -> Self {
        Val::Made(Rc::new(v))
    }

    /// The value at `name` inside this one: an object's key or an array's index.
    #[must_use]
    pub fn child(&self, name: &str) -> Option<Val<'a>> {
        match self {
            Val::Data(v) => child(v, name).map(Val::Data),
            Val::Made(v) => child(v, name).map(|c| Val::made(c.clone())),
        }
    }

    /// The value at `parts` inside this one.
    #[must_use]
    pub fn at(&self, parts: &[String]) -> Option<Val<'a>> {
        match self {
            Val::Data(v) => {
                let mut v: &'a Json = v;
                for part in parts {
                    v = child(v, part)?;
                }
                Some(Val::Data(v))
            }
            Val::Made(root) => {
                let mut v: &Json = root;
                for part in parts {
                    v = child(v, part)?;
                }
                Some(if parts.is_empty() {
                    self.clone()
                } else {
                    Val::made(v.clone())
                })
            }
        }
    }
}

/// Objects with at most this many keys are searched in order: comparing a few keys (most differ
/// in length) costs less than hashing the name.
const SEARCHED_IN_ORDER: usize = 16;

/// An object's key or an array's index (a name on an array is nothing).
#[must_use]
pub fn child<'v>(v: &'v Json, name: &str) -> Option<&'v Json> {
    match v {
        Json::Object(map) if map.len() <= SEARCHED_IN_ORDER => {
            map.iter().find_map(|(k, v)| (k == name).then_some(v))
        }
        Json::Object(map) => map.get(name),
        Json::Array(items) => name.parse::<usize>().ok().and_then(|i| items.get(i)),
        _ => None,
    }
}

/// `@index`, `@key`, `@first`, `@last` of an `#each` item.
#[derive(Clone, Debug, Default)]
pub struct DataVars {
    pub index: Option<Json>,
    pub key: Option<Json>,
    pub first: Option<Json>,
    pub last: Option<Json>,
}

impl DataVars {
    fn get(&self, name: &str) -> Option<&Json> {
        match name {
            "index" => self.index.as_ref(),
            "key" => self.key.as_ref(),
            "first" => self.first.as_ref(),
            "last" => self.last.as_ref(),
            _ => None,
        }
    }
}

/// One context.
#[derive(Clone, Debug)]
pub struct Frame<'a> {
    pub this: Val<'a>,
    pub vars: Rc<DataVars>,
    /// Block parameters declared by the block that pushed this frame.
    pub params: Vec<(&'a str, Val<'a>)>,
    /// Preview: the frame distances (0 = this frame) of handlebars.js's `depths[0]`,
    /// `depths[1]`, … as seen from this frame.
    pub levels: Rc<Vec<usize>>,
}

impl<'a> Frame<'a> {
    #[must_use]
    pub fn new(this: Val<'a>) -> Self {
        Self {
            this,
            vars: Rc::default(),
            params: Vec::new(),
            levels: Rc::new(vec![0]),
        }
    }
}

/// A path as the scope reads it: `parents` frames up, then `parts`.
#[derive(Clone, Copy, Debug)]
pub struct Lookup<'p> {
    pub parents: usize,
    /// `@name`: a data variable (`@root…` reads from the data's root).
    pub data: bool,
    /// Written with `this` or `.`: never a block parameter.
    pub explicit_this: bool,
    pub parts: &'p [String],
}

/// The frames of a render, the innermost last.
pub struct Scope<'a> {
    pub root: &'a Json,
    pub frames: Vec<Frame<'a>>,
}

impl<'a> Scope<'a> {
    #[must_use]
    pub fn new(root: &'a Json) -> Self {
        Self {
            root,
            frames: vec![Frame::new(Val::Data(root))],
        }
    }

    /// The innermost frame.
    #[must_use]
    pub fn top(&self) -> &Frame<'a> {
        // The root frame is never popped: `frames` is never empty.
        &self.frames[self.frames.len() - 1]
    }

    /// The frame `level` frames up, or the innermost when there are not that many (a climb past
    /// the root reads the current context, as the engine this replaces did).
    #[must_use]
    pub fn frame(&self, level: usize) -> &Frame<'a> {
        self.frames
            .len()
            .checked_sub(level + 1)
            .map_or_else(|| self.top(), |i| &self.frames[i])
    }

    /// `this`, `level` frames up.
    #[must_use]
    pub fn this(&self, level: usize) -> Val<'a> {
        self.frame(level).this.clone()
    }

    /// Resolves a path: a data variable, a block parameter (declared by any enclosing block),
    /// or a name in the context `parents` frames up.
    #[must_use]
    pub fn get(&self, path: Lookup<'_>) -> Option<Val<'a>> {
        if path.data {
            let (first, rest) = path.parts.split_first()?;
            if first == "root" {
                return Val::Data(self.root).at(rest);
            }
            let frame = self.frames.len().checked_sub(path.parents + 1)?;
            let v = self.frames[frame].vars.get(first)?.clone();
            return Some(Val::made(v));
        }
        if !path.explicit_this {
            if let Some((first, rest)) = path.parts.split_first() {
                if let Some(v) = self.block_param(first) {
                    return v.at(rest);
                }
            }
        }
        self.frame(path.parents).this.at(path.parts)
    }

    fn block_param(&self, name: &str) -> Option<&Val<'a>> {
        self.frames
            .iter()
            .rev()
            .find_map(|f| f.params.iter().find_map(|(n, v)| (*n == name).then_some(v)))
    }

    pub fn push(&mut self, frame: Frame<'a>) {
        self.frames.push(frame);
    }

    pub fn pop(&mut self) {
        if self.frames.len() > 1 {
            self.frames.pop();
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn names(parts: &[&str]) -> Vec<String> {
        parts.iter().map(|p| (*p).to_owned()).collect()
    }

    fn at(parents: usize, parts: &[String]) -> Lookup<'_> {
        Lookup {
            parents,
            data: false,
            explicit_this: false,
            parts,
        }
    }

    #[test]
    fn keys_are_found_in_small_and_large_objects() {
        for size in [0, 1, SEARCHED_IN_ORDER, SEARCHED_IN_ORDER + 1, 100] {
            let object: serde_json::Map<String, Json> =
                (0..size).map(|i| (format!("k{i}"), json!(i))).collect();
            let v = Json::Object(object);
            for i in 0..size {
                assert_eq!(child(&v, &format!("k{i}")), Some(&json!(i)), "{size} keys");
            }
            assert_eq!(child(&v, "k"), None);
            assert_eq!(child(&v, &format!("k{size}")), None);
        }
    }

    #[test]
    fn values_are_borrowed_from_the_data() {
        let data = json!({"a": {"b": [10, 20]}});
        let scope = Scope::new(&data);
        let path = names(&["a", "b", "1"]);
        let Some(Val::Data(found)) = scope.get(at(0, &path)) else {
            panic!("not borrowed")
        };
        assert!(std::ptr::eq(found, &data["a"]["b"][1]));
        assert!(scope.get(at(0, &names(&["a", "x"]))).is_none());
        // A name on an array is nothing.
        assert!(scope.get(at(0, &names(&["a", "b", "length"]))).is_none());
    }

    #[test]
    fn parents_data_variables_and_block_parameters() {
        let data = json!({"k": "root", "list": [{"k": "item"}]});
        let mut scope = Scope::new(&data);
        let mut frame = Frame::new(Val::Data(&data["list"][0]));
        frame.vars = Rc::new(DataVars {
            index: Some(json!(0)),
            ..DataVars::default()
        });
        frame.params.push(("item", Val::Data(&data["list"][0])));
        scope.push(frame);
        let k = names(&["k"]);
        assert_eq!(*scope.get(at(0, &k)).unwrap(), json!("item"));
        assert_eq!(*scope.get(at(1, &k)).unwrap(), json!("root"));
        // Past the root: the current context.
        assert_eq!(*scope.get(at(5, &k)).unwrap(), json!("item"));
        let index = names(&["index"]);
        let data_var = Lookup {
            data: true,
            ..at(0, &index)
        };
        assert_eq!(*scope.get(data_var).unwrap(), json!(0));
        let root = names(&["root", "k"]);
        let root_var = Lookup {
            data: true,
            ..at(0, &root)
        };
        assert_eq!(*scope.get(root_var).unwrap(), json!("root"));
        let param = names(&["item", "k"]);
        assert_eq!(*scope.get(at(0, &param)).unwrap(), json!("item"));
        let explicit = Lookup {
            explicit_this: true,
            ..at(0, &param)
        };
        assert!(scope.get(explicit).is_none());
        scope.pop();
        scope.pop();
        assert_eq!(scope.frames.len(), 1, "the root frame stays");
    }
}
