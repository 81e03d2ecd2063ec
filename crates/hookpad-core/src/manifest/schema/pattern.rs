//! The string patterns and formats of the schema, each as a hand-written matcher that accepts
//! exactly what the JavaScript regular expression accepts (no regex engine in the core).

/// A `pattern` (or `format`) of the schema.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Pattern {
    /// A semantic version (`1.0.0`, `1.0.1-beta`, `1.0.0+build.1`).
    SemVer,
    /// One line: no line terminator (`^(.*)$` without the `m` flag).
    SingleLine,
    /// Starts with `http://` or `https://`, any case.
    HttpUrl,
    /// Ends with `.svg`.
    SvgFile,
    /// No white space (JavaScript's `\s`).
    NoSpace,
    /// A relative path such as `/settings/x` or `settings/x?tab=1`.
    InternalPath,
    /// `format: email` as Ajv 6 checks it by default (its "fast" regular expression).
    Email,
}

impl Pattern {
    /// The schema's own text for this pattern (`pattern` keyword; `email` for the format), so a
    /// test can compare with the schema file.
    #[must_use]
    pub fn source(self) -> &'static str {
        match self {
            Pattern::SemVer => {
                r"^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?(?:\+([0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*))?$"
            }
            Pattern::SingleLine => "^(.*)$",
            Pattern::HttpUrl => "^[Hh][Tt][Tt][Pp][Ss]?://",
            Pattern::SvgFile => r"\.svg$",
            Pattern::NoSpace => r"^[^\s]*$",
            Pattern::InternalPath => r"^(/[^/]+)+(?:\?[^\s]*)?$|^[^/]+(/[^/]+)*(?:\?[^\s]*)?$",
            Pattern::Email => "email",
        }
    }

    /// Whether `s` matches.
    #[must_use]
    pub fn matches(self, s: &str) -> bool {
        match self {
            Pattern::SemVer => semver(s),
            Pattern::SingleLine => !s.contains(['\n', '\r', '\u{2028}', '\u{2029}']),
            Pattern::HttpUrl => {
                let lower = s.get(..8).unwrap_or(s).to_ascii_lowercase();
                lower.starts_with("http://") || lower.starts_with("https://")
            }
            Pattern::SvgFile => s.ends_with(".svg"),
            Pattern::NoSpace => !s.chars().any(crate::render::syntax::js_space),
            Pattern::InternalPath => internal_path(s),
            Pattern::Email => email(s),
        }
    }

    /// The diagnostic code for a value that does not match.
    #[must_use]
    pub fn code(self) -> &'static str {
        match self {
            Pattern::SemVer => "manifest/invalid-version",
            Pattern::SingleLine => "manifest/multi-line",
            Pattern::HttpUrl => "manifest/invalid-url",
            Pattern::SvgFile => "manifest/invalid-icon-path",
            Pattern::NoSpace => "manifest/contains-space",
            Pattern::InternalPath => "manifest/invalid-path",
            Pattern::Email => "manifest/invalid-email",
        }
    }

    /// What a matching value looks like, for messages.
    #[must_use]
    pub fn expected(self) -> &'static str {
        match self {
            Pattern::SemVer => "a semantic version such as \"1.0.0\"",
            Pattern::SingleLine => "a single line (no line break)",
            Pattern::HttpUrl => "a URL starting with http:// or https://",
            Pattern::SvgFile => "a path ending in \".svg\"",
            Pattern::NoSpace => "text without white space",
            Pattern::InternalPath => "a relative path such as \"/settings/integrations\"",
            Pattern::Email => "an email address such as \"support@example.com\"",
        }
    }
}

/// A numeric identifier without leading zeros.
fn numeric(id: &str) -> bool {
    !id.is_empty() && id.bytes().all(|b| b.is_ascii_digit()) && (id == "0" || !id.starts_with('0'))
}

fn alnum_hyphen(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'-'
}

