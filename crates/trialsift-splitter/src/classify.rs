//! What a unit is on its own: boilerplate, registry line, citation, affiliation, list item, or plain text.
//!
//! The rules look at one trimmed line at a time and are conservative: a long
//! scientific sentence is never boilerplate, whatever it mentions. The
//! document-level decisions (disclaimer blocks, the title) are made in `lib.rs`.

use std::sync::LazyLock;

use regex::Regex;

/// What a unit looks like on its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Shape {
    /// Site text: counters, lone headings, copyright, contact, share buttons, crumbs.
    Boilerplate,
    /// The heading of a site disclaimer block ("特别声明", "Disclaimer").
    DisclaimerHeader,
    /// A line whose point is a trial registry identifier.
    Registry,
    /// A bibliographic line: journal, year, volume, pages, DOI; or an author list.
    Citation,
    /// An author affiliation.
    Affiliation,
    /// A bulleted or numbered list item, or an eligibility criteria heading.
    ListItem,
    /// Anything else: title or body, decided in context.
    Plain,
}

/// Compiles a regex built from a literal pattern.
///
/// Word boundaries are ASCII ones (`\b` stands for `(?-u:\b)`): a Unicode word
/// boundary keeps the fast engines off any line with a non-ASCII character, and
/// every boundary here sits next to an ASCII word anyway.
fn compile(pattern: &str) -> Regex {
    Regex::new(&pattern.replace(r"\b", r"(?-u:\b)")).expect("splitter regex literal compiles")
}

/// View counters: "阅读:2", "阅读：123", "Views: 12", "1,234 views".
static COUNTER: LazyLock<Regex> = LazyLock::new(|| {
    compile(
        r"(?ix)^(?:
            (?:阅读|浏览|阅读量|浏览量|阅读数|浏览次数|点击|点击量|点击数|访问量|访问|人气|下载|下载量|被引|引用
              |views?|page\s+views|reads?|hits|visits|downloads?|citations?|accesses)
            \s*(?:次数)?\s*[:：]?\s*[0-9０-９][0-9０-９,，.]*\s*(?:次|k|万|\+)?
          | [0-9][0-9,.]*\s*(?:k\s*)?(?:views?|reads?|downloads?|citations?|次阅读|次浏览|次下载|阅读|浏览)
        )$",
    )
});

/// Lone headings and navigation words of a page.
static LONE_HEADING: LazyLock<Regex> = LazyLock::new(|| {
    compile(
        r"(?ix)^(?:abstract|summary|摘要|英文摘要|中文摘要|内容摘要|原文摘要|full[\s-]*text(?:\s+links)?|全文|
            show\s+(?:more|less)|read\s+more|阅读全文|查看全文|展开全文|相关文章|相关推荐|related\s+articles|
            similar\s+articles|cited\s+by|publication\s+types|mesh\s+terms|substances|grant\s+support|
            上一篇|下一篇|previous(?:\s+article)?|next(?:\s+article)?|返回|返回顶部|back\s+to\s+top|
            关闭窗口|打印本页|print(?:\s+this\s+page)?|free\s+pmc\s+article|free\s+article|open\s+access|
            advertisement|广告|sponsored|cookie\s+settings|accept\s+cookies|login|log\s+in|sign\s+in|登录|注册|
            author\s+information|affiliations?|comment\s+in|erratum\s+in|linkout(?:\s+-\s+more\s+resources)?|
            related\s+information|full\s+text\s+sources|supplementary\s+(?:info|concepts)|cite|收藏|打印|分享)
            \s*[:：]?$",
    )
});

/// The heading of a disclaimer block.
static DISCLAIMER_HEADER: LazyLock<Regex> = LazyLock::new(|| {
    compile(
        r"(?ix)^(?:特别声明|免责声明|版权声明|郑重声明|声明|版权说明|免责条款|disclaimer|legal\s+notice|
            terms\s+of\s+use|copyright\s+notice)\s*[:：]?$",
    )
});

/// Copyright lines.
static COPYRIGHT: LazyLock<Regex> = LazyLock::new(|| {
    compile(
        r"(?i)^(?:©|\(c\)\s*(?:19|20)\d{2}|copyright\b|版权所有)|all\s+rights\s+reserved|版权所有",
    )
});

