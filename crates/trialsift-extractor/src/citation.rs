//! Where an abstract was published: the citation line and the authors' affiliations.
//!
//! A citation is read in the NLM/PubMed style, the one PubMed prints above an abstract:
//! `Journal. Year Mon Day;Volume(Issue):Pages. doi: DOI. Epub Year Mon Day.`, with the
//! variants PubMed and journals write:
//! - the date: a year alone, a month and a day, a month or season range (`2019 Jan-Feb`,
//!   `2018 Dec-2019 Jan`, `2020 Spring`); a range gives its first month, a season no month;
//! - the volume part: a volume with or without an issue (`;9(1)`), a supplement (`;12(Suppl 1)`,
//!   `;26 Suppl 1`), pages or an e-location (`:308-316`, `:e0123456`, `:011001`), or an
//!   e-location straight after the date when the issue is still to come (`2019 Dec:e14941`);
//! - the tail, in any order: `doi: ...`, a `https://doi.org/...` address, `pii: ...`,
//!   `Epub 2017 Dec 29`, `[Epub ahead of print]`, `eCollection 2019`, `PMID:`, `PMCID:`;
//! - a journal without its full stop (`J Clin Oncol 2020;38:123-130`), a list number before it
//!   (`1. Arthritis Rheumatol. ...`), a label (`Cite this article as: ...`), or a journal on the
//!   line before (PubMed's web page pasted: `Arthritis Rheumatol` then `. 2018 Feb;70(2):...`);
//! - the Chinese national style `中华风湿病学杂志, 2020, 24(3): 123-126.`
//!
//! The journal is taken as written, up to the full stop that separates it from the date: it may
//! hold dots and brackets (`J. Neurochem`, `Rheumatology (Oxford)`). It is taken only when it
//! looks like a journal name (at most twelve words, each capitalized or a connector, no comma);
//! a line that opens with authors and a title keeps its other fields and leaves the journal out.
//!
//! Lines are read from the splitter's citation segments first; the first line that holds a date
//! and a volume part (or a month, or a year closing the line) is the document's own citation.
//! A line that follows "Comment in", "Erratum in" or the like cites another article and is
//! skipped. DOI and e-pub date lines elsewhere in the citation segments (`DOI: 10.1002/...`,
//! `PMID: 29073347 PMCID: PMC5785407 DOI: ...`) complete it. Where no citation segment yields
//! a citation, a title or body line that opens with an unmistakable one (journal, date,
//! volume, and issue or pages) is read. A DOI still missing is taken from a short title or body
//! line (at most 300 bytes) that marks one (`doi:`, a doi.org address), unless the line points
//! to another work: a corrected article ("This corrects the article DOI: ..."), a comment, data
//! in a repository, a protocol, a trial registration, "see ...". A DOI in a long paragraph is never the document's, and
//! a DOI never keeps the full stop or bracket that closes its sentence.
//!
//! Affiliations are the splitter's affiliation segments in any language, one mention each (an
//! entry joined to the next with `;` is two), without a list label (`(1)`, `1`, `a`), an
//! e-mail address part, or the closing full stop.

use std::collections::BTreeMap;
use std::sync::LazyLock;

use regex::bytes::{Captures, Regex};
use trialsift_domain::{Citation, Mention, Segment, SegmentKind, Span};

use crate::number::{compile, contains};

/// A month name or abbreviation, any case.
const MONTH: &str = r"(?i:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\b\.?";

/// A season, which names no month.
const SEASON: &str = r"(?i:spring|summer|fall|autumn|winter)\b";

/// A publication year.
const YEAR: &str = r"(?:1[89][0-9]{2}|20[0-9]{2})\b";

/// A page, page range or electronic location: `308-316`, `e0123456`, `S3-S10`, `gfaa142.P0123`.
const PAGES: &str = concat!(
    r"[A-Za-z]{0,6}[0-9][0-9A-Za-z]*(?:\.[A-Za-z]{0,4}[0-9][0-9A-Za-z]*)*",
    r"(?:\s*(?:-|–)\s*[A-Za-z]{0,6}[0-9][0-9A-Za-z]*)?",
    r"(?:,\s*[A-Za-z]{0,6}[0-9][0-9A-Za-z]*(?:\s*(?:-|–)\s*[A-Za-z]{0,6}[0-9][0-9A-Za-z]*)?)*"
);

/// A DOI as written, up to the next whitespace (trimmed afterwards by [`trim_doi`]).
const DOI: &str = r"10\.[0-9]{4,9}/[^\t\n\x0B\x0C\r ]+";

/// Builds the date pattern with its groups named `{prefix}year`, `{prefix}month`, `{prefix}day`, `{prefix}range`.
fn date_pattern(prefix: &str) -> String {
    format!(
        concat!(
            r"(?P<{p}year>{year})(?:\s+(?P<{p}month>{month}|{season})(?:\s+(?P<{p}day>[0-9]{{1,2}})\b)?",
            r"(?P<{p}range>\s*(?:-|–|/)\s*(?:{year}\s+)?(?:{month}|{season})(?:\s+[0-9]{{1,2}}\b)?",
            r"|\s*(?:-|–)\s*[0-9]{{1,2}}\b)?)?"
        ),
        p = prefix,
        year = YEAR,
        month = MONTH,
        season = SEASON
    )
}

/// The head of a citation line: label or list number, journal, date and volume part.
static HEAD: LazyLock<Regex> = LazyLock::new(|| {
    compile(&format!(
        concat!(
            r"^(?:(?P<enumerator>[0-9]{{1,4}}\.\s+)|(?P<label>(?i:cite\s+this\s+article(?:\s+as)?|please\s+cite\s+this\s+article\s+as",
            r"|how\s+to\s+cite(?:\s+this\s+article)?|cite\s+as|citation|published\s+in|source|reference)\s*:\s*))?",
            r"(?:(?P<journal>[^;:\n\r]{{1,160}}?)\.?\s+)?",
            r"{date}",
            r"(?:\s*;\s*(?P<volume>[0-9]{{1,5}}[A-Za-z]{{0,3}}(?:\s+(?i:suppl(?:ement)?|pt|part)\.?(?:\s*[0-9A-Za-z]{{1,6}})?)?",
            r"|(?i:suppl(?:ement)?)\.?(?:\s*[0-9A-Za-z]{{1,6}})?)?",
            r"(?:\s*\(\s*(?P<issue>[0-9A-Za-z](?:(?:[0-9A-Za-z ._-]|–){{0,28}}[0-9A-Za-z])?)\s*\))?",
            r"(?:\s*:\s*(?P<pages>{pages}))?",
            r"|\s*:\s*(?P<epages>{pages}))?",
            r"(?P<after>[.,]|\s|$)",
        ),
        date = date_pattern(""),
        pages = PAGES,
    ))
});

