//! Main content: drop what a reader never sees or never reads as the article (scripts,
//! forms, navigation, sharing, comments, related links), find the element that holds the
//! article (by its name first, by text density otherwise), and keep its paragraphs that are
//! running text rather than link lists.

use super::dom::{Dom, NONE, NodeId};
use super::patterns::{Signal, SignalCache, is_lead, signal};
use super::tags::{Tag, is_inline};
use super::text::{Block, render_blocks};

/// Per element: text measures of its subtree (removed parts excluded).
#[derive(Debug, Clone, Copy, Default)]
struct Stats {
    chars: u32,
    link_chars: u32,
    /// Text of the element's own line (its text and inline children), not yet judged.
    inline_chars: u32,
    inline_link_chars: u32,
    /// Characters of running text in the subtree (paragraphs of prose, link text excluded).
    good: f32,
    /// Characters of other text in the subtree (links, short lines, furniture).
    bad: f32,
}

/// A container outside furniture is preferred unless it scores below this share of the
/// best one inside furniture.
const FURNITURE_TRUST: f32 = 0.25;

/// A heading this long (characters of text) is a lead paragraph set in large type.
const LONG_HEADING: usize = 100;

/// Weight of furniture text against running text when choosing the container.
const BAD_WEIGHT: f32 = 1.0;
/// Weight of a short line without links (a label, a date, a caption).
const SHORT_WEIGHT: f32 = 0.05;

/// Why a node is left out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Removal {
    Kept,
    /// Never content: scripts, styles, forms controls, hidden elements.
    Always,
    /// Furniture by its tag or name; kept only when it holds the article itself.
    Furniture,
    /// Often outside the article; left out inside the container unless it holds most of it.
    Peripheral,
    /// A caption or credit of a picture.
    Caption,
    Comments,
}

/// The analysed page.
pub(crate) struct Content<'d, 'a> {
    dom: &'d Dom<'a>,
    removal: Vec<Removal>,
    signals: Vec<Signal>,
    stats: Vec<Stats>,
    /// Within furniture that is not most of the page: never the article's container.
    in_furniture: Vec<bool>,
}

impl<'d, 'a> Content<'d, 'a> {
    pub fn analyse(dom: &'d Dom<'a>) -> Self {
        let (removal, signals) = classify(dom);
        let (stats, in_furniture) = measure(dom, &removal, &signals);
        Self { dom, removal, signals, stats, in_furniture }
    }

    /// Whether a node is shown and outside navigation, sidebars and comments; within `scope`
    /// (the article around the container) furniture such as meta lines counts as readable.
    pub fn is_readable(&self, id: NodeId, scope: NodeId) -> bool {
        !matches!(self.removal[id as usize], Removal::Always | Removal::Comments)
            && (!self.in_furniture[id as usize] || self.dom.is_within(id, scope))
    }

    /// The article around a container: its ancestor two levels up, below the body.
    pub fn article_scope(&self, container: NodeId) -> NodeId {
        let mut scope = container;
        for _ in 0..2 {
            let parent = self.dom.node(scope).parent;
            if parent == NONE || matches!(self.dom.node(parent).tag, Tag::Body | Tag::Html | Tag::Document) {
                break;
            }
            scope = parent;
        }
        scope
    }

    /// The element holding the article, or the body when nothing stands out.
    pub fn main_container(&self) -> NodeId {
        let body = self.body();
        let Some(best) = self.best_scored() else { return body };
        let named = self.best_named(Signal::ArticleBody).or_else(|| self.best_article());
        let Some(named) = named else { return best };
        let (score_best, score_named) = (self.score(best), self.score(named));
        let good = |id: NodeId| self.stats[id as usize].good;
        // A named element inside the densest one is the article when it holds most of its
        // running text; otherwise the name wins unless it scores much lower.
        let chosen = if self.dom.is_within(named, best) {
            good(named) >= 0.6 * good(best)
        } else {
            score_named >= 0.7 * score_best
        };
        if chosen { named } else { best }
    }

