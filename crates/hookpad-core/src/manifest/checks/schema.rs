//! The schema rules: the manifest against [`crate::manifest::schema`], value by value — types,
//! required fields, refused fields, allowed values, lengths, item counts and patterns. Each finding
//! is an `error`: LaunchDarkly's gate validates the same schema and would reject the manifest.

use std::fmt::Write as _;

use super::{type_name, Ctx};
use crate::diagnostic::Severity;
use crate::json_span::{push_member, Kind, Spanned};
use crate::manifest::schema::{self, Array, Object, Schema, Str};
use crate::suggest::did_you_mean;

/// Arrays whose items another check reads with its own codes (the policy parser).
const DELEGATED_ITEMS: &[&str] = &["/capabilities/auditLogEventsHook/defaultPolicy"];

pub fn check(root: &Spanned, ctx: &mut Ctx<'_>) {
    value(ctx, schema::MANIFEST, root, &mut String::new());
}

/// How messages name the value at `pointer`.
pub(crate) fn describe(pointer: &str) -> String {
    Named(pointer).to_string()
}

/// [`describe`], written out only when a message is made (most values have none).
struct Named<'a>(&'a str);

impl std::fmt::Display for Named<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mut tokens = self.0.rsplit('/');
        match (tokens.next(), tokens.next()) {
            (None | Some(""), _) => f.write_str("the manifest"),
            (Some(last), Some(parent)) if last.bytes().all(|b| b.is_ascii_digit()) => {
                write!(f, "item {last} of `{parent}`")
            }
            (Some(last), _) => write!(f, "`{}`", last.replace("~1", "/").replace("~0", "~")),
        }
    }
}

/// Checks `v` against `schema`. `pointer` is where `v` is; each member and item appends its own
/// token to it while it is checked and takes it off after (one buffer for the whole walk).
fn value(ctx: &mut Ctx<'_>, schema: Schema, v: &Spanned, pointer: &mut String) {
    match schema {
        Schema::Object(o) => object(ctx, o, v, pointer),
        Schema::Array(a) => array(ctx, a, v, pointer),
        Schema::String(s) => string(ctx, s, v, pointer),
        Schema::Boolean => {
            if !matches!(v.kind, Kind::Bool(_)) {
                wrong_type(ctx, v, pointer, "a boolean (true or false)");
            }
        }
        Schema::BooleanOrString => {
            if !matches!(v.kind, Kind::Bool(_) | Kind::String(_)) {
                wrong_type(ctx, v, pointer, "a string or a boolean");
            }
        }
    }
}

fn wrong_type(ctx: &mut Ctx<'_>, v: &Spanned, pointer: &str, want: &str) {
    ctx.error(
        "manifest/wrong-type",
        v,
        pointer,
        format!("{} must be {want}, not {}", describe(pointer), type_name(v)),
        format!("write {} as {want}", describe(pointer)),
    );
}

fn object(ctx: &mut Ctx<'_>, o: &Object, v: &Spanned, pointer: &mut String) {
    let Kind::Object(members) = &v.kind else {
        if o.typed {
            wrong_type(ctx, v, pointer, "an object");
        }
        return;
    };
    let listed =
        |name: &str| o.fields.iter().any(|f| f.name == name) || o.also_allowed.contains(&name);
    // An unknown member that looks like a typo of a missing required one is reported once, as
    // the unknown member (with the fix), not again as a missing field.
    let typo_of = |name: &str| {
        o.closed
            && members
                .iter()
                .any(|m| !listed(&m.key) && did_you_mean(&m.key, std::iter::once(name)).is_some())
    };
    for &name in o.required {
        if v.get(name).is_none() && !typo_of(name) {
            ctx.push(
                "manifest/missing-field",
                Severity::Error,
                // The object's opening brace: where the field belongs.
                v.opening(),
                pointer,
                format!(
                    "{} is missing the required field `{name}`",
                    describe(pointer)
                ),
                format!("add `\"{name}\"`"),
            );
        }
    }
    for m in members {
        let parent = pointer.len();
        push_member(pointer, &m.key);
        if let Some(f) = o.fields.iter().find(|f| f.name == m.key) {
            value(ctx, f.schema, &m.value, pointer);
        } else if o.also_allowed.contains(&m.key.as_str()) {
        } else if let Some(extra) = o.additional {
            value(ctx, extra, &m.value, pointer);
        } else if o.closed {
            let names = o
                .fields
                .iter()
                .map(|f| f.name)
                .chain(o.also_allowed.iter().copied());
            let near = did_you_mean(&m.key, names.clone());
            ctx.push(
                o.unknown_code,
                Severity::Error,
                m.key_range,
                pointer,
                format!(
                    "{} has an unknown field `{}`",
                    describe(&pointer[..parent]),
                    m.key
                ),
                near.map_or_else(
                    || {
                        format!(
                            "allowed fields: {}",
                            names
                                .map(|n| format!("`{n}`"))
                                .collect::<Vec<_>>()
                                .join(", ")
                        )
                    },
                    |n| format!("did you mean `{n}`?"),
                ),
            );
        }
        pointer.truncate(parent);
    }
}

