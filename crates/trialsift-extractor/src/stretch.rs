//! Patterns with bounded stretches, searched as written at a fraction of the cost.
//!
//! A bounded lazy stretch ("up to 160 characters, no full stop": `(?:[^.;]|\.[0-9]){0,160}?`;
//! "up to five words": `(?:[a-z0-9-]+,?\s+){0,5}?`) makes a lazy DFA build a state for nearly
//! every byte of text it has not seen, since it must count. So such a pattern is searched first
//! with its stretches unbounded (`*?`), each in a capture group: that regex's matches include
//! the bounded one's, and both prefer the same paths (for each stretch, the fewest items first),
//! so when every stretch of its match is within its bound, the match (captures included) is the
//! bounded regex's own; else the bounded regex runs from that match's start, before which it
//! cannot match either (any of its matches is one of the unbounded regex's).
//!
//! The groups must enclose the whole repetition (not one item of it) and stand outside any other
//! repetition, so that the text they capture is the whole stretch of the chosen path.

use regex::bytes::{CaptureLocations, Captures, Regex};

/// How the items of a stretch are counted in the text it captured.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Items {
    /// One byte each, but a full stop and the digit after it count as one: `(?:[^.;]|\.[0-9])`
    /// (or any class without the full stop in place of `[^.;]`).
    Bytes,
    /// One word each, a word being a maximal run of ASCII letters, digits and hyphens between
    /// commas and whitespace: `(?:[a-z0-9-]+,?\s+)` or `(?:,?\s+[a-z0-9-]+)` (byte patterns).
    Words,
    /// One byte each, full stops included: a class that holds the full stop (`[^()\[\]0-9]`).
    Any,
}

impl Items {
    /// The number of items in a stretch's text.
    fn count(self, stretch: &[u8]) -> usize {
        match self {
            Items::Bytes => stretch.len() - memchr::memchr_iter(b'.', stretch).count(),
            Items::Any => stretch.len(),
            Items::Words => {
                let word = |byte: &u8| byte.is_ascii_alphanumeric() || *byte == b'-';
                let mut runs = 0;
                let mut inside = false;
                for byte in stretch {
                    let now = word(byte);
                    runs += usize::from(now && !inside);
                    inside = now;
                }
                runs
            }
        }
    }
}

/// A stretch of a pattern: its group's name (in the unbounded regex), its bound and its items.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Stretch {
    /// The name of the group around the whole stretch.
    pub(crate) group: &'static str,
    /// The most items the pattern as written allows.
    pub(crate) limit: usize,
    /// How its items are counted.
    pub(crate) items: Items,
}

/// A pattern searched as if it were the regex it was written as (see the module's comment).
pub(crate) struct Stretched {
    /// The regex searched first: the pattern itself, or with its stretches unbounded.
    fast: Regex,
    /// The pattern as written, when it has bounded stretches.
    exact: Option<Regex>,
    /// Each stretch's group index in `fast`, bound and items.
    stretches: Vec<(usize, usize, Items)>,
}

/// Which regex of a [`Stretched`] gave a match, and so which slots hold its groups.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Via {
    /// The regex searched first.
    Fast,
    /// The pattern as written.
    Exact,
}

/// Capture slots for the searches of one [`Stretched`], allocated once for many searches.
pub(crate) struct Slots {
    /// The slots of the regex searched first.
    fast: CaptureLocations,
    /// The slots of the exact regex, when the pattern has one.
    exact: Option<CaptureLocations>,
}

impl Slots {
    /// The span of group `index` of the regex that gave the match.
    pub(crate) fn get(&self, via: Via, index: usize) -> Option<(usize, usize)> {
        match via {
            Via::Fast => self.fast.get(index),
            Via::Exact => self.exact.as_ref()?.get(index),
        }
    }
}

/// Where a named group stands in a regex's captures.
pub(crate) fn group(regex: &Regex, name: &str) -> Option<usize> {
    regex.capture_names().position(|group| group == Some(name))
}

impl Stretched {
    /// A pattern without stretches: `regex` alone.
    pub(crate) fn plain(regex: Regex) -> Self {
        Self { fast: regex, exact: None, stretches: Vec::new() }
    }