/// Contact lines: they open with a contact word and give an address.
static CONTACT: LazyLock<Regex> = LazyLock::new(|| {
    compile(
        r"(?ix)^(?:[0-9]{1,2}\s*[、.)．]\s*)?(?:contact(?:\s+us)?|e-?mail|tel(?:ephone)?|phone|fax|correspondence|
            投稿|联系|联系我们|联系方式|邮箱|电子邮箱|电话|传真|地址|合作|商务合作|客服)",
    )
});

/// An e-mail address or a web address.
static ADDRESS: LazyLock<Regex> = LazyLock::new(|| {
    compile(r"(?i)[a-z0-9._%+-]+@[a-z0-9.-]+\.[a-z]{2,}|https?://|www\.[a-z0-9-]+\.")
});

/// Site chrome: publication stamps, sources, editors.
static SITE_CHROME: LazyLock<Regex> = LazyLock::new(|| {
    compile(
        r"(?ix)^(?:发布时间|发布日期|发表时间|更新时间|来源|文章来源|作者|编辑|责任编辑|编译|审核|时间|
            posted\s+(?:on|by)|last\s+(?:updated|modified)|source|editor)\s*[:：]",
    )
});

/// Words of a share-button row.
static SHARE_WORD: LazyLock<Regex> = LazyLock::new(|| {
    compile(
        r"(?ix)^(?:share|share\s+on|share\s+this|分享|分享到|tweet|twitter|x|facebook|linkedin|wechat|微信|微博|
            qq|qq空间|email|e-mail|print|打印|收藏|点赞|复制链接|copy\s+link|reddit|whatsapp|转发|评论|comments?|
            mendeley|bluesky|cite|引用|more)$",
    )
});

/// Navigation crumbs that open with a home word.
static CRUMB_START: LazyLock<Regex> = LazyLock::new(|| {
    compile(
        r"(?i)^(?:首页|主页|当前位置|您的位置|您现在的位置|home|you\s+are\s+here)\s*(?:[:：>»›＞/|→]|$)",
    )
});

/// Trial registry identifiers (kept light here; the extractor normalizes them).
static REGISTRY_ID: LazyLock<Regex> = LazyLock::new(|| {
    compile(
        r"(?x)\b(?:NCT\s?\d{8}|ISRCTN\s?\d{8}|ChiCTR-?[A-Z0-9-]{8,}|ChiMCTR\d+|ACTRN\s?\d{14}|
            (?:19|20)\d{2}-\d{6}-\d{2}(?:-\d{2})?|NTR-?\d{2,5}|NL-?\d{4,6}|NL-OMON\d+|DRKS\s?\d{8}|UMIN\s?\d{9}|
            JPRN-[A-Za-z]+[A-Za-z0-9-]*|jRCT[a-z0-9]{8,12}|CTRI\s*/\s*\d{4}\s*/\s*\d{2,3}\s*/\s*\d{6}|KCT\d{7}|
            IRCT\d{8,}(?:N\d+)?|PACTR\d{15}|TCTR\d{11}|RBR-[0-9a-z]{6,8}|SLCTR/\d{4}/\d+)\b",
    )
});

/// The opening words of a registration statement.
static REGISTRY_LEAD: LazyLock<Regex> = LazyLock::new(|| {
    compile(
        r"(?ix)^(?:trial\s+registration|clinical\s+trial\s+registration|registration|registry|registered|
            trial\s+register|clinicaltrials\.gov|注册号|临床试验注册|试验注册|注册信息)",
    )
});

/// Journal volume lines: "2018 Feb;70(2):308-316", "2022 Jul;9(1)", "2020;38:123".
static CITATION_VOLUME: LazyLock<Regex> = LazyLock::new(|| {
    compile(
        r"(?x)\b(?:19|20)\d{2}(?:\s+[A-Z][a-z]{2,8}\.?(?:\s+\d{1,2})?(?:\s*-\s*[A-Z]?[a-z]*\.?(?:\s*\d{1,2})?)?)?
            \s*;\s*\d+\s*(?:\(\s*[0-9A-Za-z\s\-–]+\s*\))?\s*(?::\s*[A-Za-z]?\d+|\.|$)",
    )
});

