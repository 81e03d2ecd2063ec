//! Finding the reference material in `../shared` for tests.

use std::path::PathBuf;

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