/// The Chinese national citation style: `中华风湿病学杂志, 2020, 24(3): 123-126`.
static HEAD_ZH: LazyLock<Regex> = LazyLock::new(|| {
    compile(&format!(
        concat!(
            r"^(?P<journal>[^,;:\n\r]{{2,60}}?)\s*(?:,|，)\s*(?P<year>{year})\s*(?:,|，)\s*",
            r"(?P<volume>[0-9]{{1,4}})?\s*(?:\(|（)\s*(?P<issue>[0-9A-Za-z]{{1,8}})\s*(?:\)|）)\s*(?::|：)\s*(?P<pages>{pages})"
        ),
        year = YEAR,
        pages = PAGES,
    ))
});

/// One part of a citation's tail, anchored where the previous part ended.
static TAIL: LazyLock<Regex> = LazyLock::new(|| {
    compile(&format!(
        concat!(
            r"^[\s.;,]*(?:",
            r"(?i:doi)\s*:?\s*(?:(?i:https?://(?:dx\.)?doi\.org/))?(?P<doi>{doi})",
            r"|(?i:https?://(?:dx\.)?doi\.org/)(?P<doiurl>{doi})",
            r"|\[?(?i:epub|published\s+online)\s+(?:(?i:ahead\s+of\s+print)\s+)?{date}\]?",
            r"|\[?(?i:epub\s+ahead\s+of\s+print|online\s+ahead\s+of\s+print|ahead\s+of\s+print)\]?",
            r"|(?i:pii)\s*:?\s*[^\t\n\x0B\x0C\r ]+",
            r"|(?i:ecollection|print)\s+{year}(?:\s+(?:{month}|{season})(?:\s+[0-9]{{1,2}}\b)?)?",
            r"|(?i:pmid)\s*:?\s*[0-9]+",
            r"|(?i:pmcid)\s*:?\s*(?i:pmc)[0-9]+(?:\.[0-9]+)?",
            r"|\[(?i:indexed\s+for\s+medline|pubmed[^\]\n]{{0,40}})\]",
            r"|(?i:free\s+(?:pmc\s+)?article)",
            r")"
        ),
        doi = DOI,
        date = date_pattern("e"),
        year = YEAR,
        month = MONTH,
        season = SEASON,
    ))
});

/// A DOI anywhere in a line, after a `doi` marker or in a doi.org address, or opening the line.
static DOI_ANYWHERE: LazyLock<Regex> = LazyLock::new(|| {
    compile(&format!(
        concat!(
            r"\b(?i:doi)\s*:?\s*(?:(?i:https?://(?:dx\.)?doi\.org/))?(?P<a>{doi})",
            r"|(?i:(?:https?://)?(?:dx\.)?doi\.org/)(?P<b>{doi})",
            r"|^(?P<c>{doi})"
        ),
        doi = DOI,
    ))
});

/// Words saying that a citation or DOI is another article's: a comment, an erratum, a correction.
static ELSEWHERE: LazyLock<Regex> = LazyLock::new(|| {
    compile(concat!(
        r"(?i:\b(?:erratum|corrigendum|comment(?:s|ary)?\s+(?:in|on)|retract(?:ion|ed|s)?|update\s+(?:in|of)",
        r"|republished|correct(?:s|ion|ed)|reply\s+to|response\s+to|see\s+also|original\s+article|summary\s+for\s+patients\s+in)\b)",
    ))
});

/// Words around a DOI in prose that point to another work: data, a protocol, a registration, "see".
static OTHER_WORK: LazyLock<Regex> = LazyLock::new(|| {
    compile(
        r"(?i:\b(?:data(?:sets?)?|dryad|zenodo|figshare|repository|deposited|supplement(?:ary|al)?|protocol|preprint|see|registered|registry|registration)\b)",
    )
});

/// An affiliation's list label: `(1)`, `1`, `1.`, `[2]`, `a`, `*`.
static AFFILIATION_LABEL: LazyLock<Regex> = LazyLock::new(|| {
    compile(
        r"^(?:\(\s*[0-9]{1,3}\s*\)\s*|\[\s*[0-9]{1,3}\s*\]\s*|[0-9]{1,3}(?:\s+|[.)]\s*)|[a-z](?:\s+|\)\s*)|(?:[*#]|†|‡|§|¶)+\s*)",
    )
});

/// The contact part PubMed appends to an affiliation: `Electronic address: ...`, `E-mail: ...`.
static CONTACT: LazyLock<Regex> = LazyLock::new(|| {
    compile(
        r"(?:^|[.;,]\s*|\s)(?i:electronic\s+address|e-?mail(?:\s+address)?|email|contact|correspondence)\s*:|\s[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}",
    )
});

/// Lowercase words a journal name may hold ("Journal of the ...", "Revista de ...").
const JOURNAL_CONNECTORS: &[&str] = &[
    "of", "and", "the", "for", "in", "on", "at", "a", "an", "to", "de", "la", "le", "les", "du",
    "des", "del", "della", "di", "e", "et", "y", "i", "da", "do", "dos", "das", "der", "und",
    "für", "fur", "van", "voor", "en", "och", "og", "&", "npj",
];

/// Longest line prefix, in bytes, in which an embedded citation's volume part must stand.
const EMBEDDED_PREFIX: usize = 300;

/// Longest line, in bytes, from which a DOI outside a citation segment is taken.
const DOI_LINE_MAX: usize = 300;

/// Reads the document's citation from its citation segments, or an unmistakable one elsewhere.
pub(crate) fn read(text: &str, segments: &[Segment]) -> Option<Citation> {
    let mut main: Option<Citation> = None;
    let mut extra = Citation::default();
    let mut extra_span: Option<Span> = None;
    for segment in segments.iter().filter(|segment| segment.kind == SegmentKind::Citation) {
        let Some(content) = text.get(segment.start..segment.end) else {
            continue;
        };
        for (line_start, line) in lines(content, segment.start) {
            if cites_elsewhere(text, line_start, line) {
                continue;
            }
            if main.is_none()
                && let Some(citation) = parse_line(text, line, line_start, Strictness::Segment)
            {
                main = Some(citation);
                continue;
            }
            if read_extras(line, line_start, &mut extra) && extra_span.is_none() {
                extra_span = Some([line_start, line_start + line.len()]);
            }
        }
    }
    if main.is_none() {
        main = embedded(text, segments);
    }
    let mut citation = match main {
        Some(mut citation) => {
            adopt(&mut citation, extra);
            Some(citation)
        }
        None => extra_span.map(|[start, end]| Citation { start, end, ..extra }),
    };
    if citation.as_ref().is_none_or(|citation| citation.doi.is_none())
        && let Some((doi, span)) = doi_in_short_line(text, segments)
    {
        let [start, end] = span;
        let citation =
            citation.get_or_insert_with(|| Citation { start, end, ..Citation::default() });
        citation.evidence.insert("doi".to_owned(), span);
        citation.doi = Some(doi);
    }
    citation
}