/// Chinese journal lines: "2020, 24(3): 123-126".
static CITATION_VOLUME_ZH: LazyLock<Regex> = LazyLock::new(|| {
    compile(r"(?:19|20)\d{2}\s*[,，]\s*\d+\s*[(（]\s*\d+\s*[)）]\s*[:：]\s*[A-Za-z]?\d+")
});

/// Lines that open with a bibliographic identifier, or carry a DOI or e-pub date.
static CITATION_MARK: LazyLock<Regex> = LazyLock::new(|| {
    compile(
        r"(?i)^(?:doi\s*:?\s*10\.|https?://(?:dx\.)?doi\.org/|pmid\s*:?\s*\d|pmcid\s*:?\s*pmc\d|pubmed\s+id)|\bdoi\s*:\s*10\.\d{4,}/|\bepub\s+(?:ahead\s+of\s+print\s+)?(?:19|20)\d{2}\b",
    )
});

/// Bullets and numbers that open a list item.
static LIST_ITEM: LazyLock<Regex> = LazyLock::new(|| {
    compile(
        r"(?x)^(?:
            [•·●○◦▪▫■□‣⁃∙➢➤►▶✓✔√◆◇★☆]
          | [-–—*+]\s
          | \d{1,2}\s*[.)]\s+[^\d\s]
          | \d{1,2}\s*[、．]
          | \(\s*\d{1,2}\s*\)
          | （\s*\d{1,2}\s*）
          | [a-z]\)\s
          | \([a-z]\)\s
          | (?:i|ii|iii|iv|v|vi|vii|viii|ix|x)\)\s
          | [（(][一二三四五六七八九十]{1,3}[)）]
          | [一二三四五六七八九十]{1,3}、
          | [①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳]
        )",
    )
});

/// Headings of eligibility lists.
static ELIGIBILITY_HEADING: LazyLock<Regex> = LazyLock::new(|| {
    compile(
        r"(?ix)^(?:key\s+)?(?:inclusion|exclusion|eligibility|selection|entry)\s+criteria\b|^(?:纳入标准|排除标准|入选标准|入组标准|排除条件|纳入条件|入选条件)",
    )
});

/// Words that name an institution in an affiliation.
static INSTITUTION: LazyLock<Regex> = LazyLock::new(|| {
    compile(
        r"(?x)\b(?:Department|Dept\.?|Division|Unit|Universit(?:y|é|e|à|ät|at|eit|ade|ad|dad)|Hospital|Hôpital|
            Hospices|Hospitalier|Clinic|Clinics|Clinique|Klinik|Klinikum|Kliniken|Centre|Center|Institute|Institut|
            Instituto|Istituto|School|College|Faculty|Laboratory|Laboratories|Foundation|Academy|UMC|Service|
            Charité|Inserm|INSERM|CNRS|NIH|Ospedale|Policlinico|Medical\s+Cent(?:er|re)|Health\s+System|Program)\b",
    )
});

/// Words an affiliation opens with.
static INSTITUTION_START: LazyLock<Regex> = LazyLock::new(|| {
    compile(
        r"(?x)^(?:[0-9]{1,2}\s*|\(\s*[0-9]{1,2}\s*\)\s*|[a-z]\s+)?(?:Department|Dept\.?|Division|Unit|Universit|
            Hospital|Hôpital|Service|School|Faculty|Institute|Institut|Instituto|Istituto|Laboratory|Centre|Center|
            Clinic|Klinik|College|Section|Program|Graduate\s+School)",
    )
});

