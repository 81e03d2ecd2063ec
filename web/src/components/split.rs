//! The desktop workspace: sources on the left, results on the right, with a separator between
//! them that a pointer drags or the keyboard moves (arrow keys, Shift for larger steps, Home,
//! End). The sources pane's share of the width is kept in local storage. Below 960 px the panes
//! stack and the separator is hidden (`web/style.css`).

use wasm_bindgen::JsCast;
use web_sys::{HtmlElement, KeyboardEvent, PointerEvent};
use yew::prelude::*;

use crate::browser;

const KEY: &str = "hookpad.split";
/// The sources pane's share of the width, in percent: default, least, most.
pub const DEFAULT: f64 = 50.0;
const MIN: f64 = 25.0;
const MAX: f64 = 75.0;

fn clamp(percent: f64) -> f64 {
    if percent.is_nan() {
        DEFAULT
    } else {
        percent.clamp(MIN, MAX)
    }
}

/// The share saved earlier, if any.
fn saved() -> f64 {
    browser::preference(KEY)
        .and_then(|s| s.parse::<f64>().ok())
        .map_or(DEFAULT, clamp)
}

/// The share after `key` on the separator, if the key moves it.
#[must_use]
pub fn step(percent: f64, key: &str, shift: bool) -> Option<f64> {
    let by = if shift { 10.0 } else { 2.0 };
    let next = match key {
        "ArrowLeft" | "ArrowDown" => percent - by,
        "ArrowRight" | "ArrowUp" => percent + by,
        "Home" => MIN,
        "End" => MAX,
        _ => return None,
    };
    Some(clamp(next))
}

#[derive(Properties, PartialEq)]
pub struct SplitProps {
    /// The sources pane's id (the separator controls it).
    pub start_id: AttrValue,
    pub start: Html,
    pub end: Html,
}

#[component]
pub fn Split(props: &SplitProps) -> Html {
    let host = use_node_ref();
    let percent = use_state_eq(saved);
    let dragging = use_mut_ref(|| false);
    // The width goes in through the CSS object model: the Content-Security-Policy forbids
    // `style` attributes.
    {
        let host = host.clone();
        use_effect_with(*percent, move |p| {
            if let Some(el) = host.cast::<HtmlElement>() {
                let _ = el.style().set_property("--split", &format!("{p:.1}%"));
            }
        });
    }
    let save = |p: f64| browser::set_preference(KEY, &format!("{p:.1}"));
    let onkeydown = {
        let percent = percent.clone();
        Callback::from(move |e: KeyboardEvent| {
            if let Some(next) = step(*percent, &e.key(), e.shift_key()) {
                e.prevent_default();
                percent.set(next);
                save(next);
            }
        })
    };
    let onpointerdown = {
        let dragging = dragging.clone();
        Callback::from(move |e: PointerEvent| {
            if e.button() != 0 {
                return;
            }
            if let Some(el) = e
                .target()
                .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            {
                let _ = el.set_pointer_capture(e.pointer_id());
            }
            e.prevent_default();
            *dragging.borrow_mut() = true;
        })
    };
    let onpointermove = {
        let dragging = dragging.clone();
        let percent = percent.clone();
        let host = host.clone();
        Callback::from(move |e: PointerEvent| {
            if !*dragging.borrow() {
                return;
            }
            if let Some(el) = host.cast::<web_sys::Element>() {
                let rect = el.get_bounding_client_rect();
                if rect.width() > 0.0 {
                    percent.set(clamp(
                        (f64::from(e.client_x()) - rect.left()) / rect.width() * 100.0,
                    ));
                }
            }
        })
    };
    let onpointerup = {
        let percent = percent.clone();
        Callback::from(move |_: PointerEvent| {
            if dragging.replace(false) {
                save(*percent);
            }
        })
    };
    let now = format!("{:.0}", *percent);
    html! {
        <main class="layout split" ref={host}>
            { props.start.clone() }
            <div class="separator" role="separator" tabindex="0" aria-orientation="vertical"
                aria-label="Resize the sources and results panes" aria-controls={props.start_id.clone()}
                aria-valuemin={format!("{MIN:.0}")} aria-valuemax={format!("{MAX:.0}")} aria-valuenow={now}
                data-testid="split" {onkeydown} {onpointerdown} {onpointermove}
                onpointerup={onpointerup.clone()} onpointercancel={onpointerup} />
            { props.end.clone() }
        </main>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_move_the_split_within_bounds() {
        assert_eq!(step(50.0, "ArrowLeft", false), Some(48.0));
        assert_eq!(step(50.0, "ArrowRight", true), Some(60.0));
        assert_eq!(step(26.0, "ArrowLeft", true), Some(MIN));
        assert_eq!(step(50.0, "End", false), Some(MAX));
        assert_eq!(step(50.0, "Home", false), Some(MIN));
        assert_eq!(step(50.0, "a", false), None);
        assert!((clamp(f64::NAN) - DEFAULT).abs() < f64::EPSILON);
    }
}