/// Completes a citation with the DOI and e-pub date read on other lines, where it lacks them.
fn adopt(citation: &mut Citation, extra: Citation) {
    let Citation { doi, epub_date, evidence, .. } = extra;
    if citation.doi.is_none()
        && let Some(doi) = doi
    {
        if let Some(span) = evidence.get("doi") {
            citation.evidence.insert("doi".to_owned(), *span);
        }
        citation.doi = Some(doi);
    }
    if citation.epub_date.is_none()
        && let Some(epub_date) = epub_date
    {
        if let Some(span) = evidence.get("epub_date") {
            citation.evidence.insert("epub_date".to_owned(), *span);
        }
        citation.epub_date = Some(epub_date);
    }
}

/// Reads the authors' affiliations, one mention per entry, from affiliation segments in any language.
pub(crate) fn affiliations(text: &str, segments: &[Segment]) -> Vec<Mention> {
    let mut mentions = Vec::new();
    for segment in segments.iter().filter(|segment| segment.kind == SegmentKind::Affiliation) {
        let Some(content) = text.get(segment.start..segment.end) else {
            continue;
        };
        let mut entry_start = 0;
        for (index, separator) in content.match_indices([';', '；']) {
            let before = content.get(entry_start..index).unwrap_or("");
            let after = content.get(index + separator.len()..).unwrap_or("");
            // A new entry starts after the semicolon when both sides read as places.
            if looks_like_entry(before) && looks_like_entry(after) {
                push_affiliation(content, entry_start, index, segment.start, &mut mentions);
                entry_start = index + separator.len();
            }
        }
        push_affiliation(content, entry_start, content.len(), segment.start, &mut mentions);
    }
    mentions
}

/// How sure a line must look before it is read as a citation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Strictness {
    /// A line the splitter marked as a citation.
    Segment,
    /// A line of title or body text: a journal, a date, a volume, and an issue or pages.
    Embedded,
}

/// Splits a segment into its trimmed, non-empty lines with their full-text offsets.
pub(crate) fn lines(content: &str, base: usize) -> impl Iterator<Item = (usize, &str)> {
    let mut offset = 0;
    content.split('\n').filter_map(move |raw| {
        let start = offset;
        offset += raw.len() + 1;
        let trimmed_start = raw.trim_start();
        let line = trimmed_start.trim_end();
        let lead = raw.len() - trimmed_start.len();
        (!line.is_empty()).then_some((base + start + lead, line))
    })
}

/// Tells whether a citation line cites another article: a "Comment in" cue opening it or on a short line just before it.
fn cites_elsewhere(text: &str, line_start: usize, line: &str) -> bool {
    let opening = line.get(..crate::text::floor_boundary(line, 40)).unwrap_or("");
    if ELSEWHERE.is_match(opening.as_bytes()) {
        return true;
    }
    let Some(before) = text.get(..line_start) else {
        return false;
    };
    let Some(before) = before.trim_end_matches([' ', '\t', '\r']).strip_suffix('\n') else {
        return false;
    };
    let previous = before.rsplit('\n').next().unwrap_or("").trim();
    previous.len() <= 60 && ELSEWHERE.is_match(previous.as_bytes())
}

/// Reads a citation whose head opens `line`; `line_start` is its offset in `text`.
fn parse_line(
    text: &str,
    line: &str,
    line_start: usize,
    strictness: Strictness,
) -> Option<Citation> {
    let bytes = line.as_bytes();
    if !bytes.iter().any(u8::is_ascii_digit) {
        return None;
    }
    if let Some(captures) = HEAD.captures(bytes)
        && let Some(citation) = from_head(text, line, line_start, &captures, strictness)
    {
        return Some(citation);
    }
    if strictness == Strictness::Segment
        && !line.is_ascii()
        && let Some(captures) = HEAD_ZH.captures(bytes)
    {
        return from_head_zh(line, line_start, &captures);
    }
    None
}

/// Builds a citation from a match of [`HEAD`], or `None` when the match is not a citation.
fn from_head(
    text: &str,
    line: &str,
    line_start: usize,
    captures: &Captures<'_>,
    strictness: Strictness,
) -> Option<Citation> {
    let whole = captures.get(0)?;
    let mut citation = Citation::default();
    let span =
        |found: regex::bytes::Match<'_>| [line_start + found.start(), line_start + found.end()];
    let volume = captures.name("volume");
    let issue = captures.name("issue");
    let pages = captures.name("pages").or_else(|| captures.name("epages"));
    let month = captures.name("month");
    let after = captures.name("after").map(|found| found.as_bytes()).unwrap_or(b"");
    let rest = line.get(whole.end()..).unwrap_or("").trim_start();

    // The date and volume part must be enough to tell a citation from a sentence with a year.
    let volume_part = volume.is_some() || issue.is_some() || pages.is_some();
    let head_end = whole.end() - after.len();
    // "2019 Dec." closes with the month's own full stop when the head takes it.
    let stopped = line.get(..head_end).is_some_and(|head| head.ends_with('.'));
    let closes = after == b"."
        || after.is_empty()
        || stopped
        || (after == b"," && strictness == Strictness::Segment);
    let dated_only =
        !volume_part && closes && (month.is_some() || after.is_empty() || tail_follows(rest));
    if !(volume_part || dated_only && strictness == Strictness::Segment) {
        return None;
    }
    if strictness == Strictness::Embedded
        && (volume.is_none() || (issue.is_none() && pages.is_none()))
    {
        return None;
    }

    let mut start = line_start;
    if let Some(enumerator) = captures.name("enumerator") {
        start = line_start + enumerator.end();
    }
    if let Some(label) = captures.name("label") {
        start = line_start + label.end();
    }
    // "Journal." before the date; a lone full stop is PubMed's web page, whose journal is on the line before.
    let journal = captures.name("journal").and_then(|found| {
        let written = line.get(found.range())?.trim_end();
        let written = written.strip_suffix('.').unwrap_or(written).trim_end();
        (!written.is_empty()).then_some((written, line_start + found.start()))
    });
    match journal {
        Some((written, journal_start)) => {
            if is_journal(written) {
                citation.journal = Some(written.to_owned());
                citation
                    .evidence
                    .insert("journal".to_owned(), [journal_start, journal_start + written.len()]);
            } else if strictness == Strictness::Embedded || !volume_part {
                return None;
            }
        }
        None => {
            if strictness == Strictness::Embedded {
                return None;
            }
            if let Some((journal, journal_span)) = journal_on_previous_line(text, line_start) {
                citation.journal = Some(journal.to_owned());
                citation.evidence.insert("journal".to_owned(), journal_span);
                start = journal_span[0];
            } else if let Some(year) = captures.name("year") {
                start = line_start + year.start();
            }
        }
    }
    // A date without a volume part is a citation only after a journal's name.
    if !volume_part && citation.journal.is_none() {
        return None;
    }
    let year_match = captures.name("year")?;
    let year: u16 = line.get(year_match.range())?.parse().ok()?;
    citation.year = Some(year);
    citation.evidence.insert("year".to_owned(), span(year_match));
    read_month_day(
        line,
        line_start,
        captures,
        "",
        &mut citation.month,
        &mut citation.day,
        &mut citation.evidence,
    );

    if let Some(found) = volume {
        citation.volume = Some(line.get(found.range())?.trim().to_owned());
        citation.evidence.insert("volume".to_owned(), span(found));
    }
    if let Some(found) = issue {
        citation.issue = Some(line.get(found.range())?.to_owned());
        citation.evidence.insert("issue".to_owned(), span(found));
    }
    if let Some(found) = pages {
        citation.pages = Some(line.get(found.range())?.to_owned());
        citation.evidence.insert("pages".to_owned(), span(found));
    }

    let end = read_tail(line, head_end, line_start, &mut citation);
    citation.start = start;
    citation.end = line_start + end;
    Some(citation)
}

