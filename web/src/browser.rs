//! The few browser facilities the app uses: the clock, the address, local storage. Each fails
//! soft: without them the app still renders (storage may be disabled, for instance).

/// Milliseconds from the page's time origin.
#[must_use]
pub fn now() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map_or(0.0, |p| p.now())
}

/// The page's address without its fragment.
#[must_use]
pub fn page_url() -> String {
    let Some(location) = web_sys::window().map(|w| w.location()) else {
        return String::new();
    };
    let href = location.href().unwrap_or_default();
    href.split('#').next().unwrap_or_default().to_owned()
}

/// The current URL fragment, with `#`.
#[must_use]
pub fn fragment() -> String {
    web_sys::window()
        .and_then(|w| w.location().hash().ok())
        .unwrap_or_default()
}

const STORAGE_KEY: &str = "hookpad.state.v1";

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok()?
}

/// The saved state's JSON, if any.
#[must_use]
pub fn load_saved() -> Option<String> {
    storage()?.get_item(STORAGE_KEY).ok()?
}

/// Saves the state's JSON (already without secrets). A full or disabled storage is ignored.
pub fn save(json: &str) {
    if let Some(s) = storage() {
        let _ = s.set_item(STORAGE_KEY, json);
    }
}
