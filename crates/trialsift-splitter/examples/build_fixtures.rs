//! Builds the splitter's labelled evaluation fixtures, deterministically.
//!
//! ```text
//! cargo run -p trialsift-splitter --example build_fixtures [-- CORPUS_DIR]
//! ```
//!
//! Reads `bilingual_sentences.jsonl` and `pubmed_records.jsonl` from the
//! development corpus (default `../shared/corpus/dev` next to the workspace),
//! assembles documents from consecutive sentence pairs in every layout the
//! splitter must handle, adds site boilerplate written here, and writes
//! `fixtures/dev.jsonl` (WMT18 pairs, used to tune), `fixtures/test.jsonl`
//! (WMT19 pairs, held out) and `fixtures/seeds.jsonl` (the five seed documents,
//! labelled by hand below). Offsets in the fixtures are bytes.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use serde_json::{Value, json};

/// A small deterministic generator (SplitMix64), so the fixtures never change between runs.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

/// A document being written, with its gold labels.
#[derive(Default)]
struct Doc {
    text: String,
    lang: Vec<(usize, usize, &'static str)>,
    boilerplate: Vec<(usize, usize)>,
    pairs: Vec<((usize, usize), (usize, usize))>,
    newline: &'static str,
}

impl Doc {
    fn new(newline: &'static str) -> Self {
        Doc { newline, ..Doc::default() }
    }

    /// Writes one line (no line break) and labels it; returns its span.
    fn line(&mut self, content: &str, lang: &'static str, boilerplate: bool) -> (usize, usize) {
        let content = content.trim();
        let start = self.text.len();
        self.text.push_str(content);
        let end = self.text.len();
        self.lang.push((start, end, lang));
        if boilerplate {
            self.boilerplate.push((start, end));
        }
        (start, end)
    }

    /// Ends the current line; `blank` adds an empty line after it.
    fn breakline(&mut self, blank: bool) {
        self.text.push_str(self.newline);
        if blank {
            self.text.push_str(self.newline);
        }
    }