/// Places an affiliation commonly ends with.
static PLACE_END: LazyLock<Regex> = LazyLock::new(|| {
    compile(
        r"(?x)(?:\b(?:USA|U\.S\.A|United\s+States(?:\s+of\s+America)?|UK|U\.K|United\s+Kingdom|England|Scotland|Wales|
            Ireland|Canada|Australia|New\s+Zealand|China|P\.\s?R\.\s?China|PR\s+China|People's\s+Republic\s+of\s+China|
            Hong\s+Kong|Taiwan|Japan|Korea|Republic\s+of\s+Korea|South\s+Korea|India|Singapore|Malaysia|Thailand|
            Israel|Iran|Turkey|Egypt|Saudi\s+Arabia|Brazil|Argentina|Mexico|Chile|Colombia|Peru|South\s+Africa|Nigeria|
            France|Germany|Italy|Spain|Portugal|(?:The\s+)?Netherlands|Belgium|Switzerland|Austria|Sweden|Norway|
            Denmark|Finland|Iceland|Poland|Czech\s+Republic|Czechia|Hungary|Greece|Romania|Russia|Russian\s+Federation|
            Alabama|Alaska|Arizona|Arkansas|California|Colorado|Connecticut|Delaware|Florida|Georgia|Hawaii|Idaho|
            Illinois|Indiana|Iowa|Kansas|Kentucky|Louisiana|Maine|Maryland|Massachusetts|Michigan|Minnesota|
            Mississippi|Missouri|Montana|Nebraska|Nevada|New\s+Hampshire|New\s+Jersey|New\s+Mexico|New\s+York|
            North\s+Carolina|North\s+Dakota|Ohio|Oklahoma|Oregon|Pennsylvania|Rhode\s+Island|South\s+Carolina|
            South\s+Dakota|Tennessee|Texas|Utah|Vermont|Virginia|Washington|West\s+Virginia|Wisconsin|Wyoming|
            Ontario|Quebec|Québec|British\s+Columbia|Alberta|[A-Z]{2}\s+\d{5}(?:-\d{4})?)|\d{4,6})\.?$",
    )
});

/// Chinese affiliations: an institution, a comma, then a city, province or postal code.
static AFFILIATION_ZH: LazyLock<Regex> = LazyLock::new(|| {
    compile(
        r"^[^。；！？]{2,80}(?:大学|医院|学院|研究所|研究院|研究中心|医学院|医学中心)[^。；！？]{0,40}[,，][^。；！？]{0,40}(?:\d{6}|中国|省|市)\s*[。.]?$",
    )
});

/// Section labels of a structured abstract, which never open a title.
static SECTION_LABEL: LazyLock<Regex> = LazyLock::new(|| {
    compile(
        r"(?i)^(?:background|objectives?|aims?|purpose|introduction|methods?|materials?\s+and\s+methods|results?|conclusions?|design|setting|participants|interventions?|main\s+outcome\s+measures?|findings|interpretation|funding|context|importance|trial\s+registration)\s*[:：.]",
    )
});

/// Words that may stay lowercase in an affiliation or an author list.
const CONNECTORS: &[&str] = &[
    "of", "and", "for", "the", "at", "in", "de", "la", "le", "du", "des", "di", "del", "della",
    "der", "und", "für", "y", "e", "et", "en", "van", "von", "zu", "am", "an", "da", "do", "dos",
    "das", "on", "&", "st", "den", "het", "i", "d", "l", "des", "degli", "dei",
];

/// Words that disclaimers and site notices use.
static SITE_WORDS: LazyLock<Regex> = LazyLock::new(|| {
    compile(
        r"(?i)本站|本网|本页面|本平台|本公众号|侵权|版权|转载|免责|仅供参考|不代表|授权|原作者|联系我们|this\s+(?:web)?site|this\s+page|our\s+website|disclaimer|liability|for\s+reference\s+only|do(?:es)?\s+not\s+constitute|medical\s+advice|terms\s+of\s+use|privacy\s+policy|cookies",
    )
});

/// Longest line (in bytes) a boilerplate rule may mark.
const BOILERPLATE_MAX: usize = 300;

