//! How the template builder ([`super::build`]) rewrites the paths and literals inside a tag so
//! that they resolve as the dialect resolves them: every path argument becomes `(__path "...")`,
//! literals follow handlebars.js's lexer in preview, block parameters follow its strict mode.

/// A path as a string literal for the lazy-lookup helpers (`.` is spelled `this`).
pub(super) fn quoted_path(path: &str) -> String {
    let path = match path {
        "." => "this".to_owned(),
        // `..` is the parent context itself: `../this` to the crate.
        _ if path.ends_with("..")
            && path
                .trim_end_matches("..")
                .trim_end_matches("../")
                .is_empty() =>
        {
            format!("{path}/this")
        }
        _ => path.to_owned(),
    };
    serde_json::Value::from(path).to_string()
}

/// A literal's JavaScript value as a string (`String(literal.original)`): a string literal's text,
/// a number in JavaScript's form, `true`, `null`, `undefined`.
pub(super) fn literal_as_name(literal: &str) -> String {
    if let Some(inner) = literal
        .strip_prefix('"')
        .and_then(|l| l.strip_suffix('"'))
        .or_else(|| {
            literal
                .strip_prefix('\'')
                .and_then(|l| l.strip_suffix('\''))
        })
    {
        return inner.to_owned();
    }
    match literal.parse::<f64>() {
        Ok(f) => super::value::js_number(f),
        Err(_) => literal.to_owned(),
    }
}

fn is_literal(word: &str) -> bool {
    matches!(word, "true" | "false" | "null" | "undefined") || word.parse::<f64>().is_ok()
}

/// Rewrites every path argument of a helper call (`if items.length`, `queryEncode (lookup a b)`)
/// into `(__path "...")`, so that paths resolve as the dialect resolves them. Helper names (the
/// first word of the call and of each subexpression), literals, hash keys and block parameters
/// stay as written.
#[cfg(test)]
fn lazy_params(text: &str) -> String {
    Rewrite::default().params(text)
}

/// How the builder rewrites a call's paths and literals for the dialect.
#[derive(Default)]
pub(super) struct Rewrite<'a> {
    /// handlebars.js's literals (preview): a number in JavaScript's form (`007` is 7), a string
    /// that keeps its backslashes (its lexer unescapes only the quote).
    pub(super) js_literals: bool,
    /// Block parameters in scope (preview).
    pub(super) block_params: &'a [String],
    /// ` depth=N` after each path (production).
    pub(super) depth_hash: String,
    /// How many enclosing blocks may change the context (preview: a path with more `../` than
    /// that reads above the root, which handlebars.js does not have).
    pub(super) above_root_after: Option<usize>,
}

/// A path's `../` steps above a context `depth` blocks deep: `Some(rest)` when it climbs above
/// the root, with the part after the steps (empty for `..` itself).
pub(super) fn above_root(path: &str, depth: usize) -> Option<&str> {
    let rest = path.trim_start_matches("../");
    let mut steps = (path.len() - rest.len()) / 3;
    let rest = match rest {
        ".." => {
            steps += 1;
            ""
        }
        _ => rest,
    };
    (steps > depth).then_some(rest)
}

