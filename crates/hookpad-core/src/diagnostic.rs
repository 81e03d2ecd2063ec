//! Problems found in the user's input, as values.
//!
//! Inside the core a [`Diagnostic`] points at a byte range of a named [`Source`]; [`Diagnostic::locate`]
//! adds the line and column once the source text is at hand (the edge).

use std::borrow::Cow;
use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::text::{LineIndex, PositionEncoding, TextRange};

/// How bad a problem is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Severity {
    /// LaunchDarkly would reject it, or the production request would be broken.
    Error,
    /// The dialects disagree, a field is missing, an unknown helper, a lint.
    Warning,
    /// Worth knowing.
    Info,
}

impl Severity {
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        }
    }

    /// What one problem of this severity is called in a count: "error", "warning", "note".
    #[must_use]
    pub fn noun(self) -> &'static str {
        match self {
            Severity::Info => "note",
            other => other.name(),
        }
    }
}

/// `n` things, as people write it: "1 error", "2 warnings", "0 notes". `noun` is singular and takes
/// an `s` in the plural (for other plurals, [`counted_as`]).
#[must_use]
pub fn counted(n: usize, noun: &str) -> String {
    counted_as(n, noun, &format!("{noun}s"))
}

/// `n` things, named `one` or `many`: "1 branch", "26 branches".
#[must_use]
pub fn counted_as(n: usize, one: &str, many: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {many}")
    }
}

/// How many problems there are of each severity: "2 errors, 1 warning, 0 notes".
#[must_use]
pub fn tally(severities: impl IntoIterator<Item = Severity>) -> String {
    let mut counts = [0usize; 3];
    for s in severities {
        counts[s as usize] += 1;
    }
    [Severity::Error, Severity::Warning, Severity::Info]
        .map(|s| counted(counts[s as usize], s.noun()))
        .join(", ")
}

/// Which input (or output) a diagnostic is about.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Source {
    Manifest,
    /// A template file, by the path the manifest names.
    Template(String),
    Event,
    Policy,
    /// The rendered request body.
    Output,
}

impl fmt::Display for Source {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Source::Manifest => f.write_str("manifest"),
            Source::Template(path) => write!(f, "template:{path}"),
            Source::Event => f.write_str("event"),
            Source::Policy => f.write_str("policy"),
            Source::Output => f.write_str("output"),
        }
    }
}

impl Serialize for Source {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Source {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        Ok(match text.as_str() {
            "manifest" => Source::Manifest,
            "event" => Source::Event,
            "policy" => Source::Policy,
            "output" => Source::Output,
            other => match other.strip_prefix("template:") {
                Some(path) => Source::Template(path.to_owned()),
                None => {
                    return Err(serde::de::Error::custom(format!(
                        "unknown diagnostic source `{other}`"
                    )))
                }
            },
        })
    }
}

/// A 1-based line/column range, as shown to people.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Location {
    pub line: u32,
    pub column: u32,
    pub end_line: u32,
    pub end_column: u32,
}

/// One problem.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Diagnostic {
    /// Stable kebab-case code, e.g. `template/missing-field`.
    pub code: Cow<'static, str>,
    pub severity: Severity,
    pub source: Source,
    /// JSON pointer into the manifest or event, when the problem is about a JSON value.
    pub pointer: Option<String>,
    /// Byte range in the source.
    pub range: Option<TextRange>,
    /// Line and column of `range`, filled in by [`Diagnostic::locate`].
    #[serde(flatten)]
    pub location: Option<Location>,
    pub message: String,
    pub hint: Option<String>,
}

impl Diagnostic {
    #[must_use]
    pub fn new(
        code: &'static str,
        severity: Severity,
        source: Source,
        message: impl Into<String>,
    ) -> Self {
        Self {
            code: Cow::Borrowed(code),
            severity,
            source,
            pointer: None,
            range: None,
            location: None,
            message: message.into(),
            hint: None,
        }
    }

    #[must_use]
    pub fn with_range(mut self, range: TextRange) -> Self {
        self.range = Some(range);
        self
    }

    #[must_use]
    pub fn with_pointer(mut self, pointer: impl Into<String>) -> Self {
        self.pointer = Some(pointer.into());
        self
    }

    #[must_use]
    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    /// Fills in [`Diagnostic::location`] from `range` in `text`, the source's text.
    pub fn locate(&mut self, text: &str, index: &LineIndex, encoding: PositionEncoding) {
        if let Some(range) = self.range {
            let start = index.line_col(text, range.start, encoding);
            let end = index.line_col(text, range.end, encoding);
            self.location = Some(Location {
                line: start.line,
                column: start.column,
                end_line: end.line,
                end_column: end.column,
            });
        }
    }
}

/// The byte range of a `serde_json` syntax error (line and column as it reports them) in `text`.
#[must_use]
pub fn json_error_range(text: &str, error: &serde_json::Error) -> TextRange {
    let line = error.line().max(1);
    let line_start = if line == 1 {
        0
    } else {
        text.match_indices('\n')
            .nth(line - 2)
            .map_or(text.len(), |(i, _)| i + 1)
    };
    // serde_json counts columns in bytes; 0 means "before the first byte".
    let mut offset = (line_start + error.column().saturating_sub(1)).min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let end = text[offset..]
        .chars()
        .next()
        .map_or(offset, |c| offset + c.len_utf8());
    TextRange::new(offset, end)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_errors_point_at_the_offending_character() {
        let text = "{\n  \"é\": 1,\n  \"b\": x\n}";
        let error = serde_json::from_str::<serde_json::Value>(text).unwrap_err();
        let range = json_error_range(text, &error);
        assert_eq!(&text[range.to_range()], "x");
        let mut d = Diagnostic::new("event/invalid-json", Severity::Error, Source::Event, "bad")
            .with_range(range);
        d.locate(text, &LineIndex::new(text), PositionEncoding::Chars);
        assert_eq!(
            d.location,
            Some(Location {
                line: 3,
                column: 8,
                end_line: 3,
                end_column: 9
            })
        );
    }

    #[test]
    fn counts_are_singular_only_for_one() {
        assert_eq!(counted(0, "error"), "0 errors");
        assert_eq!(counted(1, "warning"), "1 warning");
        assert_eq!(counted(2, "note"), "2 notes");
        assert_eq!(counted_as(1, "branch", "branches"), "1 branch");
        assert_eq!(counted_as(26, "branch", "branches"), "26 branches");
        assert_eq!(tally([]), "0 errors, 0 warnings, 0 notes");
        assert_eq!(
            tally([Severity::Info, Severity::Error, Severity::Error]),
            "2 errors, 0 warnings, 1 note"
        );
        assert_eq!(tally([Severity::Warning]), "0 errors, 1 warning, 0 notes");
    }

    #[test]
    fn sources_print_as_the_wire_names() {
        assert_eq!(
            Source::Template("templates/a.json.hbs".into()).to_string(),
            "template:templates/a.json.hbs"
        );
        assert_eq!(Source::Output.to_string(), "output");
    }
}
