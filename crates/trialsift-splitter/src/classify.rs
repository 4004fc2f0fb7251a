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
            (?:阅读|浏览|阅读量|浏览量|阅读数|浏览次数|点击|点击量|点击数|访问量|访问|人气|下载|下载量|下载数|下载次数|被引|被引次数|引用|引用数|引用次数|收藏数|收藏量|评论数|点赞数|转发数|分享数
              |views?|page\s+views|reads?|hits|visits|downloads?|citations?|accesses|cited\s+by|times\s+cited)
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
            advertisement|广告|sponsored|cookie\s+(?:settings|policy|preferences)|accept\s+cookies|
            terms\s+of\s+(?:use|service)|privacy(?:\s+policy)?|accessibility|site\s*map|about\s+us|contact\s+us|
            关于我们|隐私政策|使用条款|网站地图|联系我们|download(?:\s+(?:pdf|citation|full\s+text|article))?|pdf|
            扫码关注(?:公众号|我们)?|关注(?:我们|公众号)|扫一扫|login|log\s+in|sign\s+in|登录|注册|
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

/// Publication stamps without a colon: "发表于 2022-11-08", "Published online: 12 March 2021".
static PUBLISHED_STAMP: LazyLock<Regex> = LazyLock::new(|| {
    compile(
        r"(?i)^(?:发表于|发布于|首发于|更新于|published(?:\s+online)?(?:\s+on)?|first\s+published(?:\s+online)?(?:\s+on)?|posted)\s*[:：]?\s*(?:[0-9]{1,4}[\s./年月-]|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\s)[0-9a-z\s,./年月日-]{0,30}$",
    )
});

/// A site's one-line notice about its own content: "本文仅供医学专业人士参考".
static SITE_NOTICE: LazyLock<Regex> = LazyLock::new(|| {
    compile(
        r"(?i)^(?:本(?:文|站|网|网站|页面?|平台)(?:内容|所载内容|信息)?(?:仅供|仅限|只供).{0,15}(?:参考|阅读|使用)|(?:this|the)\s+(?:article|content|information|page)\s+(?:on\s+this\s+(?:site|page)\s+)?is\s+(?:intended\s+)?(?:for|only\s+for)\s+(?:reference|(?:medical|healthcare|health\s+care)\s+professionals?|informational\s+purposes)(?:\s+only)?)[。.]?$",
    )
});

/// Page controls and site lines: "返回列表", "字号：大 中 小", "Report an error", "Follow us on WeChat",
/// "PDF下载 (1.2 MB)", "Read time: 4 min", "Posted by admin on 2021-06-14",
/// "如需转载，请联系本站获得授权。", "已有 1,203 人阅读".
static SITE_CONTROL: LazyLock<Regex> = LazyLock::new(|| {
    compile(
        r"(?ix)^(?:
            返回(?:列表|首页|目录|上一页|顶部)
          | 字号\s*[:：]?\s*(?:[大中小]\s*){2,3}
          | report\s+(?:an?\s+)?(?:error|problem|issue|typo)
          | follow\s+us(?:\s+on\s+[a-z]+)?
          | 关注我们|扫码(?:关注|阅读|下载)\S{0,8}
          | (?:pdf\s*下载|下载\s*pdf|全文下载|download\s+(?:the\s+)?(?:pdf|full\s+text|article))\s*(?:[(（][^)）]{0,20}[)）])?
          | (?:read(?:ing)?\s+time|阅读时间|阅读时长|预计阅读)\s*[:：]?\s*(?:约\s*)?[0-9]+\s*(?:min(?:ute)?s?|分钟)
          | posted\s+by\s+\S+(?:\s+on\s+.{1,30})?
          | (?:如需转载|转载请|未经(?:授权|许可)|版权归).{0,40}
          | (?:for\s+permissions|reprints\s+and\s+permissions)\b.{0,80}
          | (?:已有|共有|共)\s*[0-9０-９][0-9０-９,，]*\s*(?:人|次)\s*(?:阅读|浏览|看过|下载|收藏|评论|点赞)
        )$",
    )
});