    /// A pattern written as `exact`, searched first as `fast` (the same with `stretches`
    /// unbounded, each in its named group).
    pub(crate) fn new(fast: Regex, exact: Regex, stretches: &[Stretch]) -> Self {
        let stretches = stretches
            .iter()
            .filter_map(|stretch| {
                Some((group(&fast, stretch.group)?, stretch.limit, stretch.items))
            })
            .collect();
        Self { fast, exact: Some(exact), stretches }
    }

    /// The regex searched first.
    pub(crate) fn fast(&self) -> &Regex {
        &self.fast
    }

    /// The pattern as written, when it has bounded stretches.
    pub(crate) fn exact(&self) -> Option<&Regex> {
        self.exact.as_ref()
    }

    /// Fresh capture slots for [`Stretched::read_at`].
    pub(crate) fn slots(&self) -> Slots {
        Slots {
            fast: self.fast.capture_locations(),
            exact: self.exact.as_ref().map(Regex::capture_locations),
        }
    }

    /// Tells whether every stretch of a match of the fast regex is within its bound, given the
    /// spans of the fast regex's groups (a group that took no part holds no item).
    fn within(&self, haystack: &[u8], span: impl Fn(usize) -> Option<(usize, usize)>) -> bool {
        self.stretches.iter().all(|&(index, limit, items)| {
            span(index).is_none_or(|(start, end)| {
                haystack.get(start..end).is_some_and(|text| items.count(text) <= limit)
            })
        })
    }

    /// The leftmost-first match at or after `at` of the pattern as written, its groups in
    /// `slots` under the returned [`Via`].
    pub(crate) fn read_at(&self, slots: &mut Slots, haystack: &[u8], at: usize) -> Option<Via> {
        let whole = self.fast.captures_read_at(&mut slots.fast, haystack, at)?;
        let Some(exact) = &self.exact else {
            return Some(Via::Fast);
        };
        if self.within(haystack, |index| slots.fast.get(index)) {
            return Some(Via::Fast);
        }
        let locations = slots.exact.as_mut()?;
        exact.captures_read_at(locations, haystack, whole.start())?;
        Some(Via::Exact)
    }

    /// Tells whether the pattern as written matches anywhere in `haystack`.
    pub(crate) fn is_match(&self, haystack: &[u8]) -> bool {
        // The fast regex's matches include every match of the pattern as written.
        self.fast.is_match(haystack) && self.captures_at(haystack, 0).is_some()
    }

    /// Iterates over the captures of every match of the pattern as written, as
    /// [`crate::number::captures`] does: each search starts where the last match ended.
    pub(crate) fn captures_iter<'s, 'h>(&'s self, haystack: &'h [u8]) -> Matches<'s, 'h> {
        Matches { pattern: self, haystack, at: 0 }
    }

    /// The captures of the leftmost-first match at or after `at` of the pattern as written.
    pub(crate) fn captures_at<'h>(&self, haystack: &'h [u8], at: usize) -> Option<Captures<'h>> {
        let found = self.fast.find_at(haystack, at)?;
        let captures = self.fast.captures_at(haystack, found.start())?;
        let Some(exact) = &self.exact else {
            return Some(captures);
        };
        if self.within(haystack, |index| captures.get(index).map(|m| (m.start(), m.end()))) {
            return Some(captures);
        }
        exact.captures_at(haystack, found.start())
    }
}

/// The iterator [`Stretched::captures_iter`] returns.
pub(crate) struct Matches<'s, 'h> {
    /// The pattern.
    pattern: &'s Stretched,
    /// The text searched.
    haystack: &'h [u8],
    /// Where the next search starts.
    at: usize,
}

impl<'h> Iterator for Matches<'_, 'h> {
    type Item = Captures<'h>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.at > self.haystack.len() {
            return None;
        }
        let captures = self.pattern.captures_at(self.haystack, self.at)?;
        let whole = captures.get(0)?;
        self.at = if whole.end() > whole.start() { whole.end() } else { whole.end() + 1 };
        Some(captures)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn items_are_counted_as_the_repetitions_take_them() {
        assert_eq!(Items::Bytes.count(b"ab 1.5 c"), 7);
        assert_eq!(Items::Words.count(b"large, multi-site "), 2);
        assert_eq!(Items::Words.count(b", large,\xC2\xA0open"), 2);
        assert_eq!(Items::Words.count(b""), 0);
        assert_eq!(Items::Any.count(b"vs. a 1"), 7);
    }
}
