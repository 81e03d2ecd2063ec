//! Hookpad's schema tables (`manifest::schema`) against LaunchDarkly's own `manifest.schema.json`,
//! keyword by keyword: every object's fields, required fields and closedness, every type, enum,
//! length, item count and pattern. Read at test time (never copied into the repository) from
//! `$HOOKPAD_LD_SCHEMA` (a `manifest.schema.json` file) or else from the integration-framework
//! git mirror beside the repository (`../.mirror/launchdarkly+integration-framework/repo`, commit
//! 35c6f747). Neither is part of the repository or of `../shared`, so the test is `#[ignore]`d:
//! run it with `cargo test -p hookpad-core --test ld_schema -- --ignored` where the schema is at
//! hand; then a missing schema fails it.

use std::collections::BTreeSet;
use std::path::PathBuf;
use std::process::Command;

use hookpad_core::manifest::schema::{self, Schema};
use serde_json::Value;

const COMMIT: &str = "35c6f747";

fn load() -> Value {
    let text = if let Some(path) = std::env::var_os("HOOKPAD_LD_SCHEMA") {
        std::fs::read_to_string(&path).ok()
    } else {
        let git_dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join("../../../.mirror/launchdarkly+integration-framework/repo");
        Command::new("git")
            .arg("--git-dir")
            .arg(&git_dir)
            .args(["show", &format!("{COMMIT}:manifest.schema.json")])
            .output()
            .ok()
            .filter(|o| o.status.success())
            .and_then(|o| String::from_utf8(o.stdout).ok())
    };
    let Some(text) = text else {
        panic!("LaunchDarkly's manifest.schema.json is missing (set HOOKPAD_LD_SCHEMA to a copy of it)");
    };
    serde_json::from_str(&text).expect("manifest.schema.json parses")
}

/// Keywords that describe but do not constrain.
const DESCRIPTIVE: &[&str] = &[
    "$schema",
    "$id",
    "#id",
    "title",
    "description",
    "default",
    "examples",
];

fn names(v: Option<&Value>) -> BTreeSet<String> {
    v.and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .filter_map(Value::as_str)
                .map(str::to_owned)
                .collect()
        })
        .unwrap_or_default()
}

fn usize_of(v: Option<&Value>) -> Option<usize> {
    v.and_then(Value::as_u64)
        .and_then(|n| usize::try_from(n).ok())
}

fn compare(ours: Schema, theirs: &Value, at: &str, problems: &mut Vec<String>) {
    let Some(obj) = theirs.as_object() else {
        problems.push(format!("{at}: the schema is not an object"));
        return;
    };
    let mut known: Vec<&str> = DESCRIPTIVE.to_vec();
    let mut check = |ok: bool, what: &str| {
        if !ok {
            problems.push(format!("{at}: {what} differs"));
        }
    };
    match ours {
        Schema::Object(o) => {
            known.extend([
                "type",
                "properties",
                "propertyNames",
                "required",
                "additionalProperties",
            ]);
            check(
                (obj.get("type") == Some(&Value::from("object"))) == o.typed,
                "type object",
            );
            let props: BTreeSet<String> = obj
                .get("properties")
                .and_then(Value::as_object)
                .map(|p| p.keys().cloned().collect())
                .unwrap_or_default();
            let fields: BTreeSet<String> = o.fields.iter().map(|f| f.name.to_owned()).collect();
            check(props == fields, "properties");
            let allowed = obj.get("propertyNames").map(|p| names(p.get("enum")));
            let mut names_ours = fields.clone();
            names_ours.extend(o.also_allowed.iter().map(|s| (*s).to_owned()));
            check(
                allowed.as_ref().is_some_and(|a| *a == names_ours) == o.closed
                    && (allowed.is_some() == o.closed),
                "propertyNames",
            );
            let required: BTreeSet<String> = o.required.iter().map(|s| (*s).to_owned()).collect();
            check(names(obj.get("required")) == required, "required");
            match (o.additional, obj.get("additionalProperties")) {
                (Some(a), Some(t)) => compare(a, t, &format!("{at}/*"), problems),
                (None, None) => {}
                _ => problems.push(format!("{at}: additionalProperties differs")),
            }
            for f in o.fields {
                if let Some(t) = obj.get("properties").and_then(|p| p.get(f.name)) {
                    compare(f.schema, t, &format!("{at}/{}", f.name), problems);
                }
            }
        }
        Schema::Array(a) => {
            // Ajv ignores length and property-count keywords on an array.
            known.extend([
                "type",
                "items",
                "minItems",
                "maxItems",
                "uniqueItems",
                "minLength",
                "maxLength",
                "minProperties",
            ]);
            check(obj.get("type") == Some(&Value::from("array")), "type array");
            check(
                usize_of(obj.get("minItems")).unwrap_or(0) == a.min_items,
                "minItems",
            );
            check(usize_of(obj.get("maxItems")) == a.max_items, "maxItems");
            check(
                obj.get("uniqueItems")
                    .and_then(Value::as_bool)
                    .unwrap_or(false)
                    == a.unique,
                "uniqueItems",
            );
            match obj.get("items") {
                Some(items) => compare(a.items, items, &format!("{at}/[]"), problems),
                None => problems.push(format!("{at}: items missing")),
            }
        }
        Schema::String(s) => {
            known.extend([
                "type",
                "enum",
                "minLength",
                "maxLength",
                "pattern",
                "format",
            ]);
            check(
                obj.get("type") == Some(&Value::from("string")),
                "type string",
            );
            let values: BTreeSet<String> = s.values.iter().map(|v| (*v).to_owned()).collect();
            check(names(obj.get("enum")) == values, "enum");
            check(
                usize_of(obj.get("minLength")).unwrap_or(0) == s.min_len,
                "minLength",
            );
            check(usize_of(obj.get("maxLength")) == s.max_len, "maxLength");
            let theirs_pattern = obj
                .get("pattern")
                .or_else(|| obj.get("format"))
                .and_then(Value::as_str);
            check(
                theirs_pattern == s.pattern.map(schema::Pattern::source),
                "pattern",
            );
        }
        Schema::Boolean => {
            known.push("type");
            check(
                obj.get("type") == Some(&Value::from("boolean")),
                "type boolean",
            );
        }
        Schema::BooleanOrString => {
            known.push("type");
            check(
                obj.get("type") == Some(&serde_json::json!(["boolean", "string"])),
                "type boolean|string",
            );
        }
    }
    for key in obj.keys() {
        if !known.contains(&key.as_str()) {
            problems.push(format!("{at}: keyword `{key}` is not modelled"));
        }
    }
}

#[test]
#[ignore = "needs LaunchDarkly's manifest.schema.json (HOOKPAD_LD_SCHEMA or the integration-framework mirror); run with --ignored"]
fn the_tables_match_launchdarklys_schema() {
    let theirs = load();
    let mut problems = Vec::new();
    compare(schema::MANIFEST, &theirs, "", &mut problems);
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
