//! Form values on the command line: `--var KEY=VALUE`, `--vars FILE.json`, `--placeholders` and
//! `--show-secrets`, shared by `hookpad preview` and `hookpad matrix`.
//!
//! Unset variables take the manifest's `defaultValue`, as the page fills them in; the integration
//! framework's placeholders (`apiKey` for `apiKey`, `https://hostURL.com`) stand in for the rest,
//! or for every unset variable with `--placeholders`.

use std::path::PathBuf;

use hookpad_core::context::default_values;
use hookpad_core::Manifest;
use serde_json::{Map, Value as Json};

/// The form-value options of one command line.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FormOptions {
    /// `--var KEY=VALUE`, in order.
    pub vars: Vec<(String, String)>,
    /// `--vars FILE.json`, in order.
    pub files: Vec<PathBuf>,
    /// Leave out the manifest's `defaultValue`s.
    pub placeholders: bool,
    /// Print secret values instead of masking them.
    pub show_secrets: bool,
}

/// What a masked secret reads as.
pub const MASK: &str = "********";

impl FormOptions {
    /// Takes `flag` (and its value from `rest`) when it is one of these options; `Ok(false)` when
    /// it is not.
    ///
    /// # Errors
    /// A flag without its value, or a `--var` without `=`.
    pub fn take<'a>(
        &mut self,
        flag: &str,
        rest: &mut impl Iterator<Item = &'a String>,
    ) -> Result<bool, String> {
        match flag {
            "--var" => {
                let pair = rest.next().ok_or("--var needs KEY=VALUE")?;
                let (key, value) = pair
                    .split_once('=')
                    .ok_or_else(|| format!("--var `{pair}`: write it as KEY=VALUE"))?;
                self.vars.push((key.to_owned(), value.to_owned()));
            }
            "--vars" => {
                let file = rest.next().ok_or("--vars needs a JSON file")?;
                self.files.push(PathBuf::from(file));
            }
            "--placeholders" => self.placeholders = true,
            "--show-secrets" => self.show_secrets = true,
            _ => return Ok(false),
        }
        Ok(true)
    }

    /// The typed form values for `manifest_text`: defaults (unless `--placeholders`), then each
    /// `--vars` file, then each `--var`. A `--var` of a boolean variable is `true` or `false`.
    ///
    /// # Errors
    /// A `--vars` file that cannot be read or is not a JSON object, or a boolean `--var` that is
    /// neither `true` nor `false`.
    pub fn values(&self, manifest_text: &str) -> Result<Map<String, Json>, String> {
        let manifest = manifest_of(manifest_text);
        let mut values = if self.placeholders {
            Map::new()
        } else {
            default_values(&manifest)
        };
        for file in &self.files {
            let text = std::fs::read_to_string(file)
                .map_err(|e| format!("--vars {}: {e}", file.display()))?;
            match serde_json::from_str::<Json>(&text) {
                Ok(Json::Object(map)) => values.extend(map),
                Ok(_) => {
                    return Err(format!(
                        "--vars {}: expected a JSON object of form values",
                        file.display()
                    ))
                }
                Err(e) => return Err(format!("--vars {}: {e}", file.display())),
            }
        }
        for (key, value) in &self.vars {
            let boolean = manifest
                .form_variables
                .iter()
                .any(|v| &v.key == key && v.kind == "boolean");
            let typed = if boolean {
                match value.as_str() {
                    "true" => Json::Bool(true),
                    "false" => Json::Bool(false),
                    _ => {
                        return Err(format!(
                            "--var {key}: `{key}` is a boolean; write true or false"
                        ))
                    }
                }
            } else {
                Json::String(value.clone())
            };
            values.insert(key.clone(), typed);
        }
        Ok(values)
    }

    /// The secret values among `values` (by the manifest's `isSecret`) to mask in what is
    /// printed; none with `--show-secrets`.
    #[must_use]
    pub fn secrets_to_mask(&self, manifest_text: &str, values: &Map<String, Json>) -> Vec<String> {
        if self.show_secrets {
            return Vec::new();
        }
        let manifest = manifest_of(manifest_text);
        let mut secrets: Vec<String> = manifest
            .form_variables
            .iter()
            .filter(|v| v.is_secret)
            .filter_map(|v| match values.get(&v.key)? {
                Json::String(s) if !s.is_empty() => Some(s.clone()),
                _ => None,
            })
            .collect();
        // Longest first, so a secret that contains another is masked whole.
        secrets.sort_by_key(|s| std::cmp::Reverse(s.len()));
        secrets
    }
}

fn manifest_of(text: &str) -> Manifest {
    serde_json::from_str::<Json>(text)
        .map(|json| Manifest::from_json(&json))
        .unwrap_or_default()
}

/// `text` with every secret replaced by [`MASK`].
#[must_use]
pub fn mask(text: &str, secrets: &[String]) -> String {
    secrets.iter().fold(text.to_owned(), |out, secret| {
        out.replace(secret.as_str(), MASK)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const MANIFEST: &str = r#"{"formVariables": [
        {"key": "apiKey", "type": "string", "isSecret": true},
        {"key": "site", "type": "enum", "isOptional": true, "defaultValue": "eu"},
        {"key": "verbose", "type": "boolean", "isOptional": true, "defaultValue": false}
    ]}"#;

    fn parse(args: &[&str]) -> FormOptions {
        let args: Vec<String> = args.iter().map(|s| (*s).to_owned()).collect();
        let mut options = FormOptions::default();
        let mut it = args.iter();
        while let Some(flag) = it.next() {
            assert!(options.take(flag, &mut it).unwrap(), "{flag}");
        }
        options
    }

    #[test]
    fn defaults_then_vars_with_booleans_typed() {
        let options = parse(&["--var", "apiKey=k=1", "--var", "verbose=true"]);
        let values = options.values(MANIFEST).unwrap();
        assert_eq!(values.get("site"), Some(&Json::from("eu")));
        assert_eq!(values.get("apiKey"), Some(&Json::from("k=1")));
        assert_eq!(values.get("verbose"), Some(&Json::Bool(true)));
        assert!(parse(&["--var", "verbose=yes"]).values(MANIFEST).is_err());
    }

    #[test]
    fn placeholders_leave_defaults_out() {
        let values = parse(&["--placeholders"]).values(MANIFEST).unwrap();
        assert!(values.is_empty(), "{values:?}");
    }

    #[test]
    fn secrets_are_masked_unless_shown() {
        let options = parse(&["--var", "apiKey=s3cr3t"]);
        let values = options.values(MANIFEST).unwrap();
        let secrets = options.secrets_to_mask(MANIFEST, &values);
        assert_eq!(
            mask("DD-API-KEY: s3cr3t", &secrets),
            format!("DD-API-KEY: {MASK}")
        );
        let shown = parse(&["--var", "apiKey=s3cr3t", "--show-secrets"]);
        assert!(shown.secrets_to_mask(MANIFEST, &values).is_empty());
    }

    #[test]
    fn a_var_without_equals_or_value_is_an_error() {
        let mut options = FormOptions::default();
        let args = ["apiKey".to_owned()];
        assert!(options.take("--var", &mut args.iter()).is_err());
        assert!(options
            .take("--vars", &mut std::iter::empty::<&String>())
            .is_err());
    }
}
