//! The HTTP request LaunchDarkly would send, and its exports (curl, Markdown).

use std::fmt::Write as _;

use hmac::{Hmac, Mac};
use serde::{Deserialize, Serialize};
use sha2::Sha256;

/// One header, after rendering.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct HeaderValue {
    pub name: String,
    pub value: String,
}

/// The request: method, URL, headers and body, exactly as they would be sent.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Request {
    pub method: String,
    pub url: String,
    pub headers: Vec<HeaderValue>,
    pub body: String,
}

/// Hex HMAC-SHA256 of `body` keyed with `secret` (SPEC §6).
#[must_use]
pub fn hmac_signature(secret: &str, body: &str) -> String {
    // HMAC accepts keys of any length, so `new_from_slice` cannot fail for SHA-256.
    let Ok(mut mac) = Hmac::<Sha256>::new_from_slice(secret.as_bytes()) else {
        return String::new();
    };
    mac.update(body.as_bytes());
    hex::encode(mac.finalize().into_bytes())
}

/// Quotes `text` for a POSIX shell: one single-quoted word, whatever it contains.
#[must_use]
pub fn shell_quote(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('\'');
    let mut parts = text.split('\'');
    out.push_str(parts.next().unwrap_or_default());
    for part in parts {
        out.push_str("'\\''");
        out.push_str(part);
    }
    out.push('\'');
    out
}

impl Request {
    /// A `curl` command that sends this request byte for byte. Every part is single-quoted, so
    /// quotes, `&`, `$`, backslashes and newlines survive the shell.
    #[must_use]
    pub fn to_curl(&self) -> String {
        let mut out = format!(
            "curl -sS -X {} {}",
            shell_quote(&self.method),
            shell_quote(&self.url)
        );
        for h in &self.headers {
            let _ = write!(
                out,
                " \\\n  -H {}",
                shell_quote(&format!("{}: {}", h.name, h.value))
            );
        }
        if !self.body.is_empty() {
            let _ = write!(out, " \\\n  --data-binary {}", shell_quote(&self.body));
        }
        out
    }

    /// A Markdown block for a pull-request description.
    #[must_use]
    pub fn to_markdown(&self, language: &str) -> String {
        let mut out = String::new();
        let _ = writeln!(
            out,
            "**{}** `{}`",
            self.method,
            self.url.replace('`', "\\`")
        );
        if !self.headers.is_empty() {
            out.push_str("\n| Header | Value |\n| --- | --- |\n");
            for h in &self.headers {
                let cell = |s: &str| s.replace('|', "\\|").replace('\n', " ");
                let _ = writeln!(out, "| {} | {} |", cell(&h.name), cell(&h.value));
            }
        }
        if !self.body.is_empty() {
            // A fence longer than any run of backticks in the body.
            let longest = self
                .body
                .split(|c| c != '`')
                .map(str::len)
                .max()
                .unwrap_or(0);
            let fence = "`".repeat(longest.max(2) + 1);
            let _ = write!(out, "\n{fence}{language}\n{}", self.body);
            if !self.body.ends_with('\n') {
                out.push('\n');
            }
            let _ = writeln!(out, "{fence}");
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hmac_matches_rfc_4231_case_2() {
        // RFC 4231 test case 2: key "Jefe", data "what do ya want for nothing?".
        assert_eq!(
            hmac_signature("Jefe", "what do ya want for nothing?"),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        );
    }

    #[test]
    fn shell_quoting() {
        assert_eq!(
            shell_quote("it's $HOME & \"x\"\n"),
            "'it'\\''s $HOME & \"x\"\n'"
        );
        assert_eq!(shell_quote(""), "''");
        assert_eq!(shell_quote("''"), r"''\'''\'''");
    }

    #[test]
    fn markdown_fence_outgrows_backticks_in_the_body() {
        let r = Request {
            method: "POST".into(),
            url: "https://x".into(),
            headers: vec![],
            body: "a ```` b".into(),
        };
        assert!(r.to_markdown("json").contains("`````json\n"));
    }
}