/// Decides what a unit looks like on its own.
pub(crate) fn shape(line: &str) -> Shape {
    let bytes = line.len();
    if bytes <= BOILERPLATE_MAX && is_boilerplate(line) {
        return Shape::Boilerplate;
    }
    if bytes <= 80 && DISCLAIMER_HEADER.is_match(line) {
        return Shape::DisclaimerHeader;
    }
    if is_registry_line(line) {
        return Shape::Registry;
    }
    if is_citation(line) {
        return Shape::Citation;
    }
    if is_affiliation(line) {
        return Shape::Affiliation;
    }
    if LIST_ITEM.is_match(line) || (bytes <= 400 && ELIGIBILITY_HEADING.is_match(line)) {
        return Shape::ListItem;
    }
    if is_author_list(line) {
        return Shape::Citation;
    }
    Shape::Plain
}

/// Tells whether a short line is site boilerplate.
fn is_boilerplate(line: &str) -> bool {
    if COUNTER.is_match(line) || LONE_HEADING.is_match(line) {
        return true;
    }
    // A row of counters: "Views: 1,245 | Downloads: 88".
    let mut parts =
        line.split(['|', '｜', '丨', '·', '•']).map(str::trim).filter(|part| !part.is_empty());
    if line.len() <= 160 && parts.clone().count() >= 2 && parts.all(|part| COUNTER.is_match(part)) {
        return true;
    }
    if line.len() <= 200 && (COPYRIGHT.is_match(line) || SITE_CHROME.is_match(line)) {
        return true;
    }
    if CONTACT.is_match(line) && line.len() <= 200 && !has_statistics(line) {
        let colon = line.contains(':') || line.contains('：');
        let digits = line.chars().filter(char::is_ascii_digit).count();
        if ADDRESS.is_match(line) || (colon && (line.len() <= 60 || digits >= 6)) {
            return true;
        }
    }
    if line.len() <= 120 && ADDRESS.is_match(line) && word_count(line) <= 8 && !has_statistics(line)
    {
        return true;
    }
    is_share_row(line) || is_crumb(line)
}

/// Tells whether a line is a row of share buttons.
fn is_share_row(line: &str) -> bool {
    if line.len() > 160 {
        return false;
    }
    let mut words = 0;
    for part in line.split(|c: char| c.is_whitespace() || "|·•/,，、:：".contains(c)) {
        if part.is_empty() {
            continue;
        }
        if !SHARE_WORD.is_match(part) {
            return false;
        }
        words += 1;
    }
    // One bare word such as "Print" is a lone heading, not a share row.
    words >= 2 || (words == 1 && line.to_lowercase().starts_with("share"))
}

/// Tells whether a line is a navigation crumb trail.
fn is_crumb(line: &str) -> bool {
    if line.len() > 200 {
        return false;
    }
    if CRUMB_START.is_match(line) {
        return true;
    }
    let parts: Vec<&str> = line.split(['>', '»', '›', '＞', '→']).map(str::trim).collect();
    parts.len() >= 3
        && parts.iter().all(|part| {
            !part.is_empty()
                && part.len() <= 40
                && part.chars().any(char::is_alphabetic)
                && !part.chars().next().is_some_and(|c| c.is_ascii_digit() || c == '=')
        })
}

/// Tells whether a line reports a statistic (which no boilerplate does).
fn has_statistics(line: &str) -> bool {
    line.contains('%') || line.contains('±') || line.contains("p =") || line.contains("P =")
}

/// Counts the Latin words of a line.
fn word_count(line: &str) -> usize {
    line.split_whitespace().filter(|word| word.chars().any(char::is_alphabetic)).count()
}

/// Tells whether a line exists to state a trial registry identifier.
fn is_registry_line(line: &str) -> bool {
    if line.len() > 400 {
        return false;
    }
    if !REGISTRY_ID.is_match(line) {
        return false;
    }
    if REGISTRY_LEAD.is_match(line) {
        return true;
    }
    if line.len() > 250 {
        return false;
    }
    let rest = REGISTRY_ID.replace_all(line, " ");
    let words = rest
        .split(|c: char| !c.is_alphanumeric())
        .filter(|word| word.chars().any(|c| c.is_ascii_alphabetic()))
        .count();
    let han = rest.chars().filter(|c| matches!(u32::from(*c), 0x4E00..=0x9FFF)).count();
    words <= 10 && han <= 24
}