/// Builds a citation from a match of [`HEAD_ZH`].
fn from_head_zh(line: &str, line_start: usize, captures: &Captures<'_>) -> Option<Citation> {
    let whole = captures.get(0)?;
    let journal = captures.name("journal")?;
    let written = line.get(journal.range())?.trim();
    let han = written.chars().any(|c| matches!(u32::from(c), 0x4E00..=0x9FFF));
    let punctuated = written.contains(['，', '；', '：', '。']);
    if !(han || is_journal(written)) || punctuated || written.chars().count() > 40 {
        return None;
    }
    let mut citation = Citation::default();
    let span =
        |found: regex::bytes::Match<'_>| [line_start + found.start(), line_start + found.end()];
    citation.journal = Some(written.to_owned());
    citation.evidence.insert(
        "journal".to_owned(),
        [line_start + journal.start(), line_start + journal.start() + written.len()],
    );
    let year = captures.name("year")?;
    citation.year = line.get(year.range())?.parse().ok();
    citation.evidence.insert("year".to_owned(), span(year));
    for (name, slot) in [
        ("volume", &mut citation.volume),
        ("issue", &mut citation.issue),
        ("pages", &mut citation.pages),
    ] {
        if let Some(found) = captures.name(name) {
            *slot = Some(line.get(found.range())?.to_owned());
            citation.evidence.insert(name.to_owned(), span(found));
        }
    }
    let end = read_tail(line, whole.end(), line_start, &mut citation);
    citation.start = line_start + journal.start();
    citation.end = line_start + end;
    Some(citation)
}

/// Reads the month and day of a date match whose groups carry `prefix`.
fn read_month_day(
    line: &str,
    line_start: usize,
    captures: &Captures<'_>,
    prefix: &str,
    month_slot: &mut Option<u8>,
    day_slot: &mut Option<u8>,
    evidence: &mut BTreeMap<String, Span>,
) {
    let Some(month) = captures.name(&format!("{prefix}month")) else {
        return;
    };
    let Some(number) = line.get(month.range()).and_then(month_number) else {
        return;
    };
    let range = captures.name(&format!("{prefix}range"));
    let month_end = range.map_or(month.end(), |range| range.end());
    *month_slot = Some(number);
    if prefix.is_empty() {
        evidence.insert("month".to_owned(), [line_start + month.start(), line_start + month_end]);
    }
    if range.is_some() {
        return;
    }
    if let Some(day) = captures.name(&format!("{prefix}day"))
        && let Some(value) = line.get(day.range()).and_then(|day| day.parse::<u8>().ok())
        && (1..=31).contains(&value)
    {
        *day_slot = Some(value);
        if prefix.is_empty() {
            evidence.insert("day".to_owned(), [line_start + day.start(), line_start + day.end()]);
        }
    }
}

/// Reads the tail parts from `from` on; returns where the citation ends in the line.
fn read_tail(line: &str, from: usize, line_start: usize, citation: &mut Citation) -> usize {
    let mut position = from;
    let mut end = from;
    while let Some(rest) = line.get(position..) {
        let Some(captures) = TAIL.captures(rest.as_bytes()) else {
            break;
        };
        let Some(whole) = captures.get(0) else {
            break;
        };
        if whole.end() == 0 {
            break;
        }
        let mut part_end = position + whole.end();
        if let Some(found) = captures.name("doi").or_else(|| captures.name("doiurl")) {
            let written = rest.get(found.range()).map(trim_doi).unwrap_or("");
            if !written.is_empty() {
                part_end = position + found.start() + written.len();
                if citation.doi.is_none() {
                    citation.doi = Some(written.to_owned());
                    citation.evidence.insert(
                        "doi".to_owned(),
                        [line_start + position + found.start(), line_start + part_end],
                    );
                }
            }
        }
        if let Some(year) = captures.name("eyear")
            && citation.epub_date.is_none()
            && let Some(year_value) = rest.get(year.range()).and_then(|y| y.parse::<u16>().ok())
        {
            let (mut month, mut day) = (None, None);
            let mut ignored = BTreeMap::new();
            read_month_day(rest, 0, &captures, "e", &mut month, &mut day, &mut ignored);
            citation.epub_date = Some(iso_date(year_value, month, day));
            let date_end = captures
                .name("erange")
                .or_else(|| captures.name("eday"))
                .or_else(|| captures.name("emonth"))
                .map_or(year.end(), |found| found.end());
            citation.evidence.insert(
                "epub_date".to_owned(),
                [line_start + position + year.start(), line_start + position + date_end],
            );
        }
        end = part_end;
        position = part_end;
    }
    // The full stop that closes the citation belongs to it.
    if line.as_bytes().get(end) == Some(&b'.') {
        end += 1;
    }
    end
}

/// Reads the DOI and e-pub date of a citation line that is not the main one; tells whether it found any.
fn read_extras(line: &str, line_start: usize, extra: &mut Citation) -> bool {
    let mut found_any = false;
    if extra.epub_date.is_none() {
        let mut probe = Citation::default();
        read_tail(line, 0, line_start, &mut probe);
        if let Some(epub) = probe.epub_date {
            extra.epub_date = Some(epub);
            if let Some(span) = probe.evidence.get("epub_date") {
                extra.evidence.insert("epub_date".to_owned(), *span);
            }
            found_any = true;
        }
    }
    if extra.doi.is_none()
        && let Some((doi, span)) = find_doi(line, line_start)
    {
        extra.doi = Some(doi);
        extra.evidence.insert("doi".to_owned(), span);
        found_any = true;
    }
    found_any
}

/// Finds a marked DOI in a line: after `doi`, in a doi.org address, or opening the line.
fn find_doi(line: &str, line_start: usize) -> Option<(String, Span)> {
    let bytes = line.as_bytes();
    if !contains(bytes, b"10.") {
        return None;
    }
    let captures = DOI_ANYWHERE.captures(bytes)?;
    let found = captures.name("a").or_else(|| captures.name("b")).or_else(|| captures.name("c"))?;
    let written = trim_doi(line.get(found.range())?);
    if written.len() < 8 {
        return None;
    }
    let start = line_start + found.start();
    Some((written.to_owned(), [start, start + written.len()]))
}

