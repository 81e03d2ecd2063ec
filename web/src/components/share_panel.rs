//! The share link, built when the user asks: a read-only field with the link, copied to the
//! clipboard with feedback; or, for inputs too large for an address, a message saying so.

use web_sys::HtmlInputElement;
use yew::prelude::*;

use super::notices::megabytes;
use crate::browser;
use crate::share::MAX_LINK_BYTES;

/// What the share panel shows.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ShareView {
    Link { url: AttrValue, without_event: bool },
    TooLarge { bytes: usize, event_bytes: usize },
}

#[derive(Properties, PartialEq)]
pub struct SharePanelProps {
    pub view: ShareView,
    /// Build the link again (`true`: without the event).
    pub on_share: Callback<bool>,
    pub on_close: Callback<()>,
}

#[component]
pub fn SharePanel(props: &SharePanelProps) -> Html {
    // `None`: not tried yet; then whether the clipboard took it.
    let copied = use_state_eq(|| None::<bool>);
    let input_ref = use_node_ref();
    {
        // Copy as soon as a link is made.
        let copied = copied.clone();
        let input_ref = input_ref.clone();
        use_effect_with(props.view.clone(), move |view| {
            copied.set(None);
            if let ShareView::Link { url, .. } = view {
                if let Some(input) = input_ref.cast::<HtmlInputElement>() {
                    input.select();
                }
                let copied = copied.clone();
                browser::copy(url, move |ok| copied.set(Some(ok)));
            }
        });
    }
    let on_close = props.on_close.clone();
    let close = html! {
        <button type="button" class="secondary" aria-label="Close" onclick={Callback::from(move |_| on_close.emit(()))}>{ "×" }</button>
    };
    match &props.view {
        ShareView::Link { url, without_event } => {
            let copy = {
                let copied = copied.clone();
                let url = url.clone();
                Callback::from(move |_| {
                    let copied = copied.clone();
                    browser::copy(&url, move |ok| copied.set(Some(ok)));
                })
            };
            let feedback = match *copied {
                Some(true) => "Copied",
                Some(false) => "Select the link and copy it",
                None => "",
            };
            html! {
                <section class="share-panel" aria-label="Share link">
                    <label for="share-url">{ if *without_event { "Share link (without the event)" } else { "Share link" } }</label>
                    <input id="share-url" data-testid="share-url" type="text" readonly=true value={url.clone()} ref={input_ref}
                        onfocus={Callback::from(|e: FocusEvent| e.target_unchecked_into::<HtmlInputElement>().select())} />
                    <button type="button" data-testid="copy-share" onclick={copy}>{ "Copy" }</button>
                    <span class="muted small" role="status" data-testid="share-copied">{ feedback }</span>
                    { close }
                    <span class="hint">{ "Everything but secret values, in the address itself: nothing is uploaded." }</span>
                </section>
            }
        }
        ShareView::TooLarge { bytes, event_bytes } => {
            let on_share = props.on_share.clone();
            let big_event = *event_bytes * 2 > *bytes;
            html! {
                <section class="share-panel" aria-label="Share link" role="alert" data-testid="share-too-large">
                    <p>
                        { format!("Too large for a link: your inputs ({}) compress to more than {} KB, and an address that long \
                            breaks in chat and email.", megabytes(*bytes), MAX_LINK_BYTES / 1024) }
                        if big_event { { format!(" Most of it is the event ({}).", megabytes(*event_bytes)) } }
                    </p>
                    if big_event {
                        <button type="button" data-testid="share-without-event" onclick={Callback::from(move |_| on_share.emit(true))}>
                            { "Share without the event" }
                        </button>
                    }
                    { close }
                </section>
            }
        }
    }
}