    fn score(&self, id: NodeId) -> f32 {
        let s = self.stats[id as usize];
        s.good - BAD_WEIGHT * s.bad
    }

    /// The element with the given name signal that holds most running text.
    fn best_named(&self, wanted: Signal) -> Option<NodeId> {
        (1..self.dom.nodes.len() as NodeId)
            .filter(|&id| self.signals[id as usize] == wanted && self.candidate(id))
            .filter(|&id| self.stats[id as usize].good > 0.0)
            .max_by(|&a, &b| self.stats[a as usize].good.total_cmp(&self.stats[b as usize].good))
    }

    /// The `<article>` with most running text, when it holds clearly more than any other.
    fn best_article(&self) -> Option<NodeId> {
        let articles: Vec<NodeId> = (1..self.dom.nodes.len() as NodeId)
            .filter(|&id| self.dom.node(id).tag == Tag::Article && self.candidate(id))
            .collect();
        let good = |id: NodeId| self.stats[id as usize].good;
        let best = articles.iter().copied().max_by(|&a, &b| good(a).total_cmp(&good(b)))?;
        let second = articles
            .iter()
            .filter(|&&id| id != best && !self.dom.is_within(id, best) && !self.dom.is_within(best, id))
            .map(|&id| good(id))
            .fold(0.0, f32::max);
        (good(best) > 0.0 && good(best) > 2.0 * second).then_some(best)
    }

    /// Whether an element may be the article's container.
    fn candidate(&self, id: NodeId) -> bool {
        self.removal[id as usize] != Removal::Always && !self.in_furniture[id as usize]
    }

    fn body(&self) -> NodeId {
        (1..self.dom.nodes.len() as NodeId).find(|&id| self.dom.node(id).tag == Tag::Body).unwrap_or(0)
    }

    /// The element that maximises running text minus furniture text, outside furniture
    /// unless everything worth reading is inside it (a mislabelled wrapper).
    fn best_scored(&self) -> Option<NodeId> {
        let mut best: Option<(NodeId, f32)> = None;
        let mut best_anywhere: Option<(NodeId, f32)> = None;
        for id in 1..self.dom.nodes.len() as NodeId {
            let tag = self.dom.node(id).tag;
            if self.removal[id as usize] == Removal::Always || tag == Tag::Text {
                continue;
            }
            let score = self.score(id);
            if score <= 0.0 {
                continue;
            }
            if best_anywhere.is_none_or(|(_, b)| score > b) {
                best_anywhere = Some((id, score));
            }
            if !self.in_furniture[id as usize] && best.is_none_or(|(_, b)| score > b) {
                best = Some((id, score));
            }
        }
        match (best, best_anywhere) {
            (Some((id, score)), Some((_, anywhere))) if score >= FURNITURE_TRUST * anywhere => Some(id),
            (Some(_), Some((id, _))) => Some(id),
            (best, _) => best.map(|(id, _)| id),
        }
    }

    /// The container widened to its parent when siblings beside it hold running text too
    /// (a lead or intro above the body, an article split into blocks): the parent and the
    /// children of it to render.
    pub fn with_siblings(&self, container: NodeId) -> (NodeId, Option<Vec<NodeId>>) {
        let parent = self.dom.node(container).parent;
        if parent == NONE || matches!(self.dom.node(parent).tag, Tag::Body | Tag::Html | Tag::Document) {
            return (container, None);
        }
        let elements: Vec<NodeId> = self.dom.children(parent).filter(|&c| self.dom.node(c).tag != Tag::Text).collect();
        let Some(position) = elements.iter().position(|&c| c == container) else { return (container, None) };
        let good_container = self.stats[container as usize].good;
        let mut included = Vec::new();
        for (index, &sibling) in elements.iter().enumerate() {
            if sibling == container {
                included.push(sibling);
                continue;
            }
            if self.removal[sibling as usize] != Removal::Kept || self.in_furniture[sibling as usize] {
                continue;
            }
            let s = self.stats[sibling as usize];
            let adjacent = index + 1 == position || index == position + 1;
            if s.good >= 50.0 && s.good >= 1.5 * s.bad && (adjacent || s.good >= 0.1 * good_container) {
                included.push(sibling);
            }
        }
        if included.len() == 1 { (container, None) } else { (parent, Some(included)) }
    }