    fn to_json(&self, id: &str, split: &str, layout: &str) -> Value {
        json!({
            "id": id,
            "split": split,
            "layout": layout,
            "text": self.text,
            "lang": self.lang.iter().map(|(s, e, l)| json!([s, e, l])).collect::<Vec<_>>(),
            "boilerplate": self.boilerplate.iter().map(|(s, e)| json!([s, e])).collect::<Vec<_>>(),
            "pairs": self.pairs.iter().map(|(a, b)| json!([[a.0, a.1], [b.0, b.1]])).collect::<Vec<_>>(),
        })
    }
}

/// Boilerplate lines that open a page: crumbs, stamps, counters, share rows.
const HEADER_LINES: &[(&str, &str)] = &[
    ("首页 > 文献 > 风湿免疫", "zh"),
    ("当前位置：首页 > 医学资讯 > 临床研究", "zh"),
    ("Home > Journals > Rheumatology > Abstract", "en"),
    ("Home › Articles › Clinical Trials", "en"),
    ("阅读:2", "zh"),
    ("阅读：1,024", "zh"),
    ("浏览次数: 88", "zh"),
    ("Views: 1,245 | Downloads: 88", "en"),
    ("2,310 views", "en"),
    ("分享到: 微信 微博 QQ空间", "zh"),
    ("Share | Twitter | Facebook | Email", "en"),
    ("发布时间:2023-05-01", "zh"),
    ("来源：医脉通", "zh"),
    ("Abstract", "en"),
    ("摘要", "zh"),
    // Held out in a first round, then used for tuning.
    ("您的位置：首页 » 学术前沿 » 正文", "zh"),
    ("Home / Research / Clinical trials", "en"),
    ("阅读量：3,517", "zh"),
    ("点击数：206  下载数：31", "zh"),
    ("发表于 2022-11-08", "zh"),
    ("Published online: 12 March 2021", "en"),
    ("Download PDF", "en"),
    ("收藏本文 | 分享到微信", "zh"),
];

/// Boilerplate lines that close a page: copyright, contact, share rows, navigation.
const FOOTER_LINES: &[(&str, &str)] = &[
    ("© 2021 The Authors. Published by Elsevier Ltd. All rights reserved.", "en"),
    ("Copyright © 2020 American College of Rheumatology", "en"),
    ("版权所有 © 2022 生知库 保留所有权利", "zh"),
    ("投稿及合作请联系:info@biocloudy.com。", "zh"),
    ("联系我们：电话 010-12345678", "zh"),
    ("Contact: editor@example.org", "en"),
    ("E-mail: service@medjournal.cn", "en"),
    ("上一篇", "zh"),
    ("下一篇", "zh"),
    ("Back to top", "en"),
    ("Related articles", "en"),
    ("相关文章", "zh"),
    ("分享 | 收藏 | 打印", "zh"),
    ("Share on Facebook | Share on Twitter | Email", "en"),
    ("Cited by: 12", "en"),
    ("下载次数: 37", "zh"),
    // Held out in a first round, then used for tuning.
    ("© 2023 中华医学会杂志社 版权所有", "zh"),
    ("Copyright 2019 by the American Society of Clinical Oncology", "en"),
    ("联系邮箱：editor@cma.org.cn", "zh"),
    ("Terms of Use | Privacy Policy | Cookie Settings", "en"),
    ("扫码关注公众号", "zh"),
    ("Print this page", "en"),
    ("Tel: +86 10 8515 8321", "en"),
    ("本文仅供医学专业人士参考", "zh"),
];

/// Header boilerplate used only in the held-out test split, written after the rules were tuned and never tuned on.
const HELD_OUT_HEADER_LINES: &[(&str, &str)] = &[
    ("当前页面：首页 > 期刊 > 2021年第3期", "zh"),
    ("Articles » Oncology » Lung", "en"),
    ("已有 1,203 人阅读", "zh"),
    ("PDF下载 (1.2 MB)", "zh"),
    ("Posted by admin on 2021-06-14", "en"),
    ("Read time: 4 min", "en"),
    ("字号：大 中 小", "zh"),
    ("Tweet  Share  Pin it", "en"),
];

/// Footer boilerplate used only in the held-out test split, written after the rules were tuned and never tuned on.
const HELD_OUT_FOOTER_LINES: &[(&str, &str)] = &[
    ("©2024 丁香园 版权所有", "zh"),
    ("责任编辑：王敏", "zh"),
    ("如需转载，请联系本站获得授权。", "zh"),
    ("For permissions, please email: journals.permissions@oup.com", "en"),
    ("Follow us on WeChat", "en"),
    ("返回列表", "zh"),
    ("Report an error", "en"),
    ("京ICP备12345678号-1", "zh"),
];

/// Disclaimer blocks: a header and its numbered notices.
const DISCLAIMERS: &[(&str, &[&str], &str)] = &[
    (
        "特别声明",
        &[
            "1、本页面内容包含部分的内容是基于公开信息的合理引用;引用内容仅为补充信息,不代表本站立场。",
            "2、若认为本页面引用内容涉及侵权,请及时与本站联系,我们将第一时间处理。",
            "3、其他媒体/个人如需使用本页面原创内容,需注明“来源:[生知库]”并获得授权。",
        ],
        "zh",
    ),
    (
        "免责声明：",
        &[
            "本网站所载文章仅供参考，不构成任何医疗建议。",
            "转载请注明出处，如有侵权请联系本站删除。",
        ],
        "zh",
    ),
    (
        "Disclaimer",
        &[
            "1. This site does not give medical advice.",
            "2. Content on this page is for reference only and does not constitute a recommendation.",
        ],
        "en",
    ),
    (
        "Legal notice:",
        &[
            "The information on this website is provided for reference only; see our terms of use and privacy policy.",
        ],
        "en",
    ),
];

/// One sentence pair of the corpus.
struct Pair {
    en: String,
    zh: String,
}

/// A title, its translation and its citation line.
struct Heading {
    title_en: String,
    title_zh: String,
    citation: String,
}

/// Layouts a document is assembled in.
const LAYOUTS: [&str; 9] = [
    "en_zh",
    "zh_en",
    "no_blank",
    "interleaved",
    "crlf",
    "full_width",
    "en_only",
    "zh_only",
    "title_citation",
];

fn read_jsonl(path: &Path) -> Vec<Value> {
    let text = std::fs::read_to_string(path)
        .unwrap_or_else(|error| panic!("cannot read {}: {error}", path.display()));
    text.lines().filter_map(|line| serde_json::from_str(line).ok()).collect()
}

/// Turns the ASCII punctuation and digits of a Chinese paragraph full-width.
fn full_width(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            ',' => '，',
            ':' => '：',
            ';' => '；',
            '(' => '（',
            ')' => '）',
            '%' => '％',
            '0'..='9' => {
                char::from_u32(u32::from(c) - u32::from('0') + u32::from('０')).unwrap_or(c)
            }
            '.' => '．',
            _ => c,
        })
        .collect()
}

