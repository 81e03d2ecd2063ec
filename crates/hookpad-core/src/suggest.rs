//! "Did you mean": the closest known word to a likely typo, for policy and manifest diagnostics.

/// Levenshtein distance over characters (case-sensitive).
#[must_use]
pub fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, &cb) in b.iter().enumerate() {
            let cur = row[j + 1];
            row[j + 1] = (prev + usize::from(ca != cb)).min(row[j] + 1).min(cur + 1);
            prev = cur;
        }
    }
    row[b.len()]
}

/// The closest candidate to `word`, if it is close enough to be a likely typo. Differences of
/// case alone count as closest.
pub fn did_you_mean<'a>(word: &str, candidates: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    let length = word.chars().count();
    let limit = (length / 3).max(2);
    let lower = word.to_ascii_lowercase();
    candidates
        .filter_map(|c| {
            let same_but_case = c.eq_ignore_ascii_case(word);
            let d = if same_but_case {
                0
            } else if c.chars().count().abs_diff(length) > limit {
                // The distance is at least the difference in length: too far, no need to count.
                return None;
            } else {
                edit_distance(&c.to_ascii_lowercase(), &lower)
            };
            Some((d, !same_but_case, c))
        })
        .filter(|&(d, _, c)| d <= limit && c != word)
        .min_by_key(|&(d, case, _)| (d, case))
        .map(|(_, _, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distances_and_suggestions() {
        assert_eq!(edit_distance("kitten", "sitting"), 3);
        assert_eq!(edit_distance("", "abc"), 3);
        let actions = ["updateFallthrough", "updateOn", "createFlag"];
        assert_eq!(
            did_you_mean("updateFallThrough", actions.iter().copied()),
            Some("updateFallthrough")
        );
        assert_eq!(
            did_you_mean("deleteEverything", actions.iter().copied()),
            None
        );
        assert_eq!(did_you_mean("updateOn", actions.iter().copied()), None);
    }
}
