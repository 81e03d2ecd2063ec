//! The integration as files: import a folder or a `.zip` (picked, or dropped anywhere on the
//! page), add event `.json` files to the user's events, export the integration as a `.zip`; and
//! what the last import did (templates loaded, files ignored, templates missing).

use std::rc::Rc;

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{DragEvent, File, HtmlInputElement};
use yew::prelude::*;

use hookpad_core::diagnostic::counted;

use crate::files;
use crate::import::{self, ImportNote, Imported};

#[derive(Properties, PartialEq)]
pub struct IntegrationFilesProps {
    /// What the last import did, or why it failed.
    pub note: Option<Rc<Result<ImportNote, String>>>,
    pub on_import: Callback<Result<Imported, String>>,
    /// An event file: its name (without `.json`) and text.
    pub on_event: Callback<(String, String)>,
    pub on_export: Callback<()>,
    pub on_dismiss: Callback<()>,
}

/// Reads files and hands them on: a folder (or a set with a `manifest.json`) is an integration,
/// a `.zip` is one, any other `.json` is an event.
async fn take(
    picked: Vec<File>,
    on_import: Callback<Result<Imported, String>>,
    on_event: Callback<(String, String)>,
) {
    if picked.is_empty() {
        return;
    }
    let folder = picked
        .iter()
        .any(|f| files::path_of(f).contains('/') || f.name().eq_ignore_ascii_case("manifest.json"));
    if folder {
        let from = files::path_of(&picked[0])
            .split('/')
            .next()
            .unwrap_or_default()
            .to_owned();
        let read = files::read_all(picked).await;
        on_import.emit(import::integration(&from, read).map_err(|e| e.to_string()));
        return;
    }
    for (name, bytes) in files::read_all(picked).await {
        let lower = name.to_ascii_lowercase();
        if lower.ends_with(".zip") {
            on_import.emit(import::zip(&name, &bytes).map_err(|e| e.to_string()));
        } else if let Some(stem) = lower
            .strip_suffix(".json")
            .map(|s| name[..s.len()].to_owned())
        {
            match String::from_utf8(bytes) {
                Ok(text) => on_event.emit((stem, text)),
                Err(_) => on_import.emit(Err(format!("{name} is not UTF-8 text"))),
            }
        } else {
            on_import.emit(Err(format!(
                "{name} is not a folder, a .zip or an event .json: nothing was imported"
            )));
        }
    }
}

/// An `onchange` for a file input: takes its files, then clears it (so the same file can be
/// picked again).
fn on_pick(
    on_import: &Callback<Result<Imported, String>>,
    on_event: &Callback<(String, String)>,
) -> Callback<Event> {
    let (on_import, on_event) = (on_import.clone(), on_event.clone());
    Callback::from(move |e: Event| {
        let input = e.target_unchecked_into::<HtmlInputElement>();
        let picked = input.files().map(|l| files::list(&l)).unwrap_or_default();
        input.set_value("");
        wasm_bindgen_futures::spawn_local(take(picked, on_import.clone(), on_event.clone()));
    })
}

fn summary(note: &ImportNote) -> String {
    let mut s = format!(
        "Imported {}: manifest.json and {}.",
        note.from,
        counted(note.loaded.len(), "template")
    );
    if note.manifest_invalid {
        s.push_str(" The manifest is not valid JSON, so no template could be looked up.");
    }
    s
}