    /// Lead paragraphs above the container (standfirst, intro, summary) in the same article:
    /// elements named as a lead, before the container, within its nearest ancestors that hold
    /// little else.
    pub fn leads(&self, container: NodeId) -> Vec<NodeId> {
        let good = |id: NodeId| self.stats[id as usize].good;
        let mut scope = container;
        let mut ancestor = self.dom.node(container).parent;
        for _ in 0..5 {
            if ancestor == NONE || matches!(self.dom.node(ancestor).tag, Tag::Body | Tag::Html | Tag::Document) {
                break;
            }
            if good(ancestor) > good(container) * 1.5 + 600.0 || self.in_furniture[ancestor as usize] {
                break;
            }
            scope = ancestor;
            ancestor = self.dom.node(ancestor).parent;
        }
        let mut leads = Vec::new();
        let mut id = scope + 1;
        while id < container {
            let node = self.dom.node(id);
            if self.dom.is_within(container, id) || node.tag == Tag::Text {
                id += 1;
                continue;
            }
            let s = self.stats[id as usize];
            let text = s.chars.saturating_sub(s.link_chars);
            if self.removal[id as usize] == Removal::Kept
                && !self.in_furniture[id as usize]
                && text >= 40
                && s.link_chars * 3 < s.chars
                && is_lead(self.dom, id)
            {
                leads.push(id);
                id = self.dom.next_after_subtree(scope, id);
                if id == NONE {
                    break;
                }
                continue;
            }
            id += 1;
        }
        leads
    }

    /// The text blocks of the container, with furniture inside it left out.
    pub fn blocks(&self, container: NodeId) -> Vec<(Block, bool, bool)> {
        let mut blocks = Vec::new();
        for lead in self.leads(container) {
            blocks.extend(self.render(lead));
        }
        blocks.extend(self.render(container));
        let kinds: Vec<Kind> = blocks.iter().map(|block| self.kind_of(block)).collect();
        let holders: Vec<Tag> = blocks.iter().map(|block| block.holder_tag).collect();
        let keep = decide(&kinds, &holders);
        blocks.into_iter().zip(keep).zip(kinds).map(|((block, keep), kind)| (block, keep, kind == Kind::Good)).collect()
    }

    /// The blocks of a subtree (the container widened by its siblings), furniture left out.
    fn render(&self, container: NodeId) -> Vec<Block> {
        let (container, children) = self.with_siblings(container);
        let total = self.stats[container as usize].chars.max(1);
        // Pages built of widgets (page builders) hold their article in "widgets" too.
        let peripheral_is_norm = self.peripheral_good(container) * 2.0 > self.stats[container as usize].good;
        let skip = |id: NodeId| match self.removal[id as usize] {
            _ if children.as_ref().is_some_and(|c| {
                self.dom.node(id).parent == container && self.dom.node(id).tag != Tag::Text && !c.contains(&id)
            }) =>
            {
                true
            }
            Removal::Kept => false,
            Removal::Always | Removal::Comments => true,
            Removal::Furniture => self.stats[id as usize].chars * 5 <= total * 3,
            Removal::Caption => self.stats[id as usize].chars * 5 <= total * 3,
            Removal::Peripheral => {
                let s = self.stats[id as usize];
                (!peripheral_is_norm || s.good < s.bad) && s.chars * 5 <= total * 3
            }
        };
        render_blocks(self.dom, container, &skip)
    }