/// Tells whether a line is a bibliographic citation.
fn is_citation(line: &str) -> bool {
    if line.len() > 500 {
        return false;
    }
    if CITATION_MARK.find(line).is_some_and(|found| found.start() == 0) {
        return true;
    }
    let volume = CITATION_VOLUME.find(line).or_else(|| CITATION_VOLUME_ZH.find(line));
    match volume {
        Some(found) => found.start() <= 200 || line.len() <= 300,
        None => line.len() <= 300 && CITATION_MARK.is_match(line) && word_count(line) <= 25,
    }
}

/// Tells whether a line is an author affiliation.
fn is_affiliation(line: &str) -> bool {
    if line.len() > 600 || line.ends_with('?') || line.ends_with(':') {
        return false;
    }
    if AFFILIATION_ZH.is_match(line) {
        return true;
    }
    if !line.contains(',') || !INSTITUTION.is_match(line) {
        return false;
    }
    let words: Vec<&str> = line
        .split(|c: char| c.is_whitespace() || ",;()".contains(c))
        .filter(|word| word.chars().any(char::is_alphabetic))
        .collect();
    if words.is_empty() {
        return false;
    }
    let lowercase = words
        .iter()
        .filter(|word| word.chars().next().is_some_and(char::is_lowercase))
        .filter(|word| !CONNECTORS.contains(&word.trim_end_matches('.')))
        .count();
    if lowercase * 100 > words.len() * 15 {
        return false;
    }
    INSTITUTION_START.is_match(line) || PLACE_END.is_match(line.trim_end_matches(['.', ';']))
}

/// Tells whether a line lists author names ("Smith J, Doe AB, Roe R.").
fn is_author_list(line: &str) -> bool {
    if line.len() > 1000 || !line.contains(',') {
        return false;
    }
    let items: Vec<&str> = line
        .trim_end_matches('.')
        .split([',', ';'])
        .flat_map(|item| item.split(" and "))
        .map(str::trim)
        .filter(|item| !item.is_empty())
        .collect();
    if items.len() < 3 {
        return false;
    }
    let named = items.iter().filter(|item| item.split_whitespace().count() >= 2).count();
    if named * 3 < items.len() * 2 {
        return false;
    }
    items.iter().all(|item| {
        let tokens: Vec<&str> = item.split_whitespace().collect();
        (1..=4).contains(&tokens.len())
            && tokens.iter().all(|token| {
                let first = token.chars().next();
                first.is_some_and(char::is_uppercase)
                    || CONNECTORS.contains(token)
                    || token.chars().all(|c| c.is_ascii_digit() || c == '*' || c == '†')
            })
            && tokens.iter().any(|token| token.chars().filter(|c| c.is_lowercase()).count() >= 1)
    })
}

/// Tells whether a line uses words that disclaimers and site notices use.
pub(crate) fn has_site_words(line: &str) -> bool {
    SITE_WORDS.is_match(line)
}

