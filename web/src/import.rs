//! Importing an integration from its files (a dropped or picked folder, or a `.zip`), and
//! exporting it back. Pure: file paths and bytes in, texts out.
//!
//! The folder's `manifest.json` (the shallowest one) fixes the integration's root; every template
//! it names is looked up below that root. Files it does not name are ignored (and listed), paths
//! it names that are not there are reported missing.

use std::collections::BTreeMap;

use crate::analysis::Analysis;

/// An integration read from files.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Imported {
    pub manifest: String,
    /// Template path (as the manifest names it) → text.
    pub templates: BTreeMap<String, String>,
    /// What the page tells the user about the import.
    pub note: ImportNote,
    /// The integration's key, as LaunchDarkly's repository names it (see [`integration_key`]).
    pub key: Option<String>,
}

/// What an import did.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ImportNote {
    /// The folder or file imported.
    pub from: String,
    /// Templates loaded.
    pub loaded: Vec<String>,
    /// Files the manifest does not name, relative to its folder.
    pub ignored: Vec<String>,
    /// Template paths the manifest names that were not among the files.
    pub missing: Vec<String>,
    /// The manifest is not valid JSON: no template could be looked up.
    pub manifest_invalid: bool,
}

/// Why files could not be imported.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ImportError {
    NoManifest { from: String },
    NotText { path: String },
    Zip { from: String, reason: String },
}

impl std::fmt::Display for ImportError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::NoManifest { from } => write!(f, "{from} has no manifest.json"),
            Self::NotText { path } => write!(f, "{path} is not UTF-8 text"),
            Self::Zip { from, reason } => write!(f, "{from} could not be read as a zip: {reason}"),
        }
    }
}

/// `a\b/./c` → `a/b/c`, without a leading `/` or `./`.
fn normalize(path: &str) -> String {
    path.replace('\\', "/")
        .split('/')
        .filter(|s| !s.is_empty() && *s != ".")
        .collect::<Vec<_>>()
        .join("/")
}

/// Files that are never part of an integration (macOS archive leftovers).
fn is_junk(path: &str) -> bool {
    path.starts_with("__MACOSX/")
        || path.contains("/__MACOSX/")
        || path.rsplit('/').next() == Some(".DS_Store")
}

/// Reads an integration from `files` (path, bytes) found in `from`.
///
/// # Errors
/// There is no `manifest.json`, or it (or a named template) is not UTF-8.
pub fn integration(from: &str, files: Vec<(String, Vec<u8>)>) -> Result<Imported, ImportError> {
    let files: Vec<(String, Vec<u8>)> = files
        .into_iter()
        .map(|(p, b)| (normalize(&p), b))
        .filter(|(p, _)| !p.is_empty() && !is_junk(p))
        .collect();
    let manifest_at = files
        .iter()
        .filter(|(p, _)| p == "manifest.json" || p.ends_with("/manifest.json"))
        .min_by_key(|(p, _)| (p.matches('/').count(), p.clone()))
        .map(|(p, _)| p.clone())
        .ok_or_else(|| ImportError::NoManifest {
            from: from.to_owned(),
        })?;
    let root = manifest_at
        .strip_suffix("manifest.json")
        .unwrap_or_default()
        .to_owned();
    let mut by_path: BTreeMap<String, Vec<u8>> = BTreeMap::new();
    let mut outside = Vec::new();
    for (path, bytes) in files {
        match path.strip_prefix(&root) {
            Some(rel) => {
                by_path.insert(rel.to_owned(), bytes);
            }
            None => outside.push(path),
        }
    }
    let manifest =
        String::from_utf8(by_path.remove("manifest.json").unwrap_or_default()).map_err(|_| {
            ImportError::NotText {
                path: manifest_at.clone(),
            }
        })?;
    let mut note = ImportNote {
        from: from.to_owned(),
        ..ImportNote::default()
    };
    let named = match Analysis::of(&manifest) {
        Ok(analysis) => analysis.templates.clone(),
        Err(_) => {
            note.manifest_invalid = true;
            Vec::new()
        }
    };
    let mut templates = BTreeMap::new();
    for path in named {
        match by_path.remove(&normalize(&path)) {
            Some(bytes) => {
                let text = String::from_utf8(bytes).map_err(|_| ImportError::NotText {
                    path: format!("{root}{path}"),
                })?;
                note.loaded.push(path.clone());
                templates.insert(path, text);
            }
            None if templates.contains_key(&path) => {}
            None => note.missing.push(path),
        }
    }
    note.ignored = by_path.into_keys().chain(outside).collect();
    Ok(Imported {
        manifest,
        templates,
        note,
        key: integration_key(&root, from),
    })
}

/// An integration's key is the name of its folder in LaunchDarkly's repository: the folder that
/// holds `manifest.json` (`root`, with its trailing `/`), or, when the manifest sits at the top of
/// an archive, the archive's name without `.zip`. A lone `manifest.json` has none.
fn integration_key(root: &str, from: &str) -> Option<String> {
    let key = match root.trim_end_matches('/').rsplit('/').next() {
        Some(folder) if !folder.is_empty() => folder,
        _ => from
            .get(..from.len().saturating_sub(4))
            .filter(|_| from.to_ascii_lowercase().ends_with(".zip"))?,
    };
    (!key.is_empty()).then(|| key.to_owned())
}

