//! Reading an integration folder: `manifest.json` and the template files it names.

use std::collections::BTreeMap;
use std::path::Path;

use hookpad_core::Manifest;

/// An integration as files.
pub struct IntegrationFiles {
    pub manifest: String,
    /// Every template file the manifest names that exists, by its path.
    pub templates: BTreeMap<String, String>,
}

/// Reads `dir/manifest.json` and the templates it names. A template file that cannot be read is
/// left out; the simulation reports it.
///
/// # Errors
/// `manifest.json` cannot be read.
pub fn read(dir: &Path) -> Result<IntegrationFiles, String> {
    let path = dir.join("manifest.json");
    let manifest =
        std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
    let mut templates = BTreeMap::new();
    if let Ok(json) = serde_json::from_str(&manifest) {
        if let Some(hook) = Manifest::from_json(&json).hook {
            for t in hook.templates {
                if let Ok(text) = std::fs::read_to_string(dir.join(&t.path)) {
                    templates.insert(t.path, text);
                }
            }
        }
    }
    Ok(IntegrationFiles {
        manifest,
        templates,
    })
}

/// The integration's key: its folder's name, as LaunchDarkly's repository names integrations
/// (`.` and `..` are resolved first, so `hookpad lint .` inside the folder knows it too).
#[must_use]
pub fn key(dir: &Path) -> Option<String> {
    let resolved = dir.canonicalize().unwrap_or_else(|_| dir.to_path_buf());
    resolved
        .file_name()
        .and_then(|n| n.to_str())
        .map(str::to_owned)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_key_is_the_folder_s_name_also_when_given_as_a_dot() {
        let here = std::env::current_dir().unwrap();
        let name = here.file_name().and_then(|n| n.to_str()).map(str::to_owned);
        assert!(name.is_some());
        assert_eq!(key(Path::new(".")), name);
        assert_eq!(key(&here.join("src/..")), name);
        assert_eq!(
            key(Path::new("no/such/aiconfig-test-run")).as_deref(),
            Some("aiconfig-test-run")
        );
    }
}