/// Whether two JSON values are equal (ranges aside).
fn same(a: &Spanned, b: &Spanned) -> bool {
    match (&a.kind, &b.kind) {
        (Kind::Array(x), Kind::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(p, q)| same(p, q))
        }
        (Kind::Object(x), Kind::Object(y)) => {
            x.len() == y.len()
                && x.iter()
                    .all(|m| y.iter().any(|n| n.key == m.key && same(&m.value, &n.value)))
        }
        // Numbers keep no value here; no array the schema wants unique holds numbers.
        (Kind::Number, Kind::Number) => false,
        (x, y) => x == y,
    }
}

fn array(ctx: &mut Ctx<'_>, a: &Array, v: &Spanned, pointer: &mut String) {
    let Some(items) = v.as_array() else {
        wrong_type(ctx, v, pointer, "an array");
        return;
    };
    let what = Named(pointer);
    if items.len() < a.min_items {
        let message = if items.is_empty() {
            format!("{what} is empty")
        } else {
            format!("{what} needs at least {} items", a.min_items)
        };
        ctx.error(
            a.few_code.unwrap_or("manifest/too-few-items"),
            v,
            pointer,
            message,
            format!("give {what} at least {} item(s)", a.min_items),
        );
    }
    if let Some(max) = a.max_items.filter(|m| items.len() > *m) {
        ctx.error(
            "manifest/too-many-items",
            v,
            pointer,
            format!(
                "{what} has {} items; at most {max} are allowed",
                items.len()
            ),
            format!("keep at most {max}"),
        );
    }
    if a.unique {
        for (i, item) in items.iter().enumerate() {
            if items[..i].iter().any(|earlier| same(earlier, item)) {
                ctx.error(
                    "manifest/duplicate-item",
                    item,
                    &format!("{pointer}/{i}"),
                    format!("{what} lists this value twice"),
                    "remove the repeated value",
                );
            }
        }
    }
    if DELEGATED_ITEMS.contains(&pointer.as_str()) {
        return;
    }
    let parent = pointer.len();
    for (i, item) in items.iter().enumerate() {
        let _ = write!(pointer, "/{i}");
        value(ctx, a.items, item, pointer);
        pointer.truncate(parent);
    }
}

fn string(ctx: &mut Ctx<'_>, s: &Str, v: &Spanned, pointer: &str) {
    let Some(text) = v.as_str() else {
        wrong_type(ctx, v, pointer, "a string");
        return;
    };
    let what = Named(pointer);
    if !s.values.is_empty() && !s.values.contains(&text) {
        let near = did_you_mean(text, s.values.iter().copied());
        let hint = match near {
            Some(n) if n.eq_ignore_ascii_case(text) => {
                format!("write it as \"{n}\" (the case matters)")
            }
            Some(n) => format!("did you mean \"{n}\"?"),
            None => format!("use one of {}", quoted(s.values)),
        };
        ctx.error(
            s.value_code,
            v,
            pointer,
            format!(
                "{what} is \"{text}\", which is not one of {}",
                quoted(s.values)
            ),
            hint,
        );
        return;
    }
    // One finding per value: a value that fails its pattern is not also measured.
    if let Some(p) = s.pattern.filter(|p| !p.matches(text)) {
        ctx.error(
            s.pattern_code.unwrap_or(p.code()),
            v,
            pointer,
            format!("{what} {text:?} is not {}", p.expected()),
            format!("write {}", p.expected()),
        );
        return;
    }
    let len = text.chars().count();
    let characters = |n: usize| {
        if n == 1 {
            "1 character".to_owned()
        } else {
            format!("{n} characters")
        }
    };
    if len < s.min_len {
        let message = if text.is_empty() {
            format!("{what} is empty")
        } else {
            format!(
                "{what} is {} long; the minimum is {}",
                characters(len),
                s.min_len
            )
        };
        ctx.error(
            "manifest/too-short",
            v,
            pointer,
            message,
            format!("write at least {}", characters(s.min_len)),
        );
    }
    if let Some(max) = s.max_len.filter(|m| len > *m) {
        ctx.error(
            s.long_code.unwrap_or("manifest/too-long"),
            v,
            pointer,
            format!("{what} is {} long; the limit is {max}", characters(len)),
            format!("shorten it to at most {}", characters(max)),
        );
    }
}

fn quoted(values: &[&str]) -> String {
    values
        .iter()
        .map(|v| format!("\"{v}\""))
        .collect::<Vec<_>>()
        .join(", ")
}
