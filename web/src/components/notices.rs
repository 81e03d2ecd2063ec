//! Messages about the user's work: undo after a replacement, a saved event that could not be
//! kept, autosave trouble.

use yew::prelude::*;

use crate::app::SaveNote;
use crate::state::{Notice, Replacement};

#[derive(Properties, PartialEq)]
pub struct NoticesProps {
    pub undo: Option<Replacement>,
    pub notice: Option<Notice>,
    pub save_note: Option<SaveNote>,
    pub on_undo: Callback<()>,
    pub on_dismiss_undo: Callback<()>,
    pub on_dismiss_notice: Callback<()>,
}

/// Megabytes, for messages.
#[must_use]
pub fn megabytes(bytes: usize) -> String {
    #[allow(clippy::cast_precision_loss)]
    let mb = bytes as f64 / 1_000_000.0;
    format!("{mb:.1} MB")
}

#[component]
pub fn Notices(props: &NoticesProps) -> Html {
    if props.undo.is_none() && props.notice.is_none() && props.save_note.is_none() {
        return html! {};
    }
    let on_undo = props.on_undo.clone();
    let on_dismiss_undo = props.on_dismiss_undo.clone();
    let on_dismiss_notice = props.on_dismiss_notice.clone();
    html! {
        <div class="notices">
            if let Some(what) = props.undo {
                <p class="notice" role="status" data-testid="undo-notice">
                    { match what {
                        Replacement::Example => "The example replaced your integration.",
                        Replacement::New => "A blank integration replaced yours.",
                        Replacement::Import => "The imported integration replaced yours.",
                    } }
                    { " " }
                    <button type="button" data-testid="undo" onclick={Callback::from(move |_| on_undo.emit(()))}>{ "Undo" }</button>
                    { " " }
                    <button type="button" class="secondary" aria-label="Dismiss" onclick={Callback::from(move |_| on_dismiss_undo.emit(()))}>{ "×" }</button>
                </p>
            }
            if let Some(Notice::EventNotRestored { bytes }) = &props.notice {
                <p class="notice" role="status" data-testid="event-not-restored">
                    { format!("The event ({}) was too large to keep, so a sample event stands in for it. Paste yours again.", megabytes(*bytes)) }
                    { " " }
                    <button type="button" class="secondary" aria-label="Dismiss" onclick={Callback::from(move |_| on_dismiss_notice.emit(()))}>{ "×" }</button>
                </p>
            }
            { match props.save_note {
                Some(SaveNote::EventLeftOut(bytes)) => html! {
                    <p class="notice warn" role="status" data-testid="autosave-note">
                        { format!("Saved in this browser without the event: at {} it is too large for local storage. \
                            The integration is kept; after a reload, paste the event again.", megabytes(bytes)) }
                    </p>
                },
                Some(SaveNote::Failed) => html! {
                    <p class="notice warn" role="status" data-testid="autosave-note">
                        { "This browser did not let Hookpad save your work (storage is full or disabled): it will be lost on reload." }
                    </p>
                },
                None => html! {},
            } }
        </div>
    }
}
