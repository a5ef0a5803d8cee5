//! Element names the parser and the extractor know, and what each means for the tree
//! (void, raw text, closes a paragraph) and for the text (block or inline).

/// A known element, [`Tag::Other`] for the rest; [`Tag::Document`] and [`Tag::Text`] for the
/// root and text runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Tag {
    Document,
    Text,
    Other,
    A,
    Abbr,
    Address,
    Applet,
    Area,
    Article,
    Aside,
    Audio,
    B,
    Base,
    Bdi,
    Bdo,
    Big,
    Blockquote,
    Body,
    Br,
    Button,
    Canvas,
    Caption,
    Center,
    Cite,
    Code,
    Col,
    Colgroup,
    Data,
    Datalist,
    Dd,
    Del,
    Details,
    Dfn,
    Dialog,
    Div,
    Dl,
    Dt,
    Em,
    Embed,
    Fieldset,
    Figcaption,
    Figure,
    Font,
    Footer,
    Form,
    Frame,
    Frameset,
    H1,
    H2,
    H3,
    H4,
    H5,
    H6,
    Head,
    Header,
    Hgroup,
    Hr,
    Html,
    I,
    Iframe,
    Img,
    Input,
    Ins,
    Kbd,
    Label,
    Legend,
    Li,
    Link,
    Main,
    Map,
    Mark,
    Marquee,
    Math,
    Menu,
    Meta,
    Meter,
    Nav,
    Noembed,
    Noframes,
    Noscript,
    Object,
    Ol,
    Optgroup,
    Option,
    Output,
    P,
    Param,
    Picture,
    Plaintext,
    Pre,
    Progress,
    Q,
    Rp,
    Rt,
    Ruby,
    S,
    Samp,
    Script,
    Section,
    Select,
    Small,
    Source,
    Span,
    Strike,
    Strong,
    Style,
    Sub,
    Summary,
    Sup,
    Svg,
    Table,
    Tbody,
    Td,
    Template,
    Textarea,
    Tfoot,
    Th,
    Thead,
    Time,
    Title,
    Tr,
    Track,
    Tt,
    U,
    Ul,
    Var,
    Video,
    Wbr,
    Xmp,
}

impl Tag {
    /// The tag of an element name, matched case-insensitively.
    pub fn from_name(name: &[u8]) -> Tag {
        let mut lower = [0u8; 10];
        if name.len() > lower.len() {
            return Tag::Other;
        }
        for (slot, byte) in lower.iter_mut().zip(name) {
            *slot = byte.to_ascii_lowercase();
        }
        match &lower[..name.len()] {
            b"a" => Tag::A,
            b"abbr" => Tag::Abbr,
            b"address" => Tag::Address,
            b"applet" => Tag::Applet,
            b"area" => Tag::Area,
            b"article" => Tag::Article,
            b"aside" => Tag::Aside,
            b"audio" => Tag::Audio,
            b"b" => Tag::B,
            b"base" => Tag::Base,
            b"bdi" => Tag::Bdi,
            b"bdo" => Tag::Bdo,
            b"big" => Tag::Big,
            b"blockquote" => Tag::Blockquote,
            b"body" => Tag::Body,
            b"br" => Tag::Br,
            b"button" => Tag::Button,
            b"canvas" => Tag::Canvas,
            b"caption" => Tag::Caption,
            b"center" => Tag::Center,
            b"cite" => Tag::Cite,
            b"code" => Tag::Code,
            b"col" => Tag::Col,
            b"colgroup" => Tag::Colgroup,
            b"data" => Tag::Data,
            b"datalist" => Tag::Datalist,
            b"dd" => Tag::Dd,
            b"del" => Tag::Del,
            b"details" => Tag::Details,
            b"dfn" => Tag::Dfn,
            b"dialog" => Tag::Dialog,
            b"div" => Tag::Div,
            b"dl" => Tag::Dl,
            b"dt" => Tag::Dt,
            b"em" => Tag::Em,
            b"embed" => Tag::Embed,
            b"fieldset" => Tag::Fieldset,
            b"figcaption" => Tag::Figcaption,
            b"figure" => Tag::Figure,
            b"font" => Tag::Font,
            b"footer" => Tag::Footer,
            b"form" => Tag::Form,
            b"frame" => Tag::Frame,
            b"frameset" => Tag::Frameset,
            b"h1" => Tag::H1,
            b"h2" => Tag::H2,
            b"h3" => Tag::H3,
            b"h4" => Tag::H4,
            b"h5" => Tag::H5,
            b"h6" => Tag::H6,
            b"head" => Tag::Head,
            b"header" => Tag::Header,
            b"hgroup" => Tag::Hgroup,
            b"hr" => Tag::Hr,
            b"html" => Tag::Html,
            b"i" => Tag::I,
            b"iframe" => Tag::Iframe,
            b"img" => Tag::Img,
            b"input" => Tag::Input,
            b"ins" => Tag::Ins,
            b"kbd" => Tag::Kbd,
            b"label" => Tag::Label,
            b"legend" => Tag::Legend,
            b"li" => Tag::Li,
            b"link" => Tag::Link,
            b"main" => Tag::Main,
            b"map" => Tag::Map,
            b"mark" => Tag::Mark,
            b"marquee" => Tag::Marquee,
            b"math" => Tag::Math,
            b"menu" => Tag::Menu,
            b"meta" => Tag::Meta,
            b"meter" => Tag::Meter,
            b"nav" => Tag::Nav,
            b"noembed" => Tag::Noembed,
            b"noframes" => Tag::Noframes,
            b"noscript" => Tag::Noscript,
            b"object" => Tag::Object,
            b"ol" => Tag::Ol,
            b"optgroup" => Tag::Optgroup,
            b"option" => Tag::Option,
            b"output" => Tag::Output,
            b"p" => Tag::P,
            b"param" => Tag::Param,
            b"picture" => Tag::Picture,
            b"plaintext" => Tag::Plaintext,
            b"pre" => Tag::Pre,
            b"progress" => Tag::Progress,
            b"q" => Tag::Q,
            b"rp" => Tag::Rp,
            b"rt" => Tag::Rt,
            b"ruby" => Tag::Ruby,
            b"s" => Tag::S,
            b"samp" => Tag::Samp,
            b"script" => Tag::Script,
            b"section" => Tag::Section,
            b"select" => Tag::Select,
            b"small" => Tag::Small,
            b"source" => Tag::Source,
            b"span" => Tag::Span,
            b"strike" => Tag::Strike,
            b"strong" => Tag::Strong,
            b"style" => Tag::Style,
            b"sub" => Tag::Sub,
            b"summary" => Tag::Summary,
            b"sup" => Tag::Sup,
            b"svg" => Tag::Svg,
            b"table" => Tag::Table,
            b"tbody" => Tag::Tbody,
            b"td" => Tag::Td,
            b"template" => Tag::Template,
            b"textarea" => Tag::Textarea,
            b"tfoot" => Tag::Tfoot,
            b"th" => Tag::Th,
            b"thead" => Tag::Thead,
            b"time" => Tag::Time,
            b"title" => Tag::Title,
            b"tr" => Tag::Tr,
            b"track" => Tag::Track,
            b"tt" => Tag::Tt,
            b"u" => Tag::U,
            b"ul" => Tag::Ul,
            b"var" => Tag::Var,
            b"video" => Tag::Video,
            b"wbr" => Tag::Wbr,
            b"xmp" => Tag::Xmp,
            _ => Tag::Other,
        }
    }

