//! The binding to the code editor (CodeMirror 6, bundled from npm into `editor.js`; see
//! `web/editor/`). Everything the app asks of an editor goes through [`EditorView`] here.
//! Positions are 1-based lines and UTF-16 columns, as the core locates diagnostics for the page.

use hookpad_core::diagnostic::{Diagnostic, Severity};
use serde::Serialize;
use wasm_bindgen::prelude::*;

#[wasm_bindgen(module = "/editor/binding.js")]
extern "C" {
    /// One editor: a CodeMirror `EditorView`, or the preview that stands for a deferred one
    /// until it is built (see `create` in `web/editor/index.js`).
    pub type EditorView;

    #[wasm_bindgen(js_name = create)]
    fn create_view(
        parent: &web_sys::Element,
        kind: &str,
        label: &str,
        text: &str,
        on_change: &js_sys::Function,
        paste_limit: u32,
        deferred: bool,
    ) -> EditorView;
    #[wasm_bindgen(js_name = setText)]
    fn set_text(view: &EditorView, text: &str);
    #[wasm_bindgen(js_name = switchDoc)]
    fn switch_doc(view: &EditorView, old_key: Option<String>, key: &str, text: &str);
    #[wasm_bindgen(js_name = marks)]
    fn show_marks(view: &EditorView, json: &str, length: u32);
    fn select(view: &EditorView, line: u32, column: u32, end_line: u32, end_column: u32);
    #[wasm_bindgen(js_name = setWrap)]
    fn set_wrap(view: &EditorView, on: bool);
    #[wasm_bindgen(js_name = setLabel)]
    fn set_label(view: &EditorView, label: &str, invalid: bool);
    #[wasm_bindgen(js_name = setScope)]
    fn set_scope(view: &EditorView, json: &str, resolve: &js_sys::Function);
    fn destroy(view: &EditorView);
    /// Builds the deferred editors (see [`Options::deferred`]) in the page's idle time, one at a
    /// time; for once the first result is shown.
    #[wasm_bindgen(js_name = buildDeferred)]
    pub fn build_deferred();
}

/// What an editor highlights.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Language {
    Json,
    Handlebars,
    /// Plain text: no highlighting, completion or hover.
    Plain,
}

/// One squiggle: where, how bad, and what it says (message and hint).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Mark {
    pub line: u32,
    pub column: u32,
    pub end_line: u32,
    pub end_column: u32,
    pub severity: &'static str,
    pub message: String,
}

impl Mark {
    /// The squiggle of a located diagnostic.
    #[must_use]
    pub fn of(d: &Diagnostic) -> Option<Self> {
        let at = d.location?;
        let message = match &d.hint {
            Some(hint) => format!("{}\n{hint}", d.message),
            None => d.message.clone(),
        };
        Some(Self {
            line: at.line,
            column: at.column,
            end_line: at.end_line,
            end_column: at.end_column,
            severity: match d.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
                Severity::Info => "info",
            },
            message,
        })
    }
}

/// How an editor is made.
#[derive(Clone, Copy, Debug)]
pub struct Options {
    pub language: Language,
    /// A paste longer than this many UTF-16 units (0: no limit) goes to `on_change` without
    /// entering the editor.
    pub paste_limit: u32,
    /// Shows a preview of the text until the editor nears the visible part of the page, the
    /// page is idle, or the user reaches it.
    pub deferred: bool,
}

/// An editor on the page, with the closure that reports its changes (kept alive with it).
pub struct Editor {
    view: EditorView,
    _on_change: Closure<dyn FnMut(String)>,
    resolve: Closure<dyn FnMut(String) -> JsValue>,
}

impl Editor {
    /// A new editor inside `parent`. `on_change` gets the whole text after each edit by the
    /// user (and a long paste, see [`Options`]). `resolve` answers hover's question "what does this path give
    /// in each dialect" with a promise of JSON text, or `null` (see `web/editor/index.js`'s
    /// `setScope`).
    pub fn new(
        parent: &web_sys::Element,
        options: Options,
        label: &str,
        text: &str,
        on_change: impl FnMut(String) + 'static,
        resolve: impl FnMut(String) -> JsValue + 'static,
    ) -> Self {
        let on_change = Closure::<dyn FnMut(String)>::new(on_change);
        let resolve = Closure::<dyn FnMut(String) -> JsValue>::new(resolve);
        let Options {
            language,
            paste_limit,
            deferred,
        } = options;
        let kind = match language {
            Language::Json => "json",
            Language::Handlebars => "handlebars",
            Language::Plain => "plain",
        };
        let view = create_view(
            parent,
            kind,
            label,
            text,
            on_change.as_ref().unchecked_ref(),
            paste_limit,
            deferred,
        );
        Self {
            view,
            _on_change: on_change,
            resolve,
        }
    }

    /// Replaces the text unless it is already this (not an edit the user can undo into).
    pub fn set_text(&self, text: &str) {
        set_text(&self.view, text);
    }

    /// Shows document `key` with `text`, keeping the undo history of `old_key` for later.
    pub fn switch_doc(&self, old_key: Option<String>, key: &str, text: &str) {
        switch_doc(&self.view, old_key, key, text);
    }

    /// Shows `marks` (computed for a text of `length` UTF-16 units: for any other text the
    /// editor holds now, they are dropped).
    pub fn set_marks(&self, marks: &[Mark], length: u32) {
        if let Ok(json) = serde_json::to_string(marks) {
            show_marks(&self.view, &json, length);
        }
    }

    /// Selects a range and scrolls it into view.
    pub fn select(&self, line: u32, column: u32, end_line: u32, end_column: u32) {
        select(&self.view, line, column, end_line, end_column);
    }

    pub fn set_wrap(&self, on: bool) {
        set_wrap(&self.view, on);
    }

    /// The accessible name, and whether the text holds an error (`aria-invalid`).
    pub fn set_label(&self, label: &str, invalid: bool) {
        set_label(&self.view, label, invalid);
    }

    /// The data completion and hover offer (JSON text of an object).
    pub fn set_scope(&self, json: &str) {
        set_scope(&self.view, json, self.resolve.as_ref().unchecked_ref());
    }
}

impl Drop for Editor {
    fn drop(&mut self) {
        destroy(&self.view);
    }
}

#[cfg(test)]
mod tests {
    /// The helper names of the editor's signature table (`web/editor/index.js`, between the
    /// `HELPERS-BEGIN` and `HELPERS-END` markers).
    fn editor_helpers() -> Vec<(String, String)> {
        let source = include_str!("../editor/index.js");
        let (_, rest) = source.split_once("// HELPERS-BEGIN").unwrap_or_default();
        let (table, _) = rest.split_once("// HELPERS-END").unwrap_or_default();
        table
            .lines()
            .filter_map(|line| {
                let row = line.trim().strip_prefix("[\"")?;
                let (name, rest) = row.split_once('"')?;
                let signature = rest.strip_prefix(", \"")?.split('"').next()?;
                Some((name.to_owned(), signature.to_owned()))
            })
            .collect()
    }

    #[test]
    fn the_editor_knows_exactly_the_core_helpers() {
        let names: Vec<String> = editor_helpers().into_iter().map(|(n, _)| n).collect();
        assert_eq!(names, hookpad_core::render::helpers::PUBLIC_HELPERS);
    }

    #[test]
    fn each_signature_starts_with_its_helper() {
        for (name, signature) in editor_helpers() {
            let head = signature.split(' ').next().unwrap_or_default();
            assert_eq!(head.trim_start_matches('#'), name, "{signature}");
        }
    }
}