    /// Running text inside peripheral elements (outermost ones) of a subtree.
    fn peripheral_good(&self, root: NodeId) -> f32 {
        let mut sum = 0.0;
        let mut id = self.dom.node(root).first_child;
        while id != NONE {
            let node = self.dom.node(id);
            if self.removal[id as usize] == Removal::Peripheral {
                sum += self.stats[id as usize].good;
                id = self.dom.next_after_subtree(root, id);
            } else if node.first_child != NONE && self.removal[id as usize] == Removal::Kept {
                id = node.first_child;
            } else {
                id = self.dom.next_after_subtree(root, id);
            }
        }
        sum
    }

    fn kind_of(&self, block: &Block) -> Kind {
        let share = block.link_chars as f32 / block.chars.max(1) as f32;
        if share > 0.8 || (share > 0.5 && block.chars < 100) {
            Kind::Links
        } else if block.holder_tag.is_heading() && (block.chars - block.link_chars) < LONG_HEADING {
            Kind::Heading
        } else if block.chars - block.link_chars >= 50 && share <= 0.35 {
            Kind::Good
        } else {
            Kind::Short
        }
    }
}

/// What a block is, for deciding whether it belongs to the article.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// Running text.
    Good,
    /// A short line without many links.
    Short,
    Heading,
    /// Mostly link text: navigation, teaser titles.
    Links,
}

/// Which blocks to keep: running text; short lines unless they trail the last paragraph
/// of running text; headings followed by text.
fn decide(kinds: &[Kind], holders: &[Tag]) -> Vec<bool> {
    let any_good = kinds.contains(&Kind::Good);
    // The nearest block before and after that is running text or links.
    let neighbour_is_good = |index: usize| {
        let decisive = |k: &&Kind| matches!(k, Kind::Good | Kind::Links);
        kinds[..index].iter().rev().find(decisive) == Some(&Kind::Good)
            || kinds[index + 1..].iter().find(decisive) == Some(&Kind::Good)
    };
    kinds
        .iter()
        .enumerate()
        .map(|(index, kind)| match kind {
            Kind::Good => true,
            Kind::Links => false,
            // A heading is kept when text follows it, not links or nothing.
            Kind::Heading => {
                let next = kinds[index + 1..].iter().find(|k| **k != Kind::Heading);
                matches!(next, Some(Kind::Good | Kind::Short))
            }
            // Short lines: list items and table cells are content; others belong to the
            // article when running text is next to them.
            Kind::Short => {
                matches!(holders[index], Tag::Td | Tag::Th | Tag::Li | Tag::Dd | Tag::Dt)
                    || neighbour_is_good(index)
                    || !any_good
            }
        })
        .collect()
}

/// What each node is: removed always, furniture, peripheral, a caption, comments, or kept;
/// and what its attributes say.
fn classify(dom: &Dom) -> (Vec<Removal>, Vec<Signal>) {
    let n = dom.nodes.len();
    let mut removal = vec![Removal::Kept; n];
    let mut signals = vec![Signal::None; n];
    let mut cache = SignalCache::default();
    // Figures hold pictures and captions, except those that hold a table or the headline
    // (pages that print their headline over the lead picture).
    let mut has_table = vec![false; n];
    for id in (1..n as NodeId).rev() {
        let node = dom.node(id);
        if matches!(node.tag, Tag::Table | Tag::H1) || has_table[id as usize] {
            has_table[node.parent as usize] = true;
        }
    }
    for id in 1..n as NodeId {
        let node = dom.node(id);
        if node.tag == Tag::Text {
            removal[id as usize] = removal[node.parent as usize];
            continue;
        }
        let parent_removal = if node.parent == NONE { Removal::Kept } else { removal[node.parent as usize] };
        if parent_removal == Removal::Always {
            // Inside a script, a style, an SVG drawing or a hidden element: nothing to read.
            removal[id as usize] = Removal::Always;
            continue;
        }
        let own_signal = signal(dom, id, &mut cache);
        signals[id as usize] = own_signal;
        // A script parsed as a template holds elements, not code.
        let template = node.tag == Tag::Script && dom.children(id).any(|child| dom.node(child).tag != Tag::Text);
        let table_figure = matches!(node.tag, Tag::Figure | Tag::Figcaption) && has_table[id as usize];
        let own = if (always_removed(node.tag) && !template && !table_figure) || own_signal == Signal::Hidden {
            Removal::Always
        } else if own_signal == Signal::Comments {
            Removal::Comments
        } else if own_signal == Signal::Furniture || matches!(node.tag, Tag::Nav | Tag::Footer) {
            Removal::Furniture
        } else if own_signal == Signal::Caption {
            Removal::Caption
        } else if own_signal == Signal::Peripheral
            || matches!(node.tag, Tag::Aside | Tag::Form | Tag::Menu | Tag::Fieldset)
        {
            Removal::Peripheral
        } else {
            Removal::Kept
        };
        removal[id as usize] = own;
    }
    (removal, signals)
}