/// Tells whether a line opens with the label of a structured-abstract section.
pub(crate) fn starts_with_section_label(line: &str) -> bool {
    SECTION_LABEL.is_match(line)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counters_and_headings_are_boilerplate() {
        for line in [
            "阅读:2",
            "阅读：123",
            "Views: 12",
            "1,234 views",
            "浏览次数: 88",
            "Abstract",
            "摘要",
            "Share",
            "Views: 1,245 | Downloads: 88",
            "Author information:",
        ] {
            assert_eq!(shape(line), Shape::Boilerplate, "{line}");
        }
        assert_eq!(shape("特别声明"), Shape::DisclaimerHeader);
        assert_eq!(shape("Disclaimer:"), Shape::DisclaimerHeader);
    }

    #[test]
    fn copyright_contact_share_and_crumbs_are_boilerplate() {
        for line in [
            "© 2021 The Authors. Published by Elsevier Ltd.",
            "Copyright © 2020 American College of Rheumatology",
            "投稿及合作请联系:info@biocloudy.com。",
            "Contact: editor@example.org",
            "Share | Twitter | Facebook | Email",
            "分享到: 微信 微博 QQ空间",
            "首页 > 文献 > 风湿免疫",
            "Home > Journals > Rheumatology > Abstract",
            "发布时间:2023-05-01",
        ] {
            assert_eq!(shape(line), Shape::Boilerplate, "{line}");
        }
    }

    #[test]
    fn scientific_sentence_with_email_is_not_boilerplate() {
        let line = "Correspondence about the 20 randomized patients, of whom 8/19 (42%) improved, was handled centrally and data requests can be sent to trials@example.org after publication of the final analysis.";
        assert_ne!(shape(line), Shape::Boilerplate);
        let comparison =
            "The treatment effect was 3 > 2 > 1 across all groups of patients in the trial";
        assert_eq!(shape(comparison), Shape::Plain);
    }

    #[test]
    fn registry_lines() {
        for line in [
            "NCT03171194.",
            "NCT03171194。",
            "Netherlands Trial Register identifier, NTR6160.",
            "荷兰临床试验注册中心,NTR6160。",
            "Trial registration: ClinicalTrials.gov NCT01234567; EudraCT 2015-001234-21.",
            "ClinicalTrials.gov Identifier: NCT02012345",
            "Chinese Clinical Trial Registry, ChiCTR2000029999.",
        ] {
            assert_eq!(shape(line), Shape::Registry, "{line}");
        }
        let sentence = "This trial, which enrolled 120 patients with systemic sclerosis at 12 centres in Europe and Asia between 2015 and 2019, was registered at ClinicalTrials.gov under NCT01234567 before the first patient was enrolled and followed up for 52 weeks.";
        assert_eq!(shape(sentence), Shape::Plain);
    }

    #[test]
    fn citation_lines() {
        for line in [
            "Arthritis Rheumatol. 2018 Feb;70(2):308-316. doi: 10.1002/art.40358. Epub 2017 Dec 29.",
            "Lupus Sci Med. 2022 Jul;9(1). doi: 10.1136/lupus-2022-000704.",
            "Rheumatology (Oxford). 2021 Apr 6;60(4):1784-1792. doi: 10.1093/rheumatology/keaa459.",
            "J Clin Oncol 2020;38:123-130.",
            "doi: 10.1016/j.semarthrit.2019.01.002",
            "PMID: 29073347",
            "中华风湿病学杂志, 2020, 24(3): 123-126.",
            "Smith J, Doe AB, Roe R, van der Berg K.",
        ] {
            assert_eq!(shape(line), Shape::Citation, "{line}");
        }
    }

    #[test]
    fn affiliation_lines() {
        for line in [
            "Hospital for Special Surgery, New York, New York.",
            "Geisel School of Medicine at Dartmouth, Hanover, New Hampshire.",
            "Department of Medicine, Division of Rheumatology, Medical University of South Carolina, Charleston, South Carolina, USA.",
            "Department of Neurology, Erasmus UMC, Rotterdam, The Netherlands.",
            "1 Department of Rheumatology, Peking Union Medical College Hospital, Beijing 100730, China.",
            "北京协和医院风湿免疫科,北京 100730",
        ] {
            assert_eq!(shape(line), Shape::Affiliation, "{line}");
        }
        let title = "Evaluator Blind, Controlled, Preliminary Clinical Study of Telitacicept in the Treatment of Diffuse Systemic Sclerosis With Progressive Skin Progression";
        assert_eq!(shape(title), Shape::Plain);
        let body = "Patients were recruited at the University Hospital, Zurich, between 2010 and 2012 and were followed for two years.";
        assert_eq!(shape(body), Shape::Plain);
    }

    #[test]
    fn list_items() {
        for line in [
            "• Age: 18 years or older",
            "- Positive for ANA",
            "* Lung function FVC% > 50%",
            "1. Age 18 years or older",
            "2) Signed informed consent",
            "(3) No prior biologic therapy",
            "1、年龄 18 岁以上",
            "Inclusion Criteria:",
        ] {
            assert_eq!(shape(line), Shape::ListItem, "{line}");
        }
        for line in ["-5.3 ± 7.9 was the mean change", "1.5 mg/kg was given", "2018 was the year"]
        {
            assert_ne!(shape(line), Shape::ListItem, "{line}");
        }
    }
}
