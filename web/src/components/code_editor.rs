//! A labelled code editor (CodeMirror, through [`crate::editor`]) for JSON and template sources:
//! line numbers, highlighting, squiggles for the simulation's diagnostics, search, undo, a
//! soft-wrap toggle. The text is controlled: the editor reports each edit, and a new `value`
//! from the state replaces the editor's text when they differ.

use std::cell::RefCell;
use std::rc::Rc;

use implicit_clone::unsync::IString;
use yew::prelude::*;

use crate::editor::{Editor, Language, Mark, Options};
use crate::scope::Scope;

/// A request to select a range (1-based lines, UTF-16 columns); `seq` tells two apart.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Selection {
    pub line: u32,
    pub column: u32,
    pub end_line: u32,
    pub end_column: u32,
    pub seq: u64,
}

#[derive(Properties)]
pub struct CodeEditorProps {
    pub id: AttrValue,
    pub label: AttrValue,
    pub testid: AttrValue,
    pub value: AttrValue,
    pub on_change: Callback<String>,
    #[prop_or(Language::Json)]
    pub language: Language,
    /// Which document the editor shows (a template path): each keeps its own undo history.
    #[prop_or_default]
    pub doc_key: Option<AttrValue>,
    /// The squiggles for `value`; `None` leaves the current ones (mapped through the edits since).
    #[prop_or_default]
    pub marks: Option<Rc<Vec<Mark>>>,
    #[prop_or_default]
    pub select: Option<Selection>,
    /// What the editor's templates see: completion and hover inside `{{ }}` use it.
    #[prop_or_default]
    pub scope: Option<Scope>,
    /// Marks the editor as holding an error (for assistive technology too).
    #[prop_or_default]
    pub invalid: bool,
    #[prop_or_default]
    pub hint: Option<AttrValue>,
    /// A paste longer than this many UTF-16 units is applied without going through the editor
    /// (laying out megabytes freezes the page).
    #[prop_or_default]
    pub paste_limit: Option<u32>,
    /// Built when it nears the visible part of the page, the page is idle, or the user reaches
    /// it (a preview of the text stands in until then): for editors below the fold, so that
    /// the first render does not wait for them.
    #[prop_or_default]
    pub deferred: bool,
}

/// The same text: the same pointer first (an unchanged multi-megabyte event is never compared
/// byte by byte), else equal contents.
fn same_text(a: &AttrValue, b: &AttrValue) -> bool {
    match (a, b) {
        (IString::Rc(x), IString::Rc(y)) if Rc::ptr_eq(x, y) => true,
        _ => a == b,
    }
}

impl PartialEq for CodeEditorProps {
    fn eq(&self, other: &Self) -> bool {
        same_text(&self.value, &other.value)
            && self.id == other.id
            && self.label == other.label
            && self.testid == other.testid
            && self.on_change == other.on_change
            && self.language == other.language
            && self.doc_key == other.doc_key
            && self.marks == other.marks
            && self.select == other.select
            && self.scope == other.scope
            && self.invalid == other.invalid
            && self.hint == other.hint
            && self.paste_limit == other.paste_limit
            && self.deferred == other.deferred
    }
}

type Slot = Rc<RefCell<Option<Editor>>>;