/// Text measures of every subtree, and which nodes lie within furniture that is not a
/// misnamed part of the article.
fn measure(dom: &Dom, removal: &[Removal], signals: &[Signal]) -> (Vec<Stats>, Vec<bool>) {
    let n = dom.nodes.len();
    // Pass 1: text and link characters per subtree.
    let mut stats = vec![Stats::default(); n];
    for id in (1..n as NodeId).rev() {
        let node = dom.node(id);
        if removal[id as usize] == Removal::Always {
            continue;
        }
        let parent = node.parent as usize;
        if node.tag == Tag::Text {
            let chars = count_chars(dom.raw_text(id));
            stats[id as usize].chars = chars;
            stats[parent].chars += chars;
            continue;
        }
        if node.tag == Tag::A {
            stats[id as usize].link_chars = stats[id as usize].chars;
        }
        let own = stats[id as usize];
        stats[parent].chars += own.chars;
        stats[parent].link_chars += own.link_chars;
    }
    // Blocks inside a link (card teasers) are link text however they are built.
    let mut in_link = vec![false; n];
    for id in 1..n as NodeId {
        let parent = dom.node(id).parent as usize;
        in_link[id as usize] = in_link[parent] || dom.node(parent as NodeId).tag == Tag::A;
    }
    // Pass 2: each block's own line judged as running text or not, then summed up.
    let mut lines = vec![(0f32, 0f32); n];
    let mut raw_good = vec![0f32; n];
    for id in (1..n as NodeId).rev() {
        let node = dom.node(id);
        if removal[id as usize] == Removal::Always {
            continue;
        }
        let parent = node.parent as usize;
        if node.tag == Tag::Text {
            stats[parent].inline_chars += stats[id as usize].chars;
            continue;
        }
        let mut own = stats[id as usize];
        if node.tag == Tag::A {
            own.inline_link_chars = own.inline_chars;
        }
        if is_inline(node.tag) {
            stats[parent].inline_chars += own.inline_chars;
            stats[parent].inline_link_chars += own.inline_link_chars;
        } else {
            let link_chars = if in_link[id as usize] { own.inline_chars } else { own.inline_link_chars };
            lines[id as usize] = judge_line(node.tag, own.inline_chars, link_chars);
        }
        stats[id as usize] = own;
        raw_good[id as usize] += lines[id as usize].0;
        raw_good[parent] += raw_good[id as usize];
    }
    // Furniture that holds most of the page's running text is a mislabelled wrapper.
    let page_good = raw_good[0].max(1.0);
    let page_chars = stats[0].chars.max(1) as f32;
    let wraps_page = |index: usize, share: f32| {
        raw_good[index] >= share * page_good && stats[index].chars as f32 >= 0.3 * page_chars
    };
    // Running text of the outermost article-body element below each node.
    let mut body_good = vec![0f32; n];
    for id in (1..n as NodeId).rev() {
        let own =
            if signals[id as usize] == Signal::ArticleBody { raw_good[id as usize] } else { body_good[id as usize] };
        let parent = dom.node(id).parent as usize;
        body_good[parent] = body_good[parent].max(own);
    }
    // Furniture wrapping the article body, or holding nearly all of an article body it
    // sits in, is a misnamed part of the article ("entry share", "social-sticky" wrappers).
    let part_of_body = |index: usize| {
        if raw_good[index] <= 0.0 {
            return false;
        }
        if body_good[index] >= 0.5 * raw_good[index] {
            return true;
        }
        let mut ancestor = dom.node(index as NodeId).parent;
        for _ in 0..3 {
            if ancestor == NONE {
                break;
            }
            if signals[ancestor as usize] == Signal::ArticleBody {
                return raw_good[index] >= 0.8 * raw_good[ancestor as usize];
            }
            ancestor = dom.node(ancestor).parent;
        }
        false
    };
    let furniture: Vec<bool> = (0..n)
        .map(|index| match removal[index] {
            Removal::Furniture => !wraps_page(index, 0.5) && !part_of_body(index),
            Removal::Comments => !wraps_page(index, 0.85),
            _ => false,
        })
        .collect();
    // Pass 3: running text and other text per subtree; furniture counts as other text.
    for id in (1..n as NodeId).rev() {
        let node = dom.node(id);
        if removal[id as usize] == Removal::Always || node.tag == Tag::Text {
            continue;
        }
        let own = &mut stats[id as usize];
        own.good += lines[id as usize].0;
        own.bad += lines[id as usize].1;
        let (good, bad) = (own.good, own.bad);
        let up = &mut stats[node.parent as usize];
        if furniture[id as usize] {
            up.bad += good + bad;
        } else {
            up.good += good;
            up.bad += bad;
        }
    }
    let mut in_furniture = vec![false; n];
    for id in 1..n as NodeId {
        let parent = dom.node(id).parent;
        in_furniture[id as usize] = furniture[id as usize] || (parent != NONE && in_furniture[parent as usize]);
    }
    (stats, in_furniture)
}