fn semver(s: &str) -> bool {
    let (rest, build) = match s.split_once('+') {
        Some((r, b)) => (r, Some(b)),
        None => (s, None),
    };
    let (core, pre) = match rest.split_once('-') {
        Some((c, p)) => (c, Some(p)),
        None => (rest, None),
    };
    let core_ok = {
        let parts: Vec<&str> = core.split('.').collect();
        parts.len() == 3 && parts.iter().all(|p| numeric(p))
    };
    let pre_ok = pre.is_none_or(|p| {
        p.split('.').all(|id| {
            numeric(id)
                || (!id.is_empty()
                    && id.bytes().all(alnum_hyphen)
                    && id.bytes().any(|b| !b.is_ascii_digit()))
        })
    });
    let build_ok = build.is_none_or(|b| {
        b.split('.')
            .all(|id| !id.is_empty() && id.bytes().all(alnum_hyphen))
    });
    core_ok && pre_ok && build_ok
}

/// `/a/b` (segments of one or more non-`/` characters), or `a/b`, optionally followed by `?` and
/// a query without white space (which may contain `/`).
fn internal_path(s: &str) -> bool {
    let segments_ok = |p: &str| {
        let body = p.strip_prefix('/').unwrap_or(p);
        !body.is_empty() && body.split('/').all(|seg| !seg.is_empty())
    };
    if segments_ok(s) {
        return true;
    }
    s.match_indices('?').any(|(i, _)| {
        let (path, query) = (&s[..i], &s[i + 1..]);
        segments_ok(path) && !query.chars().any(crate::render::syntax::js_space)
    })
}

/// Ajv 6's default ("fast") email check: `local@label(.label)*`, the local part from
/// `[a-z0-9.!#$%&'*+/=?^_`{|}~-]`, each label 1–63 letters, digits or inner hyphens, any case.
fn email(s: &str) -> bool {
    let Some((local, domain)) = s.split_once('@') else {
        return false;
    };
    let local_ok = !local.is_empty()
        && local
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+/=?^_`{|}~.-".contains(&b));
    let label_ok = |l: &str| {
        let b = l.as_bytes();
        !b.is_empty()
            && b.len() <= 63
            && b.iter().all(|c| c.is_ascii_alphanumeric() || *c == b'-')
            && b[0] != b'-'
            && b[b.len() - 1] != b'-'
    };
    local_ok && domain.split('.').all(label_ok)
}

#[cfg(test)]
mod tests {
    use super::Pattern::*;

    #[test]
    fn versions() {
        for ok in [
            "0.0.1",
            "1.0.0",
            "1.0.1-beta",
            "1.2.3-rc.1+build.5",
            "10.20.30-0a",
        ] {
            assert!(SemVer.matches(ok), "{ok}");
        }
        for bad in [
            "1.0", "01.0.0", "1.0.0-", "1.0.0-01", "1.0.0+", "v1.0.0", "1.0.0 ",
        ] {
            assert!(!SemVer.matches(bad), "{bad}");
        }
    }

    #[test]
    fn emails() {
        assert!(Email.matches("support@example.com"));
        assert!(Email.matches("a.b+c@x-y.io"));
        assert!(Email.matches("team@localhost"));
        for bad in [
            "support",
            "a@",
            "@b.com",
            "a@-b.com",
            "a@b..com",
            "a b@c.com",
            "a@b@c",
        ] {
            assert!(!Email.matches(bad), "{bad}");
        }
    }

    #[test]
    fn paths_and_urls() {
        for ok in ["/settings/x", "settings", "a/b?x=/y", "/a?"] {
            assert!(InternalPath.matches(ok), "{ok}");
        }
        for bad in ["", "/", "a//b", "/a/", "//a", "a b?x y/"] {
            assert!(!InternalPath.matches(bad), "{bad}");
        }
        assert!(HttpUrl.matches("HTTPS://x"));
        assert!(!HttpUrl.matches("ftp://x"));
        assert!(SingleLine.matches("one line"));
        assert!(!SingleLine.matches("two\nlines"));
        assert!(!NoSpace.matches("a\u{a0}b"));
        assert!(SvgFile.matches("assets/a.svg"));
        assert!(!SvgFile.matches("assets/a.SVG"));
    }
}
