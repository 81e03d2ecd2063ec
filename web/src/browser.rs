//! The few browser facilities the app uses: the clock, the address, local storage, the
//! clipboard. Each fails soft: without them the app still renders (storage may be disabled).

use wasm_bindgen::JsCast;

/// Milliseconds from the time origin of the page (or of the simulation worker, running there).
#[must_use]
pub fn now() -> f64 {
    thread_local! {
        static PERFORMANCE: Option<web_sys::Performance> = match web_sys::window() {
            Some(window) => window.performance(),
            None => js_sys::global()
                .dyn_into::<web_sys::WorkerGlobalScope>()
                .ok()
                .and_then(|scope| scope.performance()),
        };
    }
    PERFORMANCE.with(|p| p.as_ref().map_or(0.0, web_sys::Performance::now))
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

/// Removes the fragment from the address bar without reloading or adding a history entry (after
/// a shared state was loaded, a reload should restore the latest autosave, not the link).
pub fn clear_fragment() {
    if let Some(history) = web_sys::window().and_then(|w| w.history().ok()) {
        let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&page_url()));
    }
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

/// Saves the state's JSON (which has no secrets). False when storage is full or disabled.
#[must_use]
pub fn save(json: &str) -> bool {
    storage().is_some_and(|s| s.set_item(STORAGE_KEY, json).is_ok())
}

/// A layout preference (pane width, which panels are open): these keys hold no user data.
#[must_use]
pub fn preference(key: &str) -> Option<String> {
    storage()?.get_item(key).ok()?
}

/// Keeps a layout preference; silently not when storage is disabled.
pub fn set_preference(key: &str, value: &str) {
    if let Some(s) = storage() {
        let _ = s.set_item(key, value);
    }
}

/// Copies `text` to the clipboard; `done` learns whether the browser allowed it.
pub fn copy(text: &str, done: impl FnOnce(bool) + 'static) {
    let Some(window) = web_sys::window() else {
        done(false);
        return;
    };
    let promise = window.navigator().clipboard().write_text(text);
    wasm_bindgen_futures::spawn_local(async move {
        done(wasm_bindgen_futures::JsFuture::from(promise).await.is_ok());
    });
}