/// Non-whitespace characters of raw text.
fn count_chars(raw: &str) -> u32 {
    raw.chars().filter(|c| !c.is_whitespace()).count() as u32
}

/// Judges the own line of a block element: running text (good), furniture (bad) or a short
/// line that counts a little against its container.
fn judge_line(tag: Tag, chars: u32, link_chars: u32) -> (f32, f32) {
    if chars == 0 {
        return (0.0, 0.0);
    }
    let link_share = link_chars as f32 / chars as f32;
    let text = (chars - link_chars) as f32;
    if link_share > 0.5 {
        (0.0, chars as f32)
    } else if tag.is_heading() {
        (0.0, 0.0)
    } else if text >= 50.0 {
        (text, link_chars as f32)
    } else {
        (0.0, chars as f32 * SHORT_WEIGHT)
    }
}

fn always_removed(tag: Tag) -> bool {
    matches!(
        tag,
        Tag::Head
            | Tag::Script
            | Tag::Style
            | Tag::Noscript
            | Tag::Template
            | Tag::Svg
            | Tag::Math
            | Tag::Canvas
            | Tag::Iframe
            | Tag::Object
            | Tag::Embed
            | Tag::Applet
            | Tag::Video
            | Tag::Audio
            | Tag::Picture
            | Tag::Map
            | Tag::Select
            | Tag::Option
            | Tag::Optgroup
            | Tag::Datalist
            | Tag::Button
            | Tag::Input
            | Tag::Textarea
            | Tag::Title
            | Tag::Noembed
            | Tag::Noframes
            | Tag::Meta
            | Tag::Link
            | Tag::Dialog
            | Tag::Label
            | Tag::Output
            | Tag::Progress
            | Tag::Meter
            | Tag::Xmp
            | Tag::Frameset
            | Tag::Frame
            | Tag::Figure
            | Tag::Figcaption
    )
}