impl Rewrite<'_> {
    /// handlebars.js in strict mode resolves a path that starts with a block parameter from the
    /// parameter's value *including* its first segment (`item.name` is `item.item.name`: its
    /// `strictLookup` ignores the start index) and with no strict check.
    pub(super) fn block_param_path(&self, path: &str) -> Option<String> {
        let first = path.split(['.', '/']).next()?;
        self.block_params
            .iter()
            .any(|p| p == first)
            .then(|| format!("{first}.{path}"))
    }

    /// A string literal as the crate reads it.
    fn string(&self, literal: &str) -> String {
        let quote = literal.chars().next().unwrap_or('"');
        match literal
            .strip_prefix(quote)
            .and_then(|l| l.strip_suffix(quote))
        {
            Some(inner) if self.js_literals => {
                let unescaped = inner.replace(&format!("\\{quote}"), &quote.to_string());
                serde_json::Value::from(unescaped).to_string()
            }
            _ => literal.to_owned(),
        }
    }

    #[allow(clippy::too_many_lines)]
    pub(super) fn params(&self, text: &str) -> String {
        let bytes = text.as_bytes();
        let mut out = String::with_capacity(text.len() + 32);
        let mut i = 0;
        let mut head_expected = true;
        while i < bytes.len() {
            let c = bytes[i];
            match c {
                b'(' => {
                    out.push('(');
                    i += 1;
                    head_expected = true;
                }
                b')' | b'=' => {
                    out.push(char::from(c));
                    i += 1;
                }
                b'"' | b'\'' => {
                    let start = i;
                    i += 1;
                    while i < bytes.len() && bytes[i] != c {
                        i += if bytes[i] == b'\\' { 2 } else { 1 };
                    }
                    i = (i + 1).min(bytes.len());
                    out.push_str(&self.string(&text[start..i]));
                    head_expected = false;
                }
                b'|' => {
                    let end = text[i + 1..].find('|').map_or(text.len(), |p| i + p + 2);
                    out.push_str(&text[i..end]);
                    i = end;
                }
                _ if c.is_ascii_whitespace() => {
                    out.push(char::from(c));
                    i += 1;
                }
                _ => {
                    let start = i;
                    while i < bytes.len() {
                        let b = bytes[i];
                        if b == b'[' {
                            i = text[i..].find(']').map_or(text.len(), |p| i + p + 1);
                            continue;
                        }
                        if b.is_ascii_whitespace()
                            || matches!(b, b'(' | b')' | b'=' | b'|' | b'"' | b'\'')
                        {
                            break;
                        }
                        i += 1;
                    }
                    let word = &text[start..i];
                    let is_key = text[i..].trim_start().starts_with('=');
                    if word == "undefined" && !head_expected && !is_key {
                        // The `handlebars` crate has no `undefined` literal: a helper that gives
                        // nothing stands in for it.
                        out.push_str("(__undefined)");
                    } else if head_expected || is_key || word == "as" {
                        out.push_str(word);
                    } else if let Some(rest) =
                        self.above_root_after.and_then(|d| above_root(word, d))
                    {
                        // Above the root handlebars.js reads `undefined`, and a name of it is a
                        // TypeError.
                        if rest.is_empty() {
                            out.push_str("(__undefined)");
                        } else {
                            out.push_str(&format!("(__above_root {})", quoted_path(word)));
                        }
                    } else if is_literal(word) {
                        match word.parse::<f64>() {
                            Ok(f) if self.js_literals => out.push_str(&super::value::js_number(f)),
                            _ => out.push_str(word),
                        }
                    } else {
                        // `(__path "p" true)`: a block parameter's path, read from the parameter.
                        let path = self.block_param_path(word);
                        out.push_str("(__path ");
                        out.push_str(&quoted_path(path.as_deref().unwrap_or(word)));
                        if path.is_some() {
                            out.push_str(" true");
                        }
                        out.push_str(&self.depth_hash);
                        out.push(')');
                    }
                    head_expected = false;
                }
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::lazy_params;

    #[test]
    fn paths_become_lazy_lookups_and_the_rest_stays() {
        assert_eq!(
            lazy_params("if items.length"),
            "if (__path \"items.length\")"
        );
        assert_eq!(
            lazy_params("each xs as |x i|"),
            "each (__path \"xs\") as |x i|"
        );
        assert_eq!(
            lazy_params("formatWithOffset t 3600 'simple'"),
            "formatWithOffset (__path \"t\") 3600 'simple'"
        );
        assert_eq!(
            lazy_params("queryEncode (lookup o k) includeZero=true x=y"),
            "queryEncode (lookup (__path \"o\") (__path \"k\")) includeZero=true x=(__path \"y\")"
        );
        assert_eq!(
            lazy_params("equal a \"b c\""),
            "equal (__path \"a\") \"b c\""
        );
    }
}
