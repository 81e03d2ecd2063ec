//! Glob patterns in names, tags and actions: `*` matches any run of characters (including none),
//! anywhere in the pattern; every other character matches itself, case-sensitively.
//!
//! Matching keeps one backtracking point (the last `*` seen), so it runs in O(pattern × text) at
//! worst and never backtracks exponentially: `*a*a*a*a*b` against a long run of `a` is instant.

use serde::Serialize;

/// A compiled glob.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(transparent)]
pub struct Glob(String);

impl Glob {
    #[must_use]
    pub fn new(pattern: &str) -> Self {
        Self(pattern.to_owned())
    }

    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Whether the pattern has a `*`.
    #[must_use]
    pub fn is_wildcard(&self) -> bool {
        self.0.contains('*')
    }

    /// Whether `text` matches the whole pattern.
    #[must_use]
    pub fn matches(&self, text: &str) -> bool {
        glob_match(self.0.as_bytes(), text.as_bytes()).0
    }

    /// How many steps matching `text` takes: the cost measure that tests bound, exact and free
    /// of timing noise.
    #[must_use]
    pub fn match_steps(&self, text: &str) -> usize {
        glob_match(self.0.as_bytes(), text.as_bytes()).1
    }
}

/// Byte-wise matching is exact for UTF-8: a literal character's bytes start with a lead byte,
/// which can never match inside another character.
/// Returns whether `text` matches, and the number of steps it took.
fn glob_match(pattern: &[u8], text: &[u8]) -> (bool, usize) {
    let (mut p, mut t) = (0, 0);
    let mut steps = 0usize;
    // The position after the last `*`, and the text position that star currently ends at.
    let mut backtrack: Option<(usize, usize)> = None;
    while t < text.len() {
        steps += 1;
        match pattern.get(p) {
            Some(b'*') => {
                p += 1;
                backtrack = Some((p, t));
            }
            Some(&c) if c == text[t] => {
                p += 1;
                t += 1;
            }
            _ => match backtrack {
                Some((after_star, star_end)) => {
                    p = after_star;
                    t = star_end + 1;
                    backtrack = Some((after_star, star_end + 1));
                }
                None => return (false, steps),
            },
        }
    }
    (pattern[p..].iter().all(|&c| c == b'*'), steps)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The reference: dynamic programming over (pattern prefix, text prefix).
    fn reference(pattern: &str, text: &str) -> bool {
        let p: Vec<char> = pattern.chars().collect();
        let t: Vec<char> = text.chars().collect();
        let mut dp = vec![vec![false; t.len() + 1]; p.len() + 1];
        dp[0][0] = true;
        for i in 1..=p.len() {
            dp[i][0] = dp[i - 1][0] && p[i - 1] == '*';
            for j in 1..=t.len() {
                dp[i][j] = if p[i - 1] == '*' {
                    dp[i - 1][j] || dp[i][j - 1]
                } else {
                    dp[i - 1][j - 1] && p[i - 1] == t[j - 1]
                };
            }
        }
        dp[p.len()][t.len()]
    }

    /// xorshift64*: a small deterministic generator for the property test.
    struct Rng(u64);
    impl Rng {
        fn next(&mut self) -> u64 {
            self.0 ^= self.0 >> 12;
            self.0 ^= self.0 << 25;
            self.0 ^= self.0 >> 27;
            self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
        }
        fn string(&mut self, alphabet: &[char], max: u64) -> String {
            let len = self.next() % (max + 1);
            (0..len)
                .map(|_| alphabet[(self.next() % alphabet.len() as u64) as usize])
                .collect()
        }
    }

    #[test]
    fn agrees_with_the_reference_on_random_inputs() {
        let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
        for _ in 0..20_000 {
            let pattern = rng.string(&['a', 'b', '*', 'é'], 8);
            let text = rng.string(&['a', 'b', 'é'], 10);
            assert_eq!(
                Glob::new(&pattern).matches(&text),
                reference(&pattern, &text),
                "{pattern:?} vs {text:?}"
            );
        }
    }

    #[test]
    fn examples() {
        assert!(Glob::new("*").matches(""));
        assert!(Glob::new("update*").matches("updateOn"));
        assert!(!Glob::new("update*").matches("createFlag"));
        assert!(Glob::new("ops_*").matches("ops_kill-switch"));
        assert!(Glob::new("*-prod*").matches("eu-prod-1"));
        assert!(!Glob::new("updateon").matches("updateOn"));
    }

    #[test]
    fn the_empty_pattern_matches_only_empty_text() {
        // From the fuzzer (fuzz/artifacts/glob): its target wrongly expected "" to match anything.
        assert!(Glob::new("").matches(""));
        assert!(!Glob::new("").matches("\u{0}\u{1c}*"));
        assert!(!Glob::new("").matches("\u{0}\u{0}^E?cxc"));
    }

    #[test]
    fn pathological_patterns_stay_linear_ish() {
        let text = "a".repeat(100_000);
        assert!(!Glob::new("*a*a*a*a*a*a*a*a*b").matches(&text));
        assert!(Glob::new("*a*a*a*a*a*a*a*a*").matches(&text));
    }
}