/// A Chinese site's licence number: "京ICP备12345678号-1", "京公网安备 11010502030000号".
static LICENCE_NUMBER: LazyLock<Regex> =
    LazyLock::new(|| compile(r"^.{0,10}(?:ICP(?:备|证)|公网安备)\s*[0-9]+号(?:-[0-9]+)?.{0,20}$"));

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
        r"(?ix)^(?:share|share\s+on|share\s+this|on|via|this|分享|分享到|tweet|twitter|x|facebook|linkedin|wechat|微信|微博|
            qq|qq空间|email|e-mail|print|打印|收藏|收藏本文|收藏本页|分享到\S{1,6}|转发到\S{1,6}|点赞|复制链接|copy\s+link|reddit|whatsapp|转发|评论|comments?|
            mendeley|bluesky|cite|引用|more|pin|pin\s+it|it|pinterest|whatsapp|telegram)$",
    )
});

/// Navigation crumbs that open with a home word.
static CRUMB_START: LazyLock<Regex> = LazyLock::new(|| {
    compile(
        r"(?i)^(?:首页|主页|当前位置|当前页面|所在位置|您的位置|您现在的位置|home|you\s+are\s+here)\s*(?:[:：>»›＞/|→]|$)",
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
    // A row of counters or site links: "Views: 1,245 | Downloads: 88", "点击数：206  下载数：31",
    // "Terms of Use | Privacy Policy".
    if line.len() <= 160 {
        let mut parts = line
            .split(['|', '｜', '丨', '·', '•', '\t'])
            .flat_map(|part| part.split("  "))
            .map(str::trim)
            .filter(|part| !part.is_empty());
        if parts.clone().nth(1).is_some()
            && parts.all(|part| COUNTER.is_match(part) || LONE_HEADING.is_match(part))
        {
            return true;
        }
    }
    if line.len() <= 120
        && (PUBLISHED_STAMP.is_match(line)
            || SITE_NOTICE.is_match(line)
            || SITE_CONTROL.is_match(line)
            || (line.contains("备") && LICENCE_NUMBER.is_match(line)))
    {
        return true;
    }
    if line.len() <= 200 && (COPYRIGHT.is_match(line) || SITE_CHROME.is_match(line)) {
        return true;
    }
    if CONTACT.is_match(line) && line.len() <= 200 && !has_statistics(line) {
        let colon = line.contains(':') || line.contains('：');
        let digits = line.chars().filter(char::is_ascii_digit).count();
        if has_address(line) || (colon && (line.len() <= 60 || digits >= 6)) {
            return true;
        }
    }
    // A bare address is site text, unless it points at a trial registry ("URL: http://www.clinicaltrials.gov.
    // Unique identifier: NCT01701973.").
    if line.len() <= 120
        && has_address(line)
        && word_count(line) <= 8
        && !has_statistics(line)
        && !mentions_registry(line)
    {
        return true;
    }
    is_share_row(line) || is_crumb(line)
}

/// Tells whether a line holds an e-mail or web address; a byte search rules most lines out first.
fn has_address(line: &str) -> bool {
    let bytes = line.as_bytes();
    let candidate = memchr::memchr(b'@', bytes).is_some()
        || SCHEME_SEPARATOR.find(bytes).is_some()
        || memchr::memchr2(b'w', b'W', bytes)
            .is_some_and(|_| bytes.windows(4).any(|window| window.eq_ignore_ascii_case(b"www.")));
    candidate && ADDRESS.is_match(line)
}

/// Tells whether a line names a trial registry or one of its identifiers.
fn mentions_registry(line: &str) -> bool {
    let lower = line.to_ascii_lowercase();
    lower.contains("registr") || lower.contains("clinicaltrials") || REGISTRY_ID.is_match(line)
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
    let separators = ['>', '»', '›', '＞', '→'];
    if line.matches(separators).nth(1).is_none() {
        return false;
    }
    let parts: Vec<&str> = line.split(separators).map(str::trim).collect();
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
    let mark = CITATION_MARK.find(line);
    if mark.is_some_and(|found| found.start() == 0) {
        return true;
    }
    let bytes = line.as_bytes();
    // A volume line has a ';' after its year; a Chinese one a bracket and a colon.
    let volume_en = || memchr::memchr(b';', bytes).and_then(|_| CITATION_VOLUME.find(line));
    let volume_zh = || {
        let bracket = memchr::memchr(b'(', bytes).is_some() || line.contains('（');
        let colon = memchr::memchr(b':', bytes).is_some() || line.contains('：');
        if bracket && colon { CITATION_VOLUME_ZH.find(line) } else { None }
    };
    let volume = volume_en().or_else(volume_zh);
    match volume {
        Some(found) => found.start() <= 200 || line.len() <= 300,
        None => line.len() <= 300 && mark.is_some() && word_count(line) <= 25,
    }
}

/// Tells whether a line is an author affiliation.
fn is_affiliation(line: &str) -> bool {
    if line.len() > 600 || line.ends_with('?') || line.ends_with(':') {
        return false;
    }
    if has_institution_zh(line) && AFFILIATION_ZH.is_match(line) {
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

/// Tells whether a line names a Chinese institution, the words [`AFFILIATION_ZH`] needs.
fn has_institution_zh(line: &str) -> bool {
    // The line must end as an address does: a postal code, a province or city, or China.
    let tail = line.trim_end().trim_end_matches(['。', '.']).trim_end();
    let postal = tail.len() >= 6
        && tail
            .as_bytes()
            .get(tail.len() - 6..)
            .is_some_and(|end| end.iter().all(u8::is_ascii_digit));
    if !(postal || tail.ends_with("中国") || tail.ends_with('省') || tail.ends_with('市')) {
        return false;
    }
    let bytes = line.as_bytes();
    INSTITUTION_ZH_WORDS.iter().any(|finder| finder.find(bytes).is_some())
}

/// Searchers for the words a Chinese institution name holds, built once.
static INSTITUTION_ZH_WORDS: LazyLock<Vec<memchr::memmem::Finder<'static>>> = LazyLock::new(|| {
    ["大学", "医院", "学院", "研究", "医学"]
        .iter()
        .map(|word| memchr::memmem::Finder::new(word.as_bytes()))
        .collect()
});

/// Searcher for the separator of a web address, built once.
static SCHEME_SEPARATOR: LazyLock<memchr::memmem::Finder<'static>> =
    LazyLock::new(|| memchr::memmem::Finder::new(b"://"));

/// Tells whether a line lists author names ("Smith J, Doe AB, Roe R.").
fn is_author_list(line: &str) -> bool {
    if line.len() > 1000 || !line.contains(',') {
        return false;
    }
    // A lowercase word that is no connector rules a line out before any splitting.
    let lowercase_word = line.split_ascii_whitespace().any(|token| {
        let word = token.trim_end_matches([',', ';', '.']);
        word.starts_with(|c: char| c.is_ascii_lowercase()) && !CONNECTORS.contains(&word)
    });
    if lowercase_word {
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
            "发表于 2022-11-08",
            "Published online: 12 March 2021",
            "Download PDF",
            "扫码关注公众号",
            "收藏本文 | 分享到微信",
            "点击数：206  下载数：31",
            "Terms of Use | Privacy Policy | Cookie Settings",
            "本文仅供医学专业人士参考",
            "Cited by: 12",
            "Share on Facebook | Share on Twitter | Email",
            "返回列表",
            "字号：大 中 小",
            "Report an error",
            "Follow us on WeChat",
            "PDF下载 (1.2 MB)",
            "Read time: 4 min",
            "Posted by admin on 2021-06-14",
            "京ICP备12345678号-1",
            "如需转载，请联系本站获得授权。",
            "已有 1,203 人阅读",
            "当前页面：首页 > 期刊 > 2021年第3期",
            "Tweet  Share  Pin it",
        ] {
            assert_eq!(shape(line), Shape::Boilerplate, "{line}");
        }
    }

    #[test]
    fn scientific_sentence_with_email_is_not_boilerplate() {
        let line = "Correspondence about the 20 randomized patients, of whom 8/19 (42%) improved, was handled centrally and data requests can be sent to trials@example.org after publication of the final analysis.";
        assert_ne!(shape(line), Shape::Boilerplate);
        for sentence in [
            "Published data on 12 trials were pooled.",
            "本研究纳入 2019 年发表于核心期刊的 120 篇文献。",
            "The information on adverse events is for 30 patients only.",
            "Follow-up was 12 months in 40 patients.",
            "Reading time was measured in 30 children.",
            "共有 120 名患者入组，其中 60 名接受治疗。",
        ] {
            assert_ne!(shape(sentence), Shape::Boilerplate, "{sentence}");
        }
        let comparison =
            "The treatment effect was 3 > 2 > 1 across all groups of patients in the trial";
        assert_eq!(shape(comparison), Shape::Plain);
    }

    #[test]
    fn registry_addresses_are_not_boilerplate() {
        for line in [
            "URL: http://www.clinicaltrials.gov. Unique identifier: NCT01701973.",
            "NCT00946894 (http://www.clinicaltrials.gov).",
            "www.clinicaltrials.gov",
            "Australian New Zealand Clinical Trials Registry, ACTRN12610000846022 (http://www.anzctr.org.au/)",
        ] {
            assert_ne!(shape(line), Shape::Boilerplate, "{line}");
        }
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