#[component]
pub fn IntegrationFiles(props: &IntegrationFilesProps) -> Html {
    let dragging = use_state_eq(|| false);
    // Files dropped anywhere on the page.
    {
        let on_import = props.on_import.clone();
        let on_event = props.on_event.clone();
        let dragging = dragging.clone();
        use_effect_with((), move |()| {
            let document = web_sys::window().and_then(|w| w.document());
            let over = {
                let dragging = dragging.clone();
                Closure::<dyn FnMut(DragEvent)>::new(move |e: DragEvent| {
                    let has_files = e
                        .data_transfer()
                        .is_some_and(|d| d.types().includes(&JsValue::from_str("Files"), 0));
                    if has_files {
                        e.prevent_default();
                        dragging.set(true);
                    }
                })
            };
            let leave = {
                let dragging = dragging.clone();
                Closure::<dyn FnMut(DragEvent)>::new(move |e: DragEvent| {
                    if e.related_target().is_none() {
                        dragging.set(false);
                    }
                })
            };
            let drop = Closure::<dyn FnMut(DragEvent)>::new(move |e: DragEvent| {
                dragging.set(false);
                let Some(transfer) = e.data_transfer() else {
                    return;
                };
                if let Some(entries) = files::dropped_folder(&transfer) {
                    e.prevent_default();
                    let on_import = on_import.clone();
                    wasm_bindgen_futures::spawn_local(async move {
                        let read = files::read_entries(entries).await;
                        let from = read
                            .first()
                            .and_then(|(p, _)| p.split('/').next())
                            .unwrap_or("the folder")
                            .to_owned();
                        on_import.emit(import::integration(&from, read).map_err(|e| e.to_string()));
                    });
                    return;
                }
                let Some(list) = transfer.files() else {
                    return;
                };
                let picked = files::list(&list);
                if picked.is_empty() {
                    return;
                }
                e.prevent_default();
                wasm_bindgen_futures::spawn_local(take(
                    picked,
                    on_import.clone(),
                    on_event.clone(),
                ));
            });
            if let Some(d) = &document {
                let _ =
                    d.add_event_listener_with_callback("dragover", over.as_ref().unchecked_ref());
                let _ =
                    d.add_event_listener_with_callback("dragleave", leave.as_ref().unchecked_ref());
                let _ = d.add_event_listener_with_callback("drop", drop.as_ref().unchecked_ref());
            }
            move || {
                if let Some(d) = &document {
                    let _ = d.remove_event_listener_with_callback(
                        "dragover",
                        over.as_ref().unchecked_ref(),
                    );
                    let _ = d.remove_event_listener_with_callback(
                        "dragleave",
                        leave.as_ref().unchecked_ref(),
                    );
                    let _ = d
                        .remove_event_listener_with_callback("drop", drop.as_ref().unchecked_ref());
                }
            }
        });
    }
    let on_pick = on_pick(&props.on_import, &props.on_event);
    let on_export = props.on_export.clone();
    let on_dismiss = props.on_dismiss.clone();
    let note = props.note.as_deref().map(|note| match note {
        Ok(n) => html! {
            <div class="notice import-note" role="status" data-testid="import-note">
                <div class="import-lines">
                    <p>{ summary(n) }</p>
                    if !n.missing.is_empty() {
                        <p class="warn" data-testid="import-missing">
                            { "Missing (named by the manifest, not among the files): " }
                            { for n.missing.iter().map(|p| html! { <><code>{ p.clone() }</code>{ " " }</> }) }
                        </p>
                    }
                    if !n.ignored.is_empty() {
                        <p class="muted" data-testid="import-ignored">
                            { format!("Ignored {} the manifest does not name: ", counted(n.ignored.len(), "file")) }
                            { for n.ignored.iter().take(8).map(|p| html! { <><code>{ p.clone() }</code>{ " " }</> }) }
                            if n.ignored.len() > 8 { { format!("and {} more", n.ignored.len() - 8) } }
                        </p>
                    }
                </div>
                <button type="button" class="secondary" aria-label="Dismiss" onclick={on_dismiss.reform(|_| ())}>{ "×" }</button>
            </div>
        },
        Err(message) => html! {
            <p class="notice warn import-note" role="alert" data-testid="import-error">
                { message.clone() }
                { " " }
                <button type="button" class="secondary" aria-label="Dismiss" onclick={on_dismiss.reform(|_| ())}>{ "×" }</button>
            </p>
        },
    });
    html! {
        <section class={classes!("integration-files", dragging.then_some("dragging"))} aria-label="Integration files">
            <span class="muted small">{ "Drop a folder, a .zip or an event .json anywhere, or:" }</span>
            <label class="file-button">
                { "Import folder…" }
                <input type="file" webkitdirectory=true multiple=true data-testid="import-folder" onchange={on_pick.clone()} />
            </label>
            <label class="file-button">
                { "Import .zip…" }
                <input type="file" accept=".zip,application/zip" data-testid="import-zip" onchange={on_pick.clone()} />
            </label>
            <label class="file-button">
                { "Add events (.json)…" }
                <input type="file" accept=".json,application/json" multiple=true data-testid="import-event" onchange={on_pick} />
            </label>
            <button type="button" class="secondary" data-testid="export-zip" onclick={on_export.reform(|_| ())}>{ "Export .zip" }</button>
            { for note }
        </section>
    }
}