    /// The lower-case name (`"#document"`, `"#text"`, `"#other"` for the special ones).
    pub fn name(self) -> &'static str {
        match self {
            Tag::Document => "#document",
            Tag::Text => "#text",
            Tag::Other => "#other",
            Tag::A => "a",
            Tag::Abbr => "abbr",
            Tag::Address => "address",
            Tag::Applet => "applet",
            Tag::Area => "area",
            Tag::Article => "article",
            Tag::Aside => "aside",
            Tag::Audio => "audio",
            Tag::B => "b",
            Tag::Base => "base",
            Tag::Bdi => "bdi",
            Tag::Bdo => "bdo",
            Tag::Big => "big",
            Tag::Blockquote => "blockquote",
            Tag::Body => "body",
            Tag::Br => "br",
            Tag::Button => "button",
            Tag::Canvas => "canvas",
            Tag::Caption => "caption",
            Tag::Center => "center",
            Tag::Cite => "cite",
            Tag::Code => "code",
            Tag::Col => "col",
            Tag::Colgroup => "colgroup",
            Tag::Data => "data",
            Tag::Datalist => "datalist",
            Tag::Dd => "dd",
            Tag::Del => "del",
            Tag::Details => "details",
            Tag::Dfn => "dfn",
            Tag::Dialog => "dialog",
            Tag::Div => "div",
            Tag::Dl => "dl",
            Tag::Dt => "dt",
            Tag::Em => "em",
            Tag::Embed => "embed",
            Tag::Fieldset => "fieldset",
            Tag::Figcaption => "figcaption",
            Tag::Figure => "figure",
            Tag::Font => "font",
            Tag::Footer => "footer",
            Tag::Form => "form",
            Tag::Frame => "frame",
            Tag::Frameset => "frameset",
            Tag::H1 => "h1",
            Tag::H2 => "h2",
            Tag::H3 => "h3",
            Tag::H4 => "h4",
            Tag::H5 => "h5",
            Tag::H6 => "h6",
            Tag::Head => "head",
            Tag::Header => "header",
            Tag::Hgroup => "hgroup",
            Tag::Hr => "hr",
            Tag::Html => "html",
            Tag::I => "i",
            Tag::Iframe => "iframe",
            Tag::Img => "img",
            Tag::Input => "input",
            Tag::Ins => "ins",
            Tag::Kbd => "kbd",
            Tag::Label => "label",
            Tag::Legend => "legend",
            Tag::Li => "li",
            Tag::Link => "link",
            Tag::Main => "main",
            Tag::Map => "map",
            Tag::Mark => "mark",
            Tag::Marquee => "marquee",
            Tag::Math => "math",
            Tag::Menu => "menu",
            Tag::Meta => "meta",
            Tag::Meter => "meter",
            Tag::Nav => "nav",
            Tag::Noembed => "noembed",
            Tag::Noframes => "noframes",
            Tag::Noscript => "noscript",
            Tag::Object => "object",
            Tag::Ol => "ol",
            Tag::Optgroup => "optgroup",
            Tag::Option => "option",
            Tag::Output => "output",
            Tag::P => "p",
            Tag::Param => "param",
            Tag::Picture => "picture",
            Tag::Plaintext => "plaintext",
            Tag::Pre => "pre",
            Tag::Progress => "progress",
            Tag::Q => "q",
            Tag::Rp => "rp",
            Tag::Rt => "rt",
            Tag::Ruby => "ruby",
            Tag::S => "s",
            Tag::Samp => "samp",
            Tag::Script => "script",
            Tag::Section => "section",
            Tag::Select => "select",
            Tag::Small => "small",
            Tag::Source => "source",
            Tag::Span => "span",
            Tag::Strike => "strike",
            Tag::Strong => "strong",
            Tag::Style => "style",
            Tag::Sub => "sub",
            Tag::Summary => "summary",
            Tag::Sup => "sup",
            Tag::Svg => "svg",
            Tag::Table => "table",
            Tag::Tbody => "tbody",
            Tag::Td => "td",
            Tag::Template => "template",
            Tag::Textarea => "textarea",
            Tag::Tfoot => "tfoot",
            Tag::Th => "th",
            Tag::Thead => "thead",
            Tag::Time => "time",
            Tag::Title => "title",
            Tag::Tr => "tr",
            Tag::Track => "track",
            Tag::Tt => "tt",
            Tag::U => "u",
            Tag::Ul => "ul",
            Tag::Var => "var",
            Tag::Video => "video",
            Tag::Wbr => "wbr",
            Tag::Xmp => "xmp",
        }
    }

    pub fn is_heading(self) -> bool {
        matches!(self, Tag::H1 | Tag::H2 | Tag::H3 | Tag::H4 | Tag::H5 | Tag::H6)
    }
}