/// Removes what follows a DOI in its sentence: full stops, commas, quotes, unmatched brackets.
fn trim_doi(written: &str) -> &str {
    let mut doi = written;
    loop {
        let Some(last) = doi.chars().next_back() else {
            return doi;
        };
        let unmatched = |open: char, close: char| {
            last == close && doi.matches(open).count() < doi.matches(close).count()
        };
        let trailing = matches!(
            last,
            '.' | ',' | ';' | ':' | '\'' | '"' | '”' | '’' | '>' | '。' | '，' | '；'
        ) || unmatched('(', ')')
            || unmatched('[', ']')
            || unmatched('{', '}');
        if !trailing {
            return doi;
        }
        doi = &doi[..doi.len() - last.len_utf8()];
    }
}

/// Tells whether what follows a bare date is a citation's tail (`doi: ...`, `Epub ...`).
fn tail_follows(rest: &str) -> bool {
    TAIL.find(rest.as_bytes()).is_some_and(|found| found.end() > 0)
}

/// Returns the journal written alone on the line just before `line_start`, with its span.
fn journal_on_previous_line(text: &str, line_start: usize) -> Option<(&str, Span)> {
    let before = text.get(..line_start)?;
    let before = before.trim_end_matches([' ', '\t', '\r']);
    let before = before.strip_suffix('\n')?;
    let line_begin = before.rfind('\n').map_or(0, |index| index + 1);
    let raw = before.get(line_begin..)?;
    let trimmed = raw.trim();
    if trimmed.is_empty() || trimmed.len() > 100 || !is_journal(trimmed) {
        return None;
    }
    let start = line_begin + (raw.len() - raw.trim_start().len());
    Some((trimmed, [start, start + trimmed.len()]))
}

/// Tells whether a name reads like a journal: a few capitalized words or connectors, no comma.
fn is_journal(name: &str) -> bool {
    if name.is_empty() || name.len() > 120 || name.contains([',', ';', ':', '?', '!', '"', '=']) {
        return false;
    }
    if !name.chars().any(char::is_alphabetic) || contains(name.as_bytes(), b"http") {
        return false;
    }
    let words: Vec<&str> = name.split_whitespace().collect();
    if words.is_empty() || words.len() > 12 {
        return false;
    }
    words.iter().enumerate().all(|(index, word)| {
        let bare = word.trim_matches(|c: char| matches!(c, '(' | ')' | '[' | ']' | '.'));
        if bare.is_empty() || bare == "&" {
            return index > 0;
        }
        let first = bare.chars().next().unwrap_or(' ');
        if bare.chars().all(|c| c.is_ascii_digit()) {
            // "3 Biotech"; a number later in the name reads as a sentence's.
            return index == 0 && words.len() > 1;
        }
        first.is_uppercase()
            || bare.chars().any(char::is_uppercase)
            || (index > 0 || bare == "npj") && JOURNAL_CONNECTORS.contains(&bare)
            || first.is_ascii_digit() && bare.chars().any(char::is_alphabetic)
    })
}

/// Reads a citation written at the start of a title or body line when no citation segment had one.
fn embedded(text: &str, segments: &[Segment]) -> Option<Citation> {
    segments
        .iter()
        .filter(|segment| {
            segment.lang == "en" && matches!(segment.kind, SegmentKind::Title | SegmentKind::Body)
        })
        .find_map(|segment| {
            let content = text.get(segment.start..segment.end)?;
            lines(content, segment.start).find_map(|(line_start, line)| {
                let prefix = line.get(..crate::text::floor_boundary(line, EMBEDDED_PREFIX))?;
                if memchr::memchr(b';', prefix.as_bytes()).is_none()
                    || cites_elsewhere(text, line_start, line)
                {
                    return None;
                }
                parse_line(text, line, line_start, Strictness::Embedded)
            })
        })
}

/// Finds a DOI given on a short title or body line, the way web pages print an article's own.
fn doi_in_short_line(text: &str, segments: &[Segment]) -> Option<(String, Span)> {
    segments
        .iter()
        .filter(|segment| {
            segment.lang == "en" && matches!(segment.kind, SegmentKind::Title | SegmentKind::Body)
        })
        .find_map(|segment| {
            let content = text.get(segment.start..segment.end)?;
            lines(content, segment.start).find_map(|(line_start, line)| {
                let bytes = line.as_bytes();
                if line.len() > DOI_LINE_MAX
                    || !contains(bytes, b"10.")
                    || ELSEWHERE.is_match(bytes)
                    || OTHER_WORK.is_match(bytes)
                {
                    return None;
                }
                find_doi(line, line_start)
            })
        })
}

/// Returns the month number of a month name or abbreviation (`Feb`, `February`, `Sept.`).
fn month_number(written: &str) -> Option<u8> {
    let lower = written.trim_end_matches('.').to_ascii_lowercase();
    let prefix = lower.get(..3)?;
    let number = match prefix {
        "jan" => 1,
        "feb" => 2,
        "mar" => 3,
        "apr" => 4,
        "may" => 5,
        "jun" => 6,
        "jul" => 7,
        "aug" => 8,
        "sep" => 9,
        "oct" => 10,
        "nov" => 11,
        "dec" => 12,
        _ => return None,
    };
    Some(number)
}

/// Writes a date in ISO 8601 as far as it is known: `2017-12-29`, `2017-12`, `2017`.
fn iso_date(year: u16, month: Option<u8>, day: Option<u8>) -> String {
    match (month, day) {
        (Some(month), Some(day)) => format!("{year:04}-{month:02}-{day:02}"),
        (Some(month), None) => format!("{year:04}-{month:02}"),
        _ => format!("{year:04}"),
    }
}

/// Tells whether a piece of an affiliation line reads as an entry of its own (an institution and a place).
fn looks_like_entry(piece: &str) -> bool {
    let words = piece.split_whitespace().count();
    (piece.contains(',') || piece.contains('，')) && words >= 3
        || piece.chars().filter(|c| matches!(u32::from(*c), 0x4E00..=0x9FFF)).count() >= 4
}

/// Adds the affiliation written at `start..end` of a segment, without its label, contact part and closing stop.
fn push_affiliation(
    content: &str,
    start: usize,
    end: usize,
    base: usize,
    mentions: &mut Vec<Mention>,
) {
    let Some(raw) = content.get(start..end) else {
        return;
    };
    let lead = raw.len() - raw.trim_start().len();
    let mut piece_start = start + lead;
    let mut piece = raw.trim();
    if let Some(label) = AFFILIATION_LABEL.find(piece.as_bytes())
        && piece
            .get(label.end()..)
            .is_some_and(|rest| rest.chars().next().is_some_and(char::is_alphabetic))
    {
        piece_start += label.end();
        piece = piece.get(label.end()..).unwrap_or("");
    }
    if let Some(contact) = CONTACT.find(piece.as_bytes()) {
        piece = piece.get(..contact.start()).unwrap_or(piece);
    }
    let piece = trim_closing_stop(piece.trim_end());
    // An abstract's section ("Setting: Tertiary Care Hospital, Ottawa, ...") is no affiliation.
    let labelled = piece.split_whitespace().next().is_some_and(|word| word.ends_with(':'));
    if labelled || piece.chars().filter(|c| c.is_alphabetic()).count() < 3 {
        return;
    }
    let start = base + piece_start;
    mentions.push(Mention { text: piece.to_owned(), start, end: start + piece.len() });
}