/// Writes boilerplate lines from a list.
fn boilerplate_lines(
    doc: &mut Doc,
    rng: &mut Rng,
    lines: &[(&str, &'static str)],
    count: usize,
    blank: bool,
) {
    let mut used = Vec::new();
    for _ in 0..count {
        let index = rng.below(lines.len());
        if used.contains(&index) {
            continue;
        }
        used.push(index);
        let (line, lang) = lines[index];
        doc.line(line, lang, true);
        doc.breakline(blank);
    }
}

fn disclaimer(doc: &mut Doc, rng: &mut Rng, blank: bool) {
    let (header, notices, lang) = rng.pick(DISCLAIMERS);
    let lang: &'static str = if *lang == "zh" { "zh" } else { "en" };
    doc.line(header, lang, true);
    doc.breakline(blank);
    for notice in *notices {
        doc.line(notice, lang, true);
        doc.breakline(blank);
    }
}

/// Assembles one document from paragraphs (each a list of sentence pairs).
fn assemble(
    layout: &str,
    paragraphs: &[Vec<&Pair>],
    heading: &Heading,
    held_out: bool,
    rng: &mut Rng,
) -> Doc {
    let (header_lines, footer_lines) = if held_out && rng.chance(50) {
        (HELD_OUT_HEADER_LINES, HELD_OUT_FOOTER_LINES)
    } else {
        (HEADER_LINES, FOOTER_LINES)
    };
    let newline = if layout == "crlf" { "\r\n" } else { "\n" };
    let mut doc = Doc::new(newline);
    let blank = layout != "no_blank" && !(layout == "interleaved" && rng.chance(50));
    let en: Vec<String> = paragraphs
        .iter()
        .map(|sentences| sentences.iter().map(|pair| pair.en.trim()).collect::<Vec<_>>().join(" "))
        .collect();
    let zh: Vec<String> = paragraphs
        .iter()
        .map(|sentences| {
            let joined: String = sentences.iter().map(|pair| pair.zh.trim()).collect();
            if layout == "full_width" { full_width(&joined) } else { joined }
        })
        .collect();
    if rng.chance(50) {
        let count = 1 + rng.below(3);
        boilerplate_lines(&mut doc, rng, header_lines, count, blank);
    }
    if layout == "title_citation" {
        let title_en = doc.line(heading.title_en.trim_end_matches('.'), "en", false);
        doc.breakline(blank);
        let title_zh = doc.line(heading.title_zh.trim_end_matches('.'), "zh", false);
        doc.breakline(blank);
        doc.pairs.push((title_en, title_zh));
        if rng.chance(50) {
            let counters: [(&str, &'static str); 3] =
                [("阅读:2", "zh"), ("阅读：15", "zh"), ("Views: 31", "en")];
            let (counter, lang) = *rng.pick(&counters);
            doc.line(counter, lang, true);
            doc.breakline(blank);
        }
        doc.line(&heading.citation, "en", false);
        doc.breakline(blank);
    }
    let mut en_spans = Vec::new();
    let mut zh_spans = Vec::new();
    match layout {
        "zh_en" => {
            for paragraph in &zh {
                zh_spans.push(doc.line(paragraph, "zh", false));
                doc.breakline(blank);
            }
            for paragraph in &en {
                en_spans.push(doc.line(paragraph, "en", false));
                doc.breakline(blank);
            }
        }
        "interleaved" => {
            for (english, chinese) in en.iter().zip(&zh) {
                en_spans.push(doc.line(english, "en", false));
                doc.breakline(blank);
                zh_spans.push(doc.line(chinese, "zh", false));
                doc.breakline(blank);
            }
        }
        "en_only" => {
            for paragraph in &en {
                doc.line(paragraph, "en", false);
                doc.breakline(blank);
            }
        }
        "zh_only" => {
            for paragraph in &zh {
                doc.line(paragraph, "zh", false);
                doc.breakline(blank);
            }
        }
        _ => {
            for paragraph in &en {
                en_spans.push(doc.line(paragraph, "en", false));
                doc.breakline(blank);
            }
            for paragraph in &zh {
                zh_spans.push(doc.line(paragraph, "zh", false));
                doc.breakline(blank);
            }
        }
    }
    for (english, chinese) in en_spans.into_iter().zip(zh_spans) {
        doc.pairs.push((english, chinese));
    }
    if rng.chance(60) {
        if rng.chance(50) {
            disclaimer(&mut doc, rng, blank);
        }
        let count = 1 + rng.below(3);
        boilerplate_lines(&mut doc, rng, footer_lines, count, blank);
    }
    doc.pairs.sort();
    doc
}

/// Builds the documents of one split from its sentence pairs.
fn build_split(split: &str, pairs: &[Pair], headings: &[Heading], seed: u64) -> Vec<Value> {
    let mut rng = Rng(seed);
    let mut documents = Vec::new();
    let mut cursor = 0;
    let mut number = 0;
    while cursor < pairs.len() {
        let paragraph_count = 2 + rng.below(3);
        let mut paragraphs: Vec<Vec<&Pair>> = Vec::new();
        for _ in 0..paragraph_count {
            let sentences = 1 + rng.below(3);
            let paragraph: Vec<&Pair> = pairs.iter().skip(cursor).take(sentences).collect();
            cursor += paragraph.len();
            if !paragraph.is_empty() {
                paragraphs.push(paragraph);
            }
        }
        let layout = LAYOUTS[number % LAYOUTS.len()];
        let heading = &headings[number % headings.len()];
        let doc = assemble(layout, &paragraphs, heading, split == "test", &mut rng);
        let id = format!("{split}-{number:03}-{layout}");
        documents.push(doc.to_json(&id, split, layout));
        number += 1;
    }
    documents
}

/// Hand labels of the seeds: per non-blank line (1-based line number), its language and whether it is boilerplate; then the pairs by line number.
type SeedLabels = (&'static str, &'static [(usize, &'static str, bool)], &'static [(usize, usize)]);

/// The five seeds, labelled by reading them.
const SEEDS: [SeedLabels; 5] = [
    (
        "000_8ebf8f56282bec8e.txt",
        &[
            (1, "en", false),
            (2, "en", false),
            (3, "en", false),
            (4, "en", false),
            (5, "en", false),
            (6, "en", false),
            (7, "en", false),
            (8, "zh", false),
            (9, "zh", false),
            (10, "zh", false),
            (11, "zh", false),
        ],
        &[(4, 8), (5, 9), (6, 10), (7, 11)],
    ),
    (
        "001_894cbafbeb554ae1.txt",
        &[
            (1, "en", false),
            (2, "en", false),
            (3, "en", false),
            (4, "en", false),
            (5, "en", false),
            (6, "en", false),
            (7, "en", false),
            (8, "en", false),
            (9, "zh", false),
            (10, "zh", false),
            (11, "zh", false),
            (12, "zh", false),
            (13, "zh", false),
        ],
        &[(4, 9), (5, 10), (6, 11), (7, 12), (8, 13)],
    ),
    (
        "002_ecdec2189ace771c.txt",
        &[
            (1, "en", false),
            (2, "en", false),
            (3, "en", false),
            (4, "en", false),
            (5, "en", false),
            (6, "en", false),
            (7, "en", false),
            (8, "en", false),
        ],
        &[],
    ),
    (
        "003_d5ee9bcc18f231c6.txt",
        &[
            (1, "en", false),
            (3, "zh", false),
            (5, "zh", true),
            (7, "en", true),
            (9, "en", false),
            (11, "zh", true),
            (13, "zh", true),
            (15, "zh", true),
            (17, "zh", true),
            (19, "zh", true),
        ],
        &[(1, 3)],
    ),
    (
        "004_3a634a0a6693287a.txt",
        &[
            (1, "en", false),
            (2, "en", false),
            (3, "en", false),
            (4, "en", false),
            (5, "en", false),
            (6, "en", false),
            (7, "en", false),
            (8, "en", false),
            (9, "zh", false),
            (10, "zh", false),
            (11, "zh", false),
            (12, "zh", false),
            (13, "zh", false),
        ],
        &[(4, 9), (5, 10), (6, 11), (7, 12), (8, 13)],
    ),
];

/// Labels a seed document from its hand labels.
fn seed_document(examples: &Path, (file, lines, pairs): &SeedLabels) -> Value {
    let path = examples.join(file);
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|error| panic!("cannot read {}: {error}", path.display()));
    let mut spans = Vec::new();
    let mut offset = 0;
    for raw in text.split_inclusive('\n') {
        let content = raw.trim_end_matches(['\n', '\r']);
        let leading = content.len() - content.trim_start().len();
        let start = offset + leading;
        spans.push((start, start + content.trim().len()));
        offset += raw.len();
    }
    let span = |line: usize| spans[line - 1];
    let mut doc = Doc { text: text.clone(), ..Doc::default() };
    for (line, lang, boilerplate) in *lines {
        let (start, end) = span(*line);
        assert!(start < end, "{file} line {line} is not blank");
        doc.lang.push((start, end, if *lang == "zh" { "zh" } else { "en" }));
        if *boilerplate {
            doc.boilerplate.push((start, end));
        }
    }
    for (english, chinese) in *pairs {
        doc.pairs.push((span(*english), span(*chinese)));
    }
    let id = format!("seed-{}", &file[..3]);
    doc.to_json(&id, "seeds", "seed")
}

fn write_jsonl(path: &Path, documents: &[Value]) {
    let mut out = String::new();
    for document in documents {
        let _ = writeln!(out, "{document}");
    }
    std::fs::write(path, out)
        .unwrap_or_else(|error| panic!("cannot write {}: {error}", path.display()));
    println!("wrote {} documents to {}", documents.len(), path.display());
}

fn main() {
    let crate_dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let workspace = crate_dir.join("../..");
    let corpus = std::env::args()
        .nth(1)
        .map(PathBuf::from)
        .unwrap_or_else(|| workspace.join("../shared/corpus/dev"));
    let sentences = read_jsonl(&corpus.join("bilingual_sentences.jsonl"));
    let records = read_jsonl(&corpus.join("pubmed_records.jsonl"));
    let field = |value: &Value, key: &str| -> String {
        match value.get(key) {
            Some(Value::String(text)) => text.clone(),
            Some(Value::Number(number)) => number.to_string(),
            _ => String::new(),
        }
    };
    let headings: Vec<Heading> = records
        .iter()
        .filter(|record| !field(record, "vernacular_title").is_empty())
        .map(|record| Heading {
            title_en: field(record, "title")
                .trim_start_matches('[')
                .trim_end_matches(['.', ']'])
                .to_owned(),
            title_zh: field(record, "vernacular_title"),
            citation: format!(
                "{}. {} {};{}({}):{}. doi: {}.",
                field(record, "iso_abbrev"),
                field(record, "year"),
                field(record, "month"),
                field(record, "volume"),
                field(record, "issue"),
                field(record, "pages"),
                field(record, "doi"),
            ),
        })
        .collect();
    assert!(!headings.is_empty(), "the corpus has Chinese-language records");
    let split_of = |id: &str| if id.starts_with("wmt18") { "dev" } else { "test" };
    let mut dev = Vec::new();
    let mut test = Vec::new();
    for sentence in &sentences {
        let pair = Pair { en: field(sentence, "en"), zh: field(sentence, "zh") };
        if pair.en.trim().is_empty() || pair.zh.trim().is_empty() {
            continue;
        }
        if split_of(&field(sentence, "id")) == "dev" { dev.push(pair) } else { test.push(pair) }
    }
    let (dev_headings, test_headings) = headings.split_at(headings.len() / 2);
    let fixtures = crate_dir.join("fixtures");
    std::fs::create_dir_all(&fixtures)
        .unwrap_or_else(|error| panic!("cannot create fixtures: {error}"));
    write_jsonl(&fixtures.join("dev.jsonl"), &build_split("dev", &dev, dev_headings, 18));
    write_jsonl(&fixtures.join("test.jsonl"), &build_split("test", &test, test_headings, 19));
    let examples = workspace.join("examples");
    let seeds: Vec<Value> = SEEDS.iter().map(|labels| seed_document(&examples, labels)).collect();
    write_jsonl(&fixtures.join("seeds.jsonl"), &seeds);
}