/// Reads an integration from a `.zip` archive named `from`.
///
/// # Errors
/// The archive cannot be read, or [`integration`] fails.
pub fn zip(from: &str, bytes: &[u8]) -> Result<Imported, ImportError> {
    let files = crate::zip::read(bytes).map_err(|reason| ImportError::Zip {
        from: from.to_owned(),
        reason,
    })?;
    integration(from, files)
}

/// The `.zip` of an integration: `manifest.json` and each template at its path.
///
/// # Errors
/// Only if writing to memory fails.
pub fn export<'a>(
    manifest: &'a str,
    templates: impl IntoIterator<Item = (&'a str, &'a str)>,
) -> Result<Vec<u8>, String> {
    let mut files: Vec<(String, &[u8])> = vec![("manifest.json".to_owned(), manifest.as_bytes())];
    for (path, text) in templates {
        let path = normalize(path);
        if !path.is_empty() && path != "manifest.json" && !files.iter().any(|(p, _)| *p == path) {
            files.push((path, text.as_bytes()));
        }
    }
    crate::zip::write(files.iter().map(|(p, b)| (p.as_str(), *b)))
}

/// A file name for the export: the integration's name, lower-case, dashes for the rest.
#[must_use]
pub fn export_name(manifest: &str) -> String {
    let name = serde_json::from_str::<serde_json::Value>(manifest)
        .ok()
        .and_then(|m| m.get("name").and_then(|n| n.as_str()).map(str::to_owned))
        .unwrap_or_default();
    let slug: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect();
    let slug = slug
        .split('-')
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join("-");
    if slug.is_empty() {
        "integration.zip".to_owned()
    } else {
        format!("{slug}.zip")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MANIFEST: &str = r#"{"name": "My Hook!", "capabilities": {"auditLogEventsHook": {
        "endpoint": {"url": "https://x.test", "method": "POST"},
        "templates": {"flag": "templates/flag.json.hbs", "default": "./templates/default.json.hbs",
                      "project": "templates/missing.json.hbs"}}}}"#;

    fn file(p: &str, t: &str) -> (String, Vec<u8>) {
        (p.to_owned(), t.as_bytes().to_vec())
    }

    #[test]
    fn a_folder_loads_what_the_manifest_names() {
        let imported = integration(
            "my-hook",
            vec![
                file("my-hook/manifest.json", MANIFEST),
                file("my-hook/templates/flag.json.hbs", "F"),
                file("my-hook/templates/default.json.hbs", "D"),
                file("my-hook/assets/images/square.svg", "<svg/>"),
                file("my-hook/sub/manifest.json", "{}"),
                file("__MACOSX/my-hook/._manifest.json", "x"),
                file("README.md", "r"),
            ],
        )
        .unwrap();
        assert_eq!(imported.manifest, MANIFEST);
        assert_eq!(&imported.templates["templates/flag.json.hbs"], "F");
        assert_eq!(&imported.templates["./templates/default.json.hbs"], "D");
        assert_eq!(imported.note.missing, ["templates/missing.json.hbs"]);
        assert_eq!(
            imported.note.ignored,
            ["assets/images/square.svg", "sub/manifest.json", "README.md"]
        );
        assert!(!imported.note.manifest_invalid);
        assert_eq!(imported.key.as_deref(), Some("my-hook"));
    }

    #[test]
    fn the_key_is_the_manifest_s_folder_or_the_archive_s_name() {
        assert_eq!(integration_key("a/b/", "a"), Some("b".to_owned()));
        assert_eq!(
            integration_key("datadog/", "datadog"),
            Some("datadog".to_owned())
        );
        assert_eq!(
            integration_key("", "My-Hook.ZIP"),
            Some("My-Hook".to_owned())
        );
        assert_eq!(integration_key("", "manifest.json"), None);
        assert_eq!(integration_key("", ".zip"), None);
    }

    #[test]
    fn no_manifest_and_an_invalid_one() {
        assert_eq!(
            integration("x", vec![file("a.hbs", "")]),
            Err(ImportError::NoManifest { from: "x".into() })
        );
        let imported =
            integration("x", vec![file("manifest.json", "{"), file("t.hbs", "")]).unwrap();
        assert!(imported.note.manifest_invalid);
        assert_eq!(imported.note.ignored, ["t.hbs"]);
    }

    #[test]
    fn export_then_import_is_the_same() {
        let templates = [
            ("templates/flag.json.hbs", "{{#if a}}é{{/if}}"),
            ("./templates/default.json.hbs", "D"),
        ];
        let bytes = export(MANIFEST, templates).unwrap();
        let back = zip("x.zip", &bytes).unwrap();
        assert_eq!(back.manifest, MANIFEST);
        assert_eq!(
            &back.templates["templates/flag.json.hbs"],
            "{{#if a}}é{{/if}}"
        );
        assert_eq!(&back.templates["./templates/default.json.hbs"], "D");
        assert!(back.note.ignored.is_empty());
        assert_eq!(export_name(MANIFEST), "my-hook.zip");
        assert_eq!(export_name("{"), "integration.zip");
    }
}
