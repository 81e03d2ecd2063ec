//! What LaunchDarkly's manifest schema says, as Rust data: every object with its fields, which are
//! required, which other fields are refused, and each value's type, allowed values, length and
//! pattern. The facts come from `manifest.schema.json` of the public
//! `launchdarkly/integration-framework` repository (commit 35c6f747, assembled from `schemas/`);
//! `tests/ld_schema.rs` compares these tables with that file, keyword by keyword, at test time.
//!
//! Only what the schema's validator (Ajv 6, default options) enforces is here: a keyword Ajv
//! ignores where it is written (`minLength` on an array, `minProperties` on an array) is left out.

mod capabilities;
mod definitions;
mod pattern;
mod top;

pub use definitions::{METHODS, VARIABLE_TYPES};
pub use pattern::Pattern;
pub use top::MANIFEST;
pub use top::{CATEGORIES, OTHER_CAPABILITIES};

/// A value's schema.
#[derive(Clone, Copy, Debug)]
pub enum Schema {
    Object(&'static Object),
    Array(&'static Array),
    String(&'static Str),
    Boolean,
    /// `"type": ["boolean", "string"]`.
    BooleanOrString,
}

/// An object: its fields, the required ones, and whether other fields are refused.
#[derive(Debug)]
pub struct Object {
    pub fields: &'static [Field],
    pub required: &'static [&'static str],
    /// `propertyNames` lists the allowed names: any other field is refused.
    pub closed: bool,
    /// The schema says `"type": "object"`. Without it a value of another type passes (a few
    /// request objects of `approval` and `buttonAction` are written that way).
    pub typed: bool,
    /// `additionalProperties`: the schema of every field not listed.
    pub additional: Option<Schema>,
    /// The diagnostic code for a refused field name.
    pub unknown_code: &'static str,
    /// Names `propertyNames` allows that `properties` does not describe (any value passes).
    pub also_allowed: &'static [&'static str],
}

/// One field of an object.
#[derive(Debug)]
pub struct Field {
    pub name: &'static str,
    pub schema: Schema,
}

/// An array.
#[derive(Debug)]
pub struct Array {
    pub items: Schema,
    pub min_items: usize,
    pub max_items: Option<usize>,
    pub unique: bool,
    /// The diagnostic code for fewer than `min_items` items (default: `manifest/too-few-items`).
    pub few_code: Option<&'static str>,
}

impl Array {
    /// Any number of items of this schema.
    #[must_use]
    pub const fn of(items: Schema) -> Array {
        Array {
            items,
            min_items: 0,
            max_items: None,
            unique: false,
            few_code: None,
        }
    }
}

/// A string.
#[derive(Debug)]
pub struct Str {
    /// `enum`: the only values allowed (empty: any).
    pub values: &'static [&'static str],
    /// The diagnostic code for a value outside `values`.
    pub value_code: &'static str,
    /// Lengths count Unicode code points, as Ajv does.
    pub min_len: usize,
    pub max_len: Option<usize>,
    pub pattern: Option<Pattern>,
    /// The diagnostic code for a value that does not match `pattern` (default: the pattern's).
    pub pattern_code: Option<&'static str>,
    /// The diagnostic code for a value that is too long (default: `manifest/too-long`).
    pub long_code: Option<&'static str>,
}

impl Str {
    /// Any string.
    pub const ANY: Str = Str {
        values: &[],
        value_code: "manifest/invalid-value",
        min_len: 0,
        max_len: None,
        pattern: None,
        pattern_code: None,
        long_code: None,
    };
}

/// Any string.
pub const STRING: Schema = Schema::String(&Str::ANY);
/// An array of strings.
pub const STRINGS: Schema = Schema::Array(&Array::of(STRING));

/// A closed, typed object whose refused fields are `manifest/unknown-field`.
pub(crate) const fn closed(fields: &'static [Field], required: &'static [&'static str]) -> Object {
    Object {
        fields,
        required,
        closed: true,
        typed: true,
        additional: None,
        unknown_code: "manifest/unknown-field",
        also_allowed: &[],
    }
}

/// A field.
pub(crate) const fn field(name: &'static str, schema: Schema) -> Field {
    Field { name, schema }
}

impl Object {
    /// The schema of the field `name`, listed or additional.
    #[must_use]
    pub fn field(&self, name: &str) -> Option<Schema> {
        self.fields
            .iter()
            .find(|f| f.name == name)
            .map(|f| f.schema)
            .or(self.additional)
    }
}

/// The schema of the value at `pointer` (`/capabilities/approval/creationRequest`), if the
/// schema describes it.
#[must_use]
pub fn at(pointer: &str) -> Option<Schema> {
    let mut current = MANIFEST;
    for token in pointer.split('/').skip(1) {
        current = match current {
            Schema::Object(o) => o.field(token)?,
            Schema::Array(a) => a.items,
            _ => return None,
        };
    }
    Some(current)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pointers_find_nested_schemas() {
        assert!(matches!(
            at("/capabilities/auditLogEventsHook/endpoint/method"),
            Some(Schema::String(s)) if s.values.contains(&"POST")
        ));
        assert!(matches!(
            at("/formVariables/3/isSecret"),
            Some(Schema::Boolean)
        ));
        assert!(matches!(
            at("/capabilities/flagLink/metadata/anything/type"),
            Some(Schema::String(_))
        ));
        assert!(at("/nope").is_none());
    }
}
