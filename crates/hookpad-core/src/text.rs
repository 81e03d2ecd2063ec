//! Byte positions inside a source, and the line/column view of them used at the edges.
//!
//! Everything inside the core speaks in byte offsets ([`TextSize`], [`TextRange`]); a
//! [`LineIndex`], built once per source, turns an offset into a [`LineCol`] when a position
//! leaves the core (a diagnostic shown to a person, a message in handlebars.js format).

use std::ops::Range;

use serde::{Deserialize, Serialize};

/// A byte offset into a source text.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
pub struct TextSize(pub u32);

impl TextSize {
    /// The offset as a `usize`, for slicing.
    #[must_use]
    pub fn to_usize(self) -> usize {
        self.0 as usize
    }

    /// An offset from a `usize`; sources are capped far below 4 GiB, larger values saturate.
    #[must_use]
    pub fn from_usize(offset: usize) -> Self {
        Self(u32::try_from(offset).unwrap_or(u32::MAX))
    }
}

/// A half-open byte range `start..end` with `start <= end`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct TextRange {
    pub start: TextSize,
    pub end: TextSize,
}

impl TextRange {
    /// A range from two `usize` offsets; `end` is raised to `start` if it is smaller.
    #[must_use]
    pub fn new(start: usize, end: usize) -> Self {
        Self {
            start: TextSize::from_usize(start),
            end: TextSize::from_usize(end.max(start)),
        }
    }

    /// An empty range at `offset`.
    #[must_use]
    pub fn empty(offset: usize) -> Self {
        Self::new(offset, offset)
    }

    /// The range as a `usize` range, for slicing.
    #[must_use]
    pub fn to_range(self) -> Range<usize> {
        self.start.to_usize()..self.end.to_usize()
    }
}

/// Something that knows where it sits in its source.
pub trait Ranged {
    fn range(&self) -> TextRange;
}

/// How columns are counted.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum PositionEncoding {
    /// Unicode scalar values: what a person counts.
    #[default]
    Chars,
    /// UTF-16 code units: what browser editors and JavaScript count.
    Utf16,
    /// Bytes.
    Utf8,
}

/// A 1-based line and column.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct LineCol {
    pub line: u32,
    pub column: u32,
}

/// Maps byte offsets of one source to lines and columns.
#[derive(Clone, Debug)]
pub struct LineIndex {
    line_starts: Vec<usize>,
}

impl LineIndex {
    /// Indexes `source`. Lines end at `\n`; a `\r` before it belongs to the line it ends.
    #[must_use]
    pub fn new(source: &str) -> Self {
        let mut line_starts = vec![0];
        line_starts.extend(
            source
                .bytes()
                .enumerate()
                .filter(|&(_, b)| b == b'\n')
                .map(|(i, _)| i + 1),
        );
        Self { line_starts }
    }

    /// The 1-based line and column of `offset` in `source` (the text this index was built from).
    /// An offset past the end, or inside a UTF-8 sequence, is clamped to the nearest boundary before it.
    #[must_use]
    pub fn line_col(&self, source: &str, offset: TextSize, encoding: PositionEncoding) -> LineCol {
        let mut offset = offset.to_usize().min(source.len());
        while !source.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.line_starts.partition_point(|&start| start <= offset) - 1;
        let text = &source[self.line_starts[line]..offset];
        let column = match encoding {
            PositionEncoding::Chars => text.chars().count(),
            PositionEncoding::Utf16 => text.encode_utf16().count(),
            PositionEncoding::Utf8 => text.len(),
        };
        LineCol {
            line: u32::try_from(line + 1).unwrap_or(u32::MAX),
            column: u32::try_from(column + 1).unwrap_or(u32::MAX),
        }
    }

    /// The byte offset of a 1-based line and column counted in `encoding`; clamped to the text.
    #[must_use]
    pub fn offset(&self, source: &str, at: LineCol, encoding: PositionEncoding) -> TextSize {
        let line = (at.line.max(1) as usize - 1).min(self.line_starts.len() - 1);
        let start = self.line_starts[line];
        let end = self
            .line_starts
            .get(line + 1)
            .copied()
            .unwrap_or(source.len());
        let mut remaining = at.column.max(1) as usize - 1;
        for (i, c) in source[start..end].char_indices() {
            if remaining == 0 {
                return TextSize::from_usize(start + i);
            }
            let width = match encoding {
                PositionEncoding::Chars => 1,
                PositionEncoding::Utf16 => c.len_utf16(),
                PositionEncoding::Utf8 => c.len_utf8(),
            };
            remaining = remaining.saturating_sub(width);
        }
        TextSize::from_usize(end)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_and_column_of_offsets() {
        let src = "ab\ncdé\r\nfg";
        let index = LineIndex::new(src);
        let at = |o| index.line_col(src, TextSize(o), PositionEncoding::Chars);
        assert_eq!(at(0), LineCol { line: 1, column: 1 });
        assert_eq!(at(3), LineCol { line: 2, column: 1 });
        // `é` is two bytes: the `\r` after it is the 4th character of line 2.
        assert_eq!(at(7), LineCol { line: 2, column: 4 });
        assert_eq!(at(9), LineCol { line: 3, column: 1 });
        assert_eq!(at(99), LineCol { line: 3, column: 3 });
    }

    #[test]
    fn utf16_columns_count_surrogate_pairs_twice() {
        let src = "😀x";
        let index = LineIndex::new(src);
        let col = index
            .line_col(src, TextSize(4), PositionEncoding::Utf16)
            .column;
        assert_eq!(col, 3);
        assert_eq!(
            index.offset(src, LineCol { line: 1, column: 3 }, PositionEncoding::Utf16),
            TextSize(4)
        );
    }

    #[test]
    fn offset_inside_a_character_is_clamped() {
        let src = "é";
        let index = LineIndex::new(src);
        assert_eq!(
            index
                .line_col(src, TextSize(1), PositionEncoding::Chars)
                .column,
            1
        );
    }
}
