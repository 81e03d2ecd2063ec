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

/// `target[method](...args, resolve, reject)` as a promise (the callback style of the
/// File and Directory Entries API).
fn with_callbacks(target: &JsValue, method: &str) -> js_sys::Promise {
    let target = target.clone();
    let method = method.to_owned();
    js_sys::Promise::new(&mut move |resolve, reject| {
        let called = js_sys::Reflect::get(&target, &JsValue::from_str(&method))
            .ok()
            .and_then(|f| f.dyn_into::<js_sys::Function>().ok())
            .map(|f| f.call2(&target, &resolve, &reject));
        if !matches!(called, Some(Ok(_))) {
            let _ = reject.call0(&JsValue::NULL);
        }
    })
}

fn get(target: &JsValue, key: &str) -> JsValue {
    js_sys::Reflect::get(target, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
}

/// The entries of a drop (`webkitGetAsEntry`, read while the drop event is handled), when one
/// of them is a folder.
#[must_use]
pub fn dropped_folder(transfer: &web_sys::DataTransfer) -> Option<Vec<JsValue>> {
    let items = get(transfer, "items");
    let length = get(&items, "length").as_f64().unwrap_or(0.0);
    let mut entries = Vec::new();
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    for i in 0..length as u32 {
        let item = js_sys::Reflect::get_u32(&items, i).ok()?;
        let entry = js_sys::Reflect::get(&item, &JsValue::from_str("webkitGetAsEntry"))
            .ok()
            .and_then(|f| f.dyn_into::<js_sys::Function>().ok())
            .and_then(|f| f.call0(&item).ok())
            .filter(|e| !e.is_null() && !e.is_undefined());
        entries.extend(entry);
    }
    entries
        .iter()
        .any(|e| get(e, "isDirectory").as_bool() == Some(true))
        .then_some(entries)
}

/// Every file under dropped entries, with its path (from the dropped folder's name), read.
pub async fn read_entries(roots: Vec<JsValue>) -> Vec<Picked> {
    let mut stack = roots;
    let mut files = Vec::new();
    while let Some(entry) = stack.pop() {
        let path = get(&entry, "fullPath").as_string().unwrap_or_default();
        if get(&entry, "isDirectory").as_bool() == Some(true) {
            let Some(reader) = js_sys::Reflect::get(&entry, &JsValue::from_str("createReader"))
                .ok()
                .and_then(|f| f.dyn_into::<js_sys::Function>().ok())
                .and_then(|f| f.call0(&entry).ok())
            else {
                continue;
            };
            // readEntries gives a batch at a time, then an empty one.
            while let Ok(batch) = JsFuture::from(with_callbacks(&reader, "readEntries")).await {
                let batch: js_sys::Array = batch.unchecked_into();
                if batch.length() == 0 {
                    break;
                }
                stack.extend(batch.iter());
            }
        } else if let Ok(file) = JsFuture::from(with_callbacks(&entry, "file")).await {
            files.push((
                path.trim_start_matches('/').to_owned(),
                file.unchecked_into::<File>(),
            ));
        }
    }
    let mut out = Vec::with_capacity(files.len());
    for (path, file) in files {
        if let Ok(buffer) = JsFuture::from(file.array_buffer()).await {
            out.push((path, js_sys::Uint8Array::new(&buffer).to_vec()));
        }
    }
    out
}
