//! Where `npm run preview` (handlebars.js) and production (Go raymond) render differently: both
//! renderings side by side, the differing lines highlighted, and differences that are only
//! whitespace labelled as such.

use hookpad_core::simulate::{DialectDifference, Rendered};
use similar::{ChangeTag, TextDiff};
use yew::prelude::*;

use super::Fold;

#[derive(Properties, PartialEq)]
pub struct DifferencesViewProps {
    pub differences: Vec<DialectDifference>,
}

fn text(r: &Rendered) -> String {
    match r {
        Rendered::Output(s) => s.clone(),
        Rendered::Error(e) => format!("Error: {e}"),
    }
}

/// One line of one side, and whether it differs from the other side.
type Line = (String, bool);

/// Both sides as lines, each marked when it is not in the other.
#[must_use]
pub fn side_by_side(preview: &str, production: &str) -> (Vec<Line>, Vec<Line>) {
    let (mut left, mut right) = (Vec::new(), Vec::new());
    for change in TextDiff::from_lines(preview, production).iter_all_changes() {
        let line = change.value().to_owned();
        match change.tag() {
            ChangeTag::Equal => {
                left.push((line.clone(), false));
                right.push((line, false));
            }
            ChangeTag::Delete => left.push((line, true)),
            ChangeTag::Insert => right.push((line, true)),
        }
    }
    (left, right)
}

/// The two differ only in spaces, tabs and line breaks.
#[must_use]
pub fn whitespace_only(a: &str, b: &str) -> bool {
    a != b && a.split_whitespace().eq(b.split_whitespace())
}

fn lines(side: &[Line], testid: &'static str) -> Html {
    html! {
        <pre class="diff" data-testid={testid}>
            { for side.iter().map(|(line, changed)| html! {
                <span class={classes!("line", changed.then_some("changed"))}>{ line.trim_end_matches('\n').to_owned() }</span>
            }) }
        </pre>
    }
}

#[component]
pub fn DifferencesView(props: &DifferencesViewProps) -> Html {
    if props.differences.is_empty() {
        return html! {};
    }
    html! {
        <Fold name="differences" label="Preview and production differ" testid="differences" heading={html! { { "Preview vs production" } }}>
            <p class="muted">{ "LaunchDarkly sends what production renders; npm run preview shows the left column. Differing lines are highlighted." }</p>
            { for props.differences.iter().map(|d| {
                let (preview, production) = (text(&d.preview), text(&d.production));
                let (left, right) = side_by_side(&preview, &production);
                let blank = whitespace_only(&preview, &production);
                html! {
                    <details key={d.part.clone()} open=true>
                        <summary>
                            { format!("{} differs from output line {}", d.part, d.line) }
                            if blank { { " " }<span class="pill" data-testid="whitespace-only">{ "whitespace only" }</span> }
                        </summary>
                        <div class="columns">
                            <div><h3>{ "preview (handlebars.js)" }</h3>{ lines(&left, "diff-preview") }</div>
                            <div><h3>{ "production (raymond)" }</h3>{ lines(&right, "diff-production") }</div>
                        </div>
                    </details>
                }
            }) }
        </Fold>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn marks_the_lines_that_differ() {
        let (left, right) = side_by_side("a\nb\nc\n", "a\nB\nc\n");
        assert_eq!(
            left.iter().map(|(_, c)| *c).collect::<Vec<_>>(),
            [false, true, false]
        );
        assert_eq!(right[1], ("B\n".to_owned(), true));
    }

    #[test]
    fn labels_whitespace_only_differences() {
        assert!(whitespace_only("{\n  \"a\": 1\n}", "{\n    \"a\": 1\n\n}"));
        assert!(!whitespace_only("a b", "a  c"));
        assert!(!whitespace_only("same", "same"));
    }
}