/// Elements that never have content.
pub(crate) fn is_void(tag: Tag) -> bool {
    matches!(
        tag,
        Tag::Area
            | Tag::Base
            | Tag::Br
            | Tag::Col
            | Tag::Embed
            | Tag::Hr
            | Tag::Img
            | Tag::Input
            | Tag::Link
            | Tag::Meta
            | Tag::Param
            | Tag::Source
            | Tag::Track
            | Tag::Wbr
            | Tag::Frame
    )
}

/// Elements whose content is text up to their end tag, never markup.
pub(crate) fn is_raw_text(tag: Tag) -> bool {
    matches!(
        tag,
        Tag::Script
            | Tag::Style
            | Tag::Title
            | Tag::Textarea
            | Tag::Xmp
            | Tag::Iframe
            | Tag::Noembed
            | Tag::Noframes
            | Tag::Noscript
            | Tag::Plaintext
    )
}

/// Start tags that close an open `<p>`.
pub(crate) fn closes_paragraph(tag: Tag) -> bool {
    matches!(
        tag,
        Tag::Address
            | Tag::Article
            | Tag::Aside
            | Tag::Blockquote
            | Tag::Center
            | Tag::Details
            | Tag::Dialog
            | Tag::Div
            | Tag::Dl
            | Tag::Fieldset
            | Tag::Figcaption
            | Tag::Figure
            | Tag::Footer
            | Tag::Form
            | Tag::H1
            | Tag::H2
            | Tag::H3
            | Tag::H4
            | Tag::H5
            | Tag::H6
            | Tag::Header
            | Tag::Hgroup
            | Tag::Hr
            | Tag::Main
            | Tag::Menu
            | Tag::Nav
            | Tag::Ol
            | Tag::P
            | Tag::Pre
            | Tag::Section
            | Tag::Table
            | Tag::Ul
            | Tag::Li
            | Tag::Dd
            | Tag::Dt
            | Tag::Xmp
            | Tag::Plaintext
    )
}

/// Elements that flow within a line of text (no line break before or after them).
pub(crate) fn is_inline(tag: Tag) -> bool {
    matches!(
        tag,
        Tag::Text
            | Tag::A
            | Tag::Abbr
            | Tag::B
            | Tag::Bdi
            | Tag::Bdo
            | Tag::Big
            | Tag::Cite
            | Tag::Code
            | Tag::Data
            | Tag::Del
            | Tag::Dfn
            | Tag::Em
            | Tag::Font
            | Tag::I
            | Tag::Img
            | Tag::Ins
            | Tag::Kbd
            | Tag::Label
            | Tag::Mark
            | Tag::Q
            | Tag::Rp
            | Tag::Rt
            | Tag::Ruby
            | Tag::S
            | Tag::Samp
            | Tag::Small
            | Tag::Span
            | Tag::Strike
            | Tag::Strong
            | Tag::Sub
            | Tag::Sup
            | Tag::Time
            | Tag::Tt
            | Tag::U
            | Tag::Var
            | Tag::Wbr
            | Tag::Other
    )
}