#[component]
pub fn CodeEditor(props: &CodeEditorProps) -> Html {
    let host = use_node_ref();
    let editor: Slot = use_mut_ref(|| None);
    let on_change = use_mut_ref(|| props.on_change.clone());
    *on_change.borrow_mut() = props.on_change.clone();
    let wrap = use_state_eq(|| false);
    let key = use_mut_ref(|| props.doc_key.clone());
    let scope = use_mut_ref(|| props.scope.clone());
    scope.borrow_mut().clone_from(&props.scope);

    // Made once, when the element is on the page; dropped with the component.
    {
        let host = host.clone();
        let editor = editor.clone();
        let (language, label, value) = (props.language, props.label.clone(), props.value.clone());
        let limit = props.paste_limit.unwrap_or(0);
        let deferred = props.deferred;
        let scope = scope.clone();
        use_effect_with((), move |()| {
            if let Some(parent) = host.cast::<web_sys::Element>() {
                let report = on_change.clone();
                let resolve = move |path: String| {
                    scope
                        .borrow()
                        .as_ref()
                        .map_or(wasm_bindgen::JsValue::NULL, |s| s.ask(path))
                };
                let options = Options {
                    language,
                    paste_limit: limit,
                    deferred,
                };
                *editor.borrow_mut() = Some(Editor::new(
                    &parent,
                    options,
                    &label,
                    &value,
                    move |text| {
                        let callback = report.borrow().clone();
                        callback.emit(text);
                    },
                    resolve,
                ));
            }
            move || drop(editor.borrow_mut().take())
        });
    }
    {
        let editor = editor.clone();
        let value = props.value.clone();
        use_effect_with(props.doc_key.clone(), move |doc_key| {
            let old = key.replace(doc_key.clone());
            if let (Some(e), Some(new)) = (editor.borrow().as_ref(), doc_key) {
                if old.as_ref() != Some(new) {
                    e.switch_doc(old.map(|k| k.to_string()), new, &value);
                }
            }
        });
    }
    {
        let editor = editor.clone();
        use_effect_with(props.value.clone(), move |value| {
            if let Some(e) = editor.borrow().as_ref() {
                e.set_text(value);
            }
        });
    }
    {
        let editor = editor.clone();
        let value = props.value.clone();
        use_effect_with(
            (props.marks.clone(), props.doc_key.clone()),
            move |(marks, _)| {
                if let (Some(e), Some(marks)) = (editor.borrow().as_ref(), marks) {
                    let length = u32::try_from(value.encode_utf16().count()).unwrap_or(u32::MAX);
                    e.set_marks(marks, length);
                }
            },
        );
    }
    {
        let editor = editor.clone();
        use_effect_with(props.select, move |select| {
            if let (Some(e), Some(s)) = (editor.borrow().as_ref(), select) {
                e.select(s.line, s.column, s.end_line, s.end_column);
            }
        });
    }
    {
        let editor = editor.clone();
        use_effect_with(props.scope.clone(), move |scope| {
            if let (Some(e), Some(scope)) = (editor.borrow().as_ref(), scope) {
                e.set_scope(scope.text());
            }
        });
    }
    {
        let editor = editor.clone();
        use_effect_with(
            (props.label.clone(), props.invalid),
            move |(label, invalid)| {
                if let Some(e) = editor.borrow().as_ref() {
                    e.set_label(label, *invalid);
                }
            },
        );
    }
    {
        let editor = editor.clone();
        use_effect_with(*wrap, move |on| {
            if let Some(e) = editor.borrow().as_ref() {
                e.set_wrap(*on);
            }
        });
    }
    let toggle_wrap = {
        let wrap = wrap.clone();
        Callback::from(move |_| wrap.set(!*wrap))
    };
    let hint_id = format!("{}-hint", props.id);
    let label_id = format!("{}-label", props.id);
    html! {
        <div class="field">
            <div class="editor-head">
                <span class="label" id={label_id}>{ props.label.clone() }</span>
                <label class="wrap-toggle">
                    <input type="checkbox" checked={*wrap} onchange={toggle_wrap}
                        data-testid={format!("{}-wrap", props.testid)} />
                    { "Wrap lines" }
                </label>
            </div>
            if let Some(hint) = &props.hint {
                <p class="hint" id={hint_id} data-testid={format!("{}-hint", props.testid)}>{ hint.clone() }</p>
            }
            <div id={props.id.clone()} class="code-editor" data-testid={props.testid.clone()}
                data-invalid={props.invalid.to_string()} ref={host} />
        </div>
    }
}
