//! Files from and to the user's disk: reading picked or dropped files (with their folder paths),
//! and offering bytes as a download. Fails soft, like [`crate::browser`].

use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{Blob, BlobPropertyBag, File, FileList, HtmlAnchorElement, Url};

/// A file read from the user's disk: its path (inside the picked folder, when a folder was
/// picked; else its name) and its bytes.
pub type Picked = (String, Vec<u8>);

/// The files of a list (from an `<input type=file>` or a drop).
#[must_use]
pub fn list(files: &FileList) -> Vec<File> {
    (0..files.length()).filter_map(|i| files.get(i)).collect()
}

/// `webkitRelativePath` (set for the files of a picked folder), else the file's name.
#[must_use]
pub fn path_of(file: &File) -> String {
    js_sys::Reflect::get(file, &JsValue::from_str("webkitRelativePath"))
        .ok()
        .and_then(|p| p.as_string())
        .filter(|p| !p.is_empty())
        .unwrap_or_else(|| file.name())
}

/// Reads every file; one that cannot be read is left out.
pub async fn read_all(files: Vec<File>) -> Vec<Picked> {
    let mut out = Vec::with_capacity(files.len());
    for file in files {
        if let Ok(buffer) = JsFuture::from(file.array_buffer()).await {
            out.push((path_of(&file), js_sys::Uint8Array::new(&buffer).to_vec()));
        }
    }
    out
}

/// Offers `bytes` as a download named `name`.
pub fn download(name: &str, bytes: &[u8], mime: &str) {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let parts = js_sys::Array::of1(&js_sys::Uint8Array::from(bytes));
    let options = BlobPropertyBag::new();
    options.set_type(mime);
    let Ok(blob) = Blob::new_with_u8_array_sequence_and_options(&parts, &options) else {
        return;
    };
    let Ok(url) = Url::create_object_url_with_blob(&blob) else {
        return;
    };
    if let Some(a) = document
        .create_element("a")
        .ok()
        .and_then(|a| a.dyn_into::<HtmlAnchorElement>().ok())
    {
        a.set_href(&url);
        a.set_download(name);
        a.click();
    }
    // The download has started; the URL is no longer needed once the click is handled.
    let _ = gloo_timers::callback::Timeout::new(1_000, move || {
        let _ = Url::revoke_object_url(&url);
    })
    .forget();
}