/// Removes the full stop, semicolon or comma that closes an entry, keeping an abbreviation's dot ("U.S.A.").
fn trim_closing_stop(piece: &str) -> &str {
    let trimmed = piece.trim_end_matches([';', ',', '；', '，', '。']).trim_end();
    let Some(without) = trimmed.strip_suffix('.') else {
        return trimmed;
    };
    let last_word = without.rsplit(char::is_whitespace).next().unwrap_or("");
    if last_word.contains('.') { trimmed } else { without.trim_end() }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn citation_segment(text: &str) -> Vec<Segment> {
        vec![Segment {
            lang: "en".to_owned(),
            kind: SegmentKind::Citation,
            start: 0,
            end: text.len(),
            pair: None,
        }]
    }

    /// Reads a text that is one citation segment.
    fn line(text: &str) -> Option<Citation> {
        read(text, &citation_segment(text))
    }

    /// Returns the text an evidence span covers.
    fn evidence<'a>(text: &'a str, citation: &Citation, field: &str) -> &'a str {
        citation.evidence.get(field).and_then(|[start, end]| text.get(*start..*end)).unwrap_or("")
    }

    /// The fields of a citation as one comparable tuple.
    type Fields<'a> = (
        Option<&'a str>,
        Option<u16>,
        Option<u8>,
        Option<u8>,
        Option<&'a str>,
        Option<&'a str>,
        Option<&'a str>,
        Option<&'a str>,
        Option<&'a str>,
    );

    /// Returns journal, year, month, day, volume, issue, pages, DOI and e-pub date.
    fn fields(citation: &Citation) -> Fields<'_> {
        (
            citation.journal.as_deref(),
            citation.year,
            citation.month,
            citation.day,
            citation.volume.as_deref(),
            citation.issue.as_deref(),
            citation.pages.as_deref(),
            citation.doi.as_deref(),
            citation.epub_date.as_deref(),
        )
    }

    /// Reads a one-line citation segment and returns its fields, or panics.
    fn parsed(text: &str) -> Citation {
        line(text).unwrap_or_else(|| panic!("no citation in {text:?}"))
    }

    #[test]
    fn pubmed_line_with_every_part() {
        let text = "Arthritis Rheumatol. 2018 Feb;70(2):308-316. doi: 10.1002/art.40358. Epub 2017 Dec 29.";
        let citation = parsed(text);
        assert_eq!(
            fields(&citation),
            (
                Some("Arthritis Rheumatol"),
                Some(2018),
                Some(2),
                None,
                Some("70"),
                Some("2"),
                Some("308-316"),
                Some("10.1002/art.40358"),
                Some("2017-12-29")
            )
        );
        assert_eq!((citation.start, citation.end), (0, text.len()));
        assert_eq!(evidence(text, &citation, "journal"), "Arthritis Rheumatol");
        assert_eq!(evidence(text, &citation, "month"), "Feb");
        assert_eq!(evidence(text, &citation, "pages"), "308-316");
        assert_eq!(evidence(text, &citation, "doi"), "10.1002/art.40358");
        assert_eq!(evidence(text, &citation, "epub_date"), "2017 Dec 29");
    }

    #[test]
    fn no_issue_and_no_full_stop_after_the_journal() {
        for text in ["J Clin Oncol. 2020;38:123-130.", "J Clin Oncol 2020;38:123-130."] {
            let citation = parsed(text);
            assert_eq!(
                fields(&citation),
                (
                    Some("J Clin Oncol"),
                    Some(2020),
                    None,
                    None,
                    Some("38"),
                    None,
                    Some("123-130"),
                    None,
                    None
                ),
                "{text}"
            );
        }
    }

    #[test]
    fn supplements() {
        let text = "BMC Bioinformatics. 2011;12(Suppl 1):S3. doi: 10.1186/1471-2105-12-S1-S3.";
        let citation = parsed(text);
        assert_eq!(citation.volume.as_deref(), Some("12"));
        assert_eq!(citation.issue.as_deref(), Some("Suppl 1"));
        assert_eq!(citation.pages.as_deref(), Some("S3"));
        assert_eq!(citation.doi.as_deref(), Some("10.1186/1471-2105-12-S1-S3"));

        let text = "Clin Infect Dis. 2019 Sep 13;69(Suppl 7):S521-S528. doi: 10.1093/cid/ciz663.";
        let citation = parsed(text);
        assert_eq!((citation.month, citation.day), (Some(9), Some(13)));
        assert_eq!(citation.issue.as_deref(), Some("Suppl 7"));
        assert_eq!(citation.pages.as_deref(), Some("S521-S528"));

        let citation = parsed("Br J Dermatol. 2019 Dec;181 Suppl 1:3-10.");
        assert_eq!(citation.volume.as_deref(), Some("181 Suppl 1"));
        assert_eq!(citation.pages.as_deref(), Some("3-10"));
    }

    #[test]
    fn electronic_locations() {
        let text = "PLoS One. 2019 Dec 5;14(12):e0225809. doi: 10.1371/journal.pone.0225809. eCollection 2019.";
        let citation = parsed(text);
        assert_eq!(
            fields(&citation),
            (
                Some("PLoS One"),
                Some(2019),
                Some(12),
                Some(5),
                Some("14"),
                Some("12"),
                Some("e0225809"),
                Some("10.1371/journal.pone.0225809"),
                None
            )
        );
        assert_eq!(citation.end, text.len());

        let citation = parsed("J Biomech Eng. 2020 Jan 1;142(1):011001. doi: 10.1115/1.4045125.");
        assert_eq!(citation.pages.as_deref(), Some("011001"));
        assert_eq!(citation.doi.as_deref(), Some("10.1115/1.4045125"));

        // An article online before its issue: the e-location follows the date.
        let citation = parsed("J. Neurochem. 2019 Dec:e14941. doi: 10.1111/jnc.14941.");
        assert_eq!(citation.journal.as_deref(), Some("J. Neurochem"));
        assert_eq!((citation.volume.as_deref(), citation.pages.as_deref()), (None, Some("e14941")));
    }

    #[test]
    fn month_ranges_and_seasons() {
        let text = "J Am Board Fam Med. 2019 Jan-Feb;32(1):5-8. doi: 10.3122/jabfm.2019.01.180085.";
        let citation = parsed(text);
        assert_eq!((citation.year, citation.month, citation.day), (Some(2019), Some(1), None));
        assert_eq!(evidence(text, &citation, "month"), "Jan-Feb");
        assert_eq!(citation.volume.as_deref(), Some("32"));

        let citation = parsed("Health Aff (Millwood). 2018 Dec-2019 Jan;37(12):1901-1908.");
        assert_eq!(citation.journal.as_deref(), Some("Health Aff (Millwood)"));
        assert_eq!((citation.year, citation.month), (Some(2018), Some(12)));

        let citation = parsed("Ochsner J. 2019 Spring;19(1):14-20. doi: 10.31486/toj.18.0093.");
        assert_eq!((citation.year, citation.month), (Some(2019), None));
        assert_eq!(citation.issue.as_deref(), Some("1"));
        assert_eq!(citation.pages.as_deref(), Some("14-20"));
    }

    #[test]
    fn ahead_of_print() {
        let text = "Eur J Heart Fail. 2019 Dec 9. doi: 10.1002/ejhf.1706. [Epub ahead of print]";
        let citation = parsed(text);
        assert_eq!(
            fields(&citation),
            (
                Some("Eur J Heart Fail"),
                Some(2019),
                Some(12),
                Some(9),
                None,
                None,
                None,
                Some("10.1002/ejhf.1706"),
                None
            )
        );
        assert_eq!(citation.end, text.len());

        let citation = parsed(
            "Adv Funct Mater. 2019 Dec. doi: 10.1002/adfm.201907312. Online ahead of print.",
        );
        assert_eq!(
            (citation.month, citation.doi.as_deref()),
            (Some(12), Some("10.1002/adfm.201907312"))
        );

        let text = "Diabetes Obes Metab. 2020 Mar;22(3):329-337. doi: 10.1111/dom.13899. [Epub 2019 Nov 18]";
        let citation = parsed(text);
        assert_eq!(citation.epub_date.as_deref(), Some("2019-11-18"));
        assert_eq!(citation.end, text.len());
    }

    #[test]
    fn trailing_pmid_and_a_doi_with_brackets() {
        let text = "Lancet. 2019 Feb 2;393(10170):447-456. doi: 10.1016/S0140-6736(18)32317-7. PMID: 30684978; PMCID: PMC6374234.";
        let citation = parsed(text);
        assert_eq!(citation.doi.as_deref(), Some("10.1016/S0140-6736(18)32317-7"));
        assert_eq!(citation.issue.as_deref(), Some("10170"));
        assert_eq!(citation.end, text.len());
    }

    #[test]
    fn journals_with_dots_and_brackets_as_written() {
        let citation = parsed(
            "Zhonghua Yi Xue Za Zhi. 2019 Dec 10;99(46):3615-3620. doi: 10.3760/cma.j.issn.0376-2491.2019.46.004.",
        );
        assert_eq!(citation.journal.as_deref(), Some("Zhonghua Yi Xue Za Zhi"));
        assert_eq!(citation.doi.as_deref(), Some("10.3760/cma.j.issn.0376-2491.2019.46.004"));
        let citation = parsed("J Am Acad Dermatol. 2020 Jan;82(1):37-44.");
        assert_eq!(citation.journal.as_deref(), Some("J Am Acad Dermatol"));
        let citation = parsed("Chem. Commun. (Camb.). 2019 Dec 12;55(99):14950-14953.");
        assert_eq!(citation.journal.as_deref(), Some("Chem. Commun. (Camb.)"));
        let citation = parsed("eLife. 2019 Dec 3;8:e49755. doi: 10.7554/eLife.49755.");
        assert_eq!(citation.journal.as_deref(), Some("eLife"));
    }

    #[test]
    fn list_number_and_label_are_not_the_journal() {
        let text = "1. Lupus Sci Med. 2022 Jul;9(1). doi: 10.1136/lupus-2022-000704.";
        let citation = parsed(text);
        assert_eq!(citation.journal.as_deref(), Some("Lupus Sci Med"));
        assert_eq!(&text[citation.start..citation.end], &text[3..]);

        let text = "Cite this article as: JAMA. 2019;321(4):356-365. doi:10.1001/jama.2018.21345";
        let citation = parsed(text);
        assert_eq!(citation.journal.as_deref(), Some("JAMA"));
        assert_eq!(citation.doi.as_deref(), Some("10.1001/jama.2018.21345"));
        assert!(text[citation.start..].starts_with("JAMA."));
    }

    #[test]
    fn authors_and_title_before_the_journal_leave_the_journal_out() {
        let text = "Gordon JK, Martyanov V, Magro C, et al. Belimumab for the treatment of early diffuse systemic sclerosis. Arthritis Rheumatol. 2018;70(2):308-316.";
        let citation = parsed(text);
        assert_eq!(citation.journal, None);
        assert_eq!((citation.year, citation.volume.as_deref()), (Some(2018), Some("70")));
        assert_eq!(citation.pages.as_deref(), Some("308-316"));
    }

    #[test]
    fn chinese_national_style() {
        let text = "中华风湿病学杂志, 2020, 24(3): 123-126.";
        let segments = [Segment {
            lang: "zh".to_owned(),
            kind: SegmentKind::Citation,
            start: 0,
            end: text.len(),
            pair: None,
        }];
        let citation = read(text, &segments).unwrap_or_default();
        assert_eq!(
            fields(&citation),
            (
                Some("中华风湿病学杂志"),
                Some(2020),
                None,
                None,
                Some("24"),
                Some("3"),
                Some("123-126"),
                None,
                None
            )
        );
    }

    #[test]
    fn doi_lines_complete_or_make_a_citation() {
        let text = "DOI: 10.1002/art.40358";
        let citation = parsed(text);
        assert_eq!(
            (citation.journal.as_deref(), citation.doi.as_deref()),
            (None, Some("10.1002/art.40358"))
        );
        assert_eq!(evidence(text, &citation, "doi"), "10.1002/art.40358");

        let citation = parsed("https://doi.org/10.1186/s13063-019-3456-7");
        assert_eq!(citation.doi.as_deref(), Some("10.1186/s13063-019-3456-7"));

        // A citation line without its DOI takes the one of PubMed's identifier line.
        let text = "Arthritis Rheumatol. 2018 Feb;70(2):308-316.\nPMID: 29073347 PMCID: PMC5785407 DOI: 10.1002/art.40358";
        let citation = parsed(text);
        assert_eq!(citation.doi.as_deref(), Some("10.1002/art.40358"));
        assert_eq!(evidence(text, &citation, "doi"), "10.1002/art.40358");
        assert_eq!(
            &text[citation.start..citation.end],
            "Arthritis Rheumatol. 2018 Feb;70(2):308-316."
        );
    }

    #[test]
    fn a_doi_never_ends_with_its_sentence() {
        assert_eq!(trim_doi("10.1136/lupus-2022-000704."), "10.1136/lupus-2022-000704");
        assert_eq!(trim_doi("10.1016/S0140-6736(18)32317-7)."), "10.1016/S0140-6736(18)32317-7");
        assert_eq!(trim_doi("10.1002/art.40358]."), "10.1002/art.40358");
        assert_eq!(
            trim_doi("10.1002/(SICI)1097-0258(19980430)17:8<857::AID-SIM777>3.0.CO;2-E"),
            "10.1002/(SICI)1097-0258(19980430)17:8<857::AID-SIM777>3.0.CO;2-E"
        );
    }

    #[test]
    fn a_doi_inside_a_sentence() {
        let body = |text: &str| {
            let segments = [Segment {
                lang: "en".to_owned(),
                kind: SegmentKind::Body,
                start: 0,
                end: text.len(),
                pair: None,
            }];
            read(text, &segments)
        };
        let text = "The full text of this trial report is available at https://doi.org/10.1186/s13063-019-3456-7.";
        let citation = body(text).unwrap_or_default();
        assert_eq!(citation.doi.as_deref(), Some("10.1186/s13063-019-3456-7"));
        assert_eq!(evidence(text, &citation, "doi"), "10.1186/s13063-019-3456-7");
        // A correction notice names the corrected article's DOI, not its own; so does a data statement.
        assert_eq!(body("[This corrects the article DOI: 10.5114/ada.2019.85642.]."), None);
        assert_eq!(
            body(
                "Data are available from the Dryad repository: https://doi.org/10.5061/dryad.3n5tb2rc4."
            ),
            None
        );
        // Nor is a DOI in a long paragraph the document's.
        let paragraph = format!(
            "{} Its doi: 10.1002/art.40358.",
            "Patients were treated for 52 weeks. ".repeat(9)
        );
        assert_eq!(body(&paragraph), None);
    }

    #[test]
    fn a_citation_of_another_article_is_skipped() {
        let text = "Comment in\n    Arthritis Rheumatol. 2018 Jun;70(6):950-951.";
        assert_eq!(line(text), None);
        assert_eq!(line("Erratum in: Arthritis Rheumatol. 2018 May;70(5):800."), None);
    }

    #[test]
    fn a_citation_in_body_text_only_when_unmistakable() {
        let body = |text: &str| {
            let segments = [Segment {
                lang: "en".to_owned(),
                kind: SegmentKind::Body,
                start: 0,
                end: text.len(),
                pair: None,
            }];
            read(text, &segments)
        };
        let text = "Rheumatology (Oxford). 2021 Apr 6;60(4):1784-1792. doi: 10.1093/rheumatology/keaa459. We explored efficacy and safety of IVIg as first-line treatment.";
        let citation = body(text).unwrap_or_default();
        assert_eq!(citation.journal.as_deref(), Some("Rheumatology (Oxford)"));
        assert_eq!(citation.doi.as_deref(), Some("10.1093/rheumatology/keaa459"));
        assert_eq!(
            &text[citation.start..citation.end],
            "Rheumatology (Oxford). 2021 Apr 6;60(4):1784-1792. doi: 10.1093/rheumatology/keaa459."
        );
        // A year and a month in a sentence are no citation.
        assert_eq!(
            body("Between 2018 Feb; and 2019 we enrolled 20 patients; 12 (60%) were women."),
            None
        );
        assert_eq!(body("Patients were enrolled in 2019;15 (75%) completed the study."), None);
    }

    #[test]
    fn garbage_lines_are_not_citations() {
        for text in [
            "Smith J, Doe AB, Roe R, van der Berg K.",
            "Copyright © 2019 Elsevier Inc. All rights reserved.",
            "Received: 12 March 2019; Accepted: 5 June 2019",
            "PMID: 29073347",
            "In 2018 Feb; we enrolled 20 patients.",
            "Version 2. 2019 Dec 3",
            "2019;",
            "",
            ". ; : ( ) 2019",
        ] {
            assert_eq!(line(text), None, "{text}");
        }
    }

    #[test]
    fn affiliations_without_labels_contacts_or_closing_stops() {
        let text = concat!(
            "(1)Hospital for Special Surgery, New York, New York.\n",
            "1 Department of Rheumatology, Peking Union Medical College Hospital, Beijing 100730, China.\n",
            "Department of Surgery, University of Toronto, Toronto, Ontario, Canada. Electronic address: jane.doe@utoronto.ca.\n",
            "Department of Medicine, University of Oslo, Oslo, Norway; Department of Rheumatology, Diakonhjemmet Hospital, Oslo, Norway.\n",
            "Division of Cardiology, Johns Hopkins University, Baltimore, MD, U.S.A.\n",
            "北京协和医院风湿免疫科,北京 100730；复旦大学附属华山医院皮肤科,上海 200040",
        );
        let mut segments = Vec::new();
        let mut start = 0;
        for line in text.split('\n') {
            let lang = if line.is_ascii() { "en" } else { "zh" };
            segments.push(Segment {
                lang: lang.to_owned(),
                kind: SegmentKind::Affiliation,
                start,
                end: start + line.len(),
                pair: None,
            });
            start += line.len() + 1;
        }
        let mentions = affiliations(text, &segments);
        let written: Vec<&str> = mentions.iter().map(|mention| mention.text.as_str()).collect();
        assert_eq!(
            written,
            [
                "Hospital for Special Surgery, New York, New York",
                "Department of Rheumatology, Peking Union Medical College Hospital, Beijing 100730, China",
                "Department of Surgery, University of Toronto, Toronto, Ontario, Canada",
                "Department of Medicine, University of Oslo, Oslo, Norway",
                "Department of Rheumatology, Diakonhjemmet Hospital, Oslo, Norway",
                "Division of Cardiology, Johns Hopkins University, Baltimore, MD, U.S.A.",
                "北京协和医院风湿免疫科,北京 100730",
                "复旦大学附属华山医院皮肤科,上海 200040",
            ]
        );
        for mention in &mentions {
            assert_eq!(&text[mention.start..mention.end], mention.text);
        }
    }

    #[test]
    fn a_labelled_section_is_no_affiliation() {
        let text = "Setting: Tertiary Care Hospital, Ottawa, Ontario, Canada.";
        let segments = [Segment {
            lang: "en".to_owned(),
            kind: SegmentKind::Affiliation,
            start: 0,
            end: text.len(),
            pair: None,
        }];
        assert!(affiliations(text, &segments).is_empty());
    }

    #[test]
    fn month_names_to_numbers() {
        assert_eq!(month_number("Feb"), Some(2));
        assert_eq!(month_number("September"), Some(9));
        assert_eq!(month_number("Sept."), Some(9));
        assert_eq!(month_number("Spring"), None);
        assert_eq!(iso_date(2017, Some(12), Some(29)), "2017-12-29");
        assert_eq!(iso_date(2017, Some(3), None), "2017-03");
    }

    #[test]
    fn every_pattern_compiles() {
        LazyLock::force(&HEAD);
        LazyLock::force(&HEAD_ZH);
        LazyLock::force(&TAIL);
        LazyLock::force(&DOI_ANYWHERE);
        LazyLock::force(&ELSEWHERE);
        LazyLock::force(&OTHER_WORK);
        LazyLock::force(&AFFILIATION_LABEL);
        LazyLock::force(&CONTACT);
    }
}
