//! Finding the reference material in `../shared` for tests.

use std::path::PathBuf;

/// The integration folders of the corpus at its newest commit (`<name>@35c6f747`): the manifests
/// LaunchDarkly publishes today.
// Each test binary compiles this module and uses only some of its helpers.
#[allow(dead_code)]
pub fn published_integrations(corpus: &std::path::Path) -> Vec<PathBuf> {
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(corpus.join("integrations"))
        .map(|entries| entries.flatten().map(|e| e.path()).collect())
        .unwrap_or_default();
    dirs.retain(|d| {
        d.file_name()
            .is_some_and(|n| n.to_string_lossy().ends_with("@35c6f747"))
    });
    dirs.sort();
    dirs
}

/// `$env_var`, else `../shared/<relative>` beside the repository. `None` (after a skip message)
/// when it is missing; under `CI=true` a missing file fails the test instead.
pub fn shared(env_var: &str, relative: &str) -> Option<PathBuf> {
    let path = std::env::var_os(env_var).map_or_else(
        || {
            PathBuf::from(env!("CARGO_MANIFEST_DIR"))
                .join("../../../shared")
                .join(relative)
        },
        PathBuf::from,
    );
    if path.exists() {
        return Some(path);
    }
    assert!(
        std::env::var("CI").as_deref() != Ok("true"),
        "reference material missing at {} (set {env_var})",
        path.display()
    );
    eprintln!(
        "SKIPPED: no reference material at {} (set {env_var} to run this test)",
        path.display()
    );
    None
}
