//! A fast, forgiving HTML parser: one pass over the bytes builds a tree of elements and text
//! ranges (no copies of the text), closing what browsers close implicitly (`<p>`, `<li>`,
//! table cells …), never failing, and bounded in depth and size. Iterative throughout, so
//! deep nesting cannot overflow the stack.

use super::tags::{Tag, closes_paragraph, is_inline, is_raw_text, is_void};

/// Index of a node in [`Dom::nodes`].
pub(crate) type NodeId = u32;
/// No node.
pub(crate) const NONE: NodeId = u32::MAX;
/// Elements nested deeper than this are attached flat to the deepest open element.
pub(crate) const MAX_DEPTH: usize = 512;

/// An element or a text run.
#[derive(Debug, Clone)]
pub(crate) struct Node {
    pub tag: Tag,
    pub parent: NodeId,
    pub first_child: NodeId,
    pub last_child: NodeId,
    pub next_sibling: NodeId,
    /// Text: byte range of the (undecoded) text. Element: range in [`Dom::attrs`].
    pub start: u32,
    pub end: u32,
    /// Element: byte range of its name in the source (for elements without a [`Tag`]).
    pub name_start: u32,
    pub name_end: u32,
}

/// One attribute: byte ranges of its name and (undecoded) value in the source.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Attr {
    pub name: (u32, u32),
    pub value: (u32, u32),
}

/// A parsed page. Node 0 is the document root.
pub(crate) struct Dom<'a> {
    pub source: &'a str,
    pub nodes: Vec<Node>,
    pub attrs: Vec<Attr>,
}

/// The page has more elements than allowed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct TooManyElements {
    pub limit: usize,
}

impl<'a> Dom<'a> {
    /// Parses a page. Fails only when it holds more than `max_elements` elements.
    pub fn parse(source: &'a str, max_elements: usize) -> Result<Self, TooManyElements> {
        Builder::new(source, max_elements).run()
    }

    pub fn node(&self, id: NodeId) -> &Node {
        &self.nodes[id as usize]
    }

    /// The raw (undecoded) text of a text node.
    pub fn raw_text(&self, id: NodeId) -> &'a str {
        let node = self.node(id);
        self.source.get(node.start as usize..node.end as usize).unwrap_or("")
    }

    /// The (undecoded) value of an attribute, matched case-insensitively by name.
    pub fn attr(&self, id: NodeId, name: &str) -> Option<&'a str> {
        let node = self.node(id);
        if node.tag == Tag::Text {
            return None;
        }
        self.attrs[node.start as usize..node.end as usize].iter().find_map(|attr| {
            let attr_name = self.source.get(attr.name.0 as usize..attr.name.1 as usize)?;
            attr_name
                .eq_ignore_ascii_case(name)
                .then(|| self.source.get(attr.value.0 as usize..attr.value.1 as usize).unwrap_or(""))
        })
    }

    /// The element's name as written, for elements without a known [`Tag`].
    #[cfg(test)]
    pub fn name(&self, id: NodeId) -> &'a str {
        let node = self.node(id);
        self.source.get(node.name_start as usize..node.name_end as usize).unwrap_or("")
    }

    /// The children of a node, in order.
    pub fn children(&self, id: NodeId) -> Children<'_, 'a> {
        Children { dom: self, next: self.node(id).first_child }
    }

    /// The node and all its descendants in document order (iterative).
    pub fn descendants(&self, id: NodeId) -> Descendants<'_, 'a> {
        Descendants { dom: self, root: id, next: id }
    }

    /// The next node in document order after `id`'s subtree.
    pub fn next_after_subtree(&self, root: NodeId, mut id: NodeId) -> NodeId {
        while id != root {
            let node = self.node(id);
            if node.next_sibling != NONE {
                return node.next_sibling;
            }
            id = node.parent;
        }
        NONE
    }

    /// Whether `ancestor` is `id` or one of its ancestors.
    pub fn is_within(&self, mut id: NodeId, ancestor: NodeId) -> bool {
        while id != NONE {
            if id == ancestor {
                return true;
            }
            id = self.node(id).parent;
        }
        false
    }
}

pub(crate) struct Children<'d, 'a> {
    dom: &'d Dom<'a>,
    next: NodeId,
}

impl Iterator for Children<'_, '_> {
    type Item = NodeId;
    fn next(&mut self) -> Option<NodeId> {
        (self.next != NONE).then(|| {
            let id = self.next;
            self.next = self.dom.node(id).next_sibling;
            id
        })
    }
}

pub(crate) struct Descendants<'d, 'a> {
    dom: &'d Dom<'a>,
    root: NodeId,
    next: NodeId,
}

impl Iterator for Descendants<'_, '_> {
    type Item = NodeId;
    fn next(&mut self) -> Option<NodeId> {
        if self.next == NONE {
            return None;
        }
        let id = self.next;
        let node = self.dom.node(id);
        self.next =
            if node.first_child != NONE { node.first_child } else { self.dom.next_after_subtree(self.root, id) };
        Some(id)
    }
}

struct Builder<'a> {
    source: &'a str,
    bytes: &'a [u8],
    pos: usize,
    nodes: Vec<Node>,
    attrs: Vec<Attr>,
    /// Open elements, root first.
    stack: Vec<NodeId>,
    n_elements: usize,
    max_elements: usize,
    seen_body: bool,
}

impl<'a> Builder<'a> {
    fn new(source: &'a str, max_elements: usize) -> Self {
        let root = Node {
            tag: Tag::Document,
            parent: NONE,
            first_child: NONE,
            last_child: NONE,
            next_sibling: NONE,
            start: 0,
            end: 0,
            name_start: 0,
            name_end: 0,
        };
        let mut nodes = Vec::with_capacity(source.len() / 40 + 16);
        nodes.push(root);
        Self {
            source,
            bytes: source.as_bytes(),
            pos: 0,
            nodes,
            attrs: Vec::with_capacity(source.len() / 60 + 16),
            stack: vec![0],
            n_elements: 0,
            max_elements,
            seen_body: false,
        }
    }

    fn run(mut self) -> Result<Dom<'a>, TooManyElements> {
        let n = self.bytes.len();
        while self.pos < n {
            let Some(offset) = memchr::memchr(b'<', &self.bytes[self.pos..]) else {
                self.text(self.pos, n);
                break;
            };
            let lt = self.pos + offset;
            let next = self.bytes.get(lt + 1).copied().unwrap_or(b' ');
            if next.is_ascii_alphabetic() {
                self.text(self.pos, lt);
                self.start_tag(lt)?;
            } else if next == b'/' {
                self.text(self.pos, lt);
                self.end_tag(lt);
            } else if next == b'!' || next == b'?' {
                self.text(self.pos, lt);
                self.markup_declaration(lt);
            } else {
                // A literal '<': part of the text.
                self.text(self.pos, lt + 1);
            }
        }
        Ok(Dom { source: self.source, nodes: self.nodes, attrs: self.attrs })
    }

    fn current(&self) -> NodeId {
        self.stack.last().copied().unwrap_or(0)
    }

    fn append(&mut self, parent: NodeId, mut node: Node) -> NodeId {
        let id = self.nodes.len() as NodeId;
        node.parent = parent;
        let last = self.nodes[parent as usize].last_child;
        if last == NONE {
            self.nodes[parent as usize].first_child = id;
        } else {
            self.nodes[last as usize].next_sibling = id;
        }
        self.nodes[parent as usize].last_child = id;
        self.nodes.push(node);
        id
    }

    fn text(&mut self, start: usize, end: usize) {
        if start >= end {
            return;
        }
        let parent = self.current();
        // Whitespace between the rows of a table, the items of a list or the tags of the head
        // is never shown.
        if matches!(
            self.nodes[parent as usize].tag,
            Tag::Document
                | Tag::Html
                | Tag::Head
                | Tag::Ul
                | Tag::Ol
                | Tag::Dl
                | Tag::Table
                | Tag::Thead
                | Tag::Tbody
                | Tag::Tfoot
                | Tag::Tr
                | Tag::Select
                | Tag::Colgroup
        ) && self.bytes[start..end].iter().all(u8::is_ascii_whitespace)
        {
            self.pos = end;
            return;
        }
        // Extend the previous text run when a literal '<' split it.
        let last = self.nodes[parent as usize].last_child;
        if last != NONE && self.nodes[last as usize].tag == Tag::Text && self.nodes[last as usize].end as usize == start
        {
            self.nodes[last as usize].end = end as u32;
        } else {
            self.append(parent, text_node(start, end));
        }
        self.pos = end;
    }

    /// `<!-- … -->`, `<![CDATA[ … ]]>`, `<!DOCTYPE …>`, `<? … >`.
    fn markup_declaration(&mut self, lt: usize) {
        let rest = &self.source[lt..];
        if rest.starts_with("<!--") {
            self.pos = find(self.bytes, lt + 4, b"-->").map_or(self.bytes.len(), |at| at + 3);
        } else if rest.starts_with("<![CDATA[") {
            let end = find(self.bytes, lt + 9, b"]]>").unwrap_or(self.bytes.len());
            let parent = self.current();
            if end > lt + 9 {
                self.append(parent, text_node(lt + 9, end));
            }
            self.pos = (end + 3).min(self.bytes.len());
        } else {
            self.pos = find(self.bytes, lt + 2, b">").map_or(self.bytes.len(), |at| at + 1);
        }
    }

    fn start_tag(&mut self, lt: usize) -> Result<(), TooManyElements> {
        let name_start = lt + 1;
        let name_end = name_start
            + self.bytes[name_start..]
                .iter()
                .position(|b| b.is_ascii_whitespace() || *b == b'/' || *b == b'>')
                .unwrap_or(self.bytes.len() - name_start);
        let tag = Tag::from_name(&self.bytes[name_start..name_end]);
        let attr_start = self.attrs.len();
        let Some((after, self_closing)) = self.attributes(name_end) else {
            // The tag never ends: the rest of the page is not markup a browser would show.
            self.attrs.truncate(attr_start);
            self.pos = self.bytes.len();
            return Ok(());
        };
        self.pos = after;
        self.n_elements += 1;
        if self.n_elements > self.max_elements {
            return Err(TooManyElements { limit: self.max_elements });
        }
        if matches!(tag, Tag::Html | Tag::Body) && self.stack.iter().any(|&id| self.nodes[id as usize].tag == tag) {
            return Ok(());
        }
        self.close_implied_by(tag);
        let parent = self.current();
        let node = Node {
            tag,
            parent,
            first_child: NONE,
            last_child: NONE,
            next_sibling: NONE,
            start: attr_start as u32,
            end: self.attrs.len() as u32,
            name_start: name_start as u32,
            name_end: name_end as u32,
        };
        let id = self.append(parent, node);
        if tag == Tag::Body {
            self.seen_body = true;
        }
        // An HTML template (`<script type="text/template">`) as an article body's only content
        // (as blog platforms render posts) is parsed as markup.
        if tag == Tag::Script && self.is_template_script(attr_start) && self.parent_is_article_body(parent) {
            self.stack.push(id);
            return Ok(());
        }
        let foreign = (self_closing || tag == Tag::Title) && self.in_foreign_content();
        if self_closing && foreign {
            return Ok(());
        }
        if is_raw_text(tag) && !foreign {
            self.raw_text(id, tag);
            return Ok(());
        }
        if is_void(tag) || self.stack.len() >= MAX_DEPTH {
            return Ok(());
        }
        self.stack.push(id);
        Ok(())
    }

    /// Parses attributes from `pos` to the closing `>`; returns the position after it and
    /// whether the tag was written self-closing. `None` when the page ends inside the tag.
    fn attributes(&mut self, mut pos: usize) -> Option<(usize, bool)> {
        let bytes = self.bytes;
        let n = bytes.len();
        let mut self_closing = false;
        loop {
            while pos < n && (bytes[pos].is_ascii_whitespace() || bytes[pos] == b'/') {
                self_closing = bytes[pos] == b'/';
                pos += 1;
            }
            if pos >= n {
                return None;
            }
            if bytes[pos] == b'>' {
                return Some((pos + 1, self_closing));
            }
            self_closing = false;
            let name_start = pos;
            pos += 1;
            while pos < n && !matches!(bytes[pos], b'=' | b'>' | b'/') && !bytes[pos].is_ascii_whitespace() {
                pos += 1;
            }
            let name_end = pos;
            while pos < n && bytes[pos].is_ascii_whitespace() {
                pos += 1;
            }
            let mut value = (pos as u32, pos as u32);
            if pos < n && bytes[pos] == b'=' {
                pos += 1;
                while pos < n && bytes[pos].is_ascii_whitespace() {
                    pos += 1;
                }
                if pos < n && (bytes[pos] == b'"' || bytes[pos] == b'\'') {
                    let quote = bytes[pos];
                    let close = memchr::memchr(quote, &bytes[pos + 1..])? + pos + 1;
                    value = ((pos + 1) as u32, close as u32);
                    pos = close + 1;
                } else {
                    let start = pos;
                    while pos < n && !bytes[pos].is_ascii_whitespace() && bytes[pos] != b'>' {
                        pos += 1;
                    }
                    value = (start as u32, pos as u32);
                }
            }
            if self.attrs.len() < u32::MAX as usize {
                self.attrs.push(Attr { name: (name_start as u32, name_end as u32), value });
            }
        }
    }

    /// Content of `<script>`, `<style>`, `<title>`, `<textarea>` … up to its end tag.
    fn raw_text(&mut self, id: NodeId, tag: Tag) {
        let name = tag.name().as_bytes();
        let mut search = self.pos;
        let end = loop {
            let Some(at) = find(self.bytes, search, b"</") else { break self.bytes.len() };
            let after = at + 2;
            let candidate = self.bytes.get(after..after + name.len());
            let boundary =
                self.bytes.get(after + name.len()).is_none_or(|b| b.is_ascii_whitespace() || matches!(b, b'>' | b'/'));
            if candidate.is_some_and(|c| c.eq_ignore_ascii_case(name)) && boundary {
                break at;
            }
            search = after;
        };
        if end > self.pos {
            self.append(id, text_node(self.pos, end));
        }
        self.pos = if end < self.bytes.len() {
            find(self.bytes, end, b">").map_or(self.bytes.len(), |at| at + 1)
        } else {
            end
        };
    }

    fn end_tag(&mut self, lt: usize) {
        let name_start = lt + 2;
        let name_end = name_start
            + self.bytes[name_start..]
                .iter()
                .position(|b| b.is_ascii_whitespace() || *b == b'/' || *b == b'>')
                .unwrap_or(self.bytes.len() - name_start);
        self.pos = find(self.bytes, name_end, b">").map_or(self.bytes.len(), |at| at + 1);
        if name_end == name_start || !self.bytes[name_start].is_ascii_alphabetic() {
            return;
        }
        let name = &self.bytes[name_start..name_end];
        let tag = Tag::from_name(name);
        match tag {
            Tag::Html | Tag::Body => return,
            Tag::Br => {
                let parent = self.current();
                let mut br = text_node(0, 0);
                br.tag = Tag::Br;
                br.name_start = name_start as u32;
                br.name_end = name_end as u32;
                self.append(parent, br);
                return;
            }
            _ => {}
        }
        let inline = is_inline(tag);
        let mut depth = self.stack.len();
        while depth > 1 {
            depth -= 1;
            let open = self.stack[depth];
            let open_tag = self.nodes[open as usize].tag;
            let same = if tag == Tag::Other {
                open_tag == Tag::Other && self.name_of(open).eq_ignore_ascii_case(name)
            } else {
                open_tag == tag
            };
            if same {
                self.stack.truncate(depth);
                return;
            }
            // An inline end tag does not close blocks; nothing closes across table cells.
            if (inline && !is_inline(open_tag)) || is_scope_boundary(open_tag) {
                return;
            }
        }
    }

    /// Whether the attributes from `attr_start` give a script type of HTML templates.
    fn is_template_script(&self, attr_start: usize) -> bool {
        self.attrs[attr_start..].iter().any(|attr| {
            let name = &self.bytes[attr.name.0 as usize..attr.name.1 as usize];
            let value = &self.bytes[attr.value.0 as usize..attr.value.1 as usize];
            name.eq_ignore_ascii_case(b"type")
                && (value.eq_ignore_ascii_case(b"text/template") || value.eq_ignore_ascii_case(b"text/html"))
        })
    }

    /// Whether an element is marked `itemprop="articleBody"`.
    fn parent_is_article_body(&self, id: NodeId) -> bool {
        let node = &self.nodes[id as usize];
        self.attrs[node.start as usize..node.end as usize].iter().any(|attr| {
            let name = &self.bytes[attr.name.0 as usize..attr.name.1 as usize];
            let value = &self.bytes[attr.value.0 as usize..attr.value.1 as usize];
            name.eq_ignore_ascii_case(b"itemprop") && value.eq_ignore_ascii_case(b"articleBody")
        })
    }

    /// Inside `<svg>` or `<math>`, where `<x/>` closes itself.
    fn in_foreign_content(&self) -> bool {
        self.stack.iter().rev().take(64).any(|&open| matches!(self.nodes[open as usize].tag, Tag::Svg | Tag::Math))
    }

    fn name_of(&self, id: NodeId) -> &'a [u8] {
        let node = &self.nodes[id as usize];
        &self.bytes[node.name_start as usize..node.name_end as usize]
    }

    /// Pops the elements a start tag closes implicitly.
    fn close_implied_by(&mut self, tag: Tag) {
        let top = self.nodes[self.current() as usize].tag;
        if top == Tag::Head
            && !matches!(
                tag,
                Tag::Meta
                    | Tag::Link
                    | Tag::Title
                    | Tag::Style
                    | Tag::Script
                    | Tag::Base
                    | Tag::Noscript
                    | Tag::Template
            )
        {
            self.stack.pop();
        }
        if closes_paragraph(tag) {
            self.close_in_scope(&[Tag::P], &[]);
        }
        match tag {
            Tag::Li => self.close_in_scope(&[Tag::Li], &[Tag::Ul, Tag::Ol, Tag::Menu]),
            Tag::Dt | Tag::Dd => self.close_in_scope(&[Tag::Dt, Tag::Dd], &[Tag::Dl]),
            Tag::Option => self.close_in_scope(&[Tag::Option], &[Tag::Select, Tag::Optgroup]),
            Tag::Optgroup => self.close_in_scope(&[Tag::Optgroup, Tag::Option], &[Tag::Select]),
            Tag::Tr => {
                self.close_in_scope(&[Tag::Td, Tag::Th], &[Tag::Tr, Tag::Table]);
                self.close_in_scope(&[Tag::Tr], &[Tag::Table, Tag::Thead, Tag::Tbody, Tag::Tfoot]);
            }
            Tag::Td | Tag::Th => self.close_in_scope(&[Tag::Td, Tag::Th], &[Tag::Tr, Tag::Table]),
            Tag::Thead | Tag::Tbody | Tag::Tfoot => {
                self.close_in_scope(&[Tag::Td, Tag::Th], &[Tag::Tr, Tag::Table]);
                self.close_in_scope(&[Tag::Tr], &[Tag::Table, Tag::Thead, Tag::Tbody, Tag::Tfoot]);
                self.close_in_scope(&[Tag::Thead, Tag::Tbody, Tag::Tfoot], &[Tag::Table]);
            }
            Tag::H1 | Tag::H2 | Tag::H3 | Tag::H4 | Tag::H5 | Tag::H6 if top.is_heading() => {
                self.stack.pop();
            }
            Tag::A => self.close_in_scope(&[Tag::A], &[]),
            _ => {}
        }
    }

    /// Pops through the nearest open element of `targets`, unless a `stop` element or a scope
    /// boundary comes first.
    fn close_in_scope(&mut self, targets: &[Tag], stops: &[Tag]) {
        let mut depth = self.stack.len();
        while depth > 1 {
            depth -= 1;
            let open_tag = self.nodes[self.stack[depth] as usize].tag;
            if targets.contains(&open_tag) {
                self.stack.truncate(depth);
                return;
            }
            if stops.contains(&open_tag) || is_scope_boundary(open_tag) {
                return;
            }
        }
    }
}

fn is_scope_boundary(tag: Tag) -> bool {
    matches!(
        tag,
        Tag::Td | Tag::Th | Tag::Table | Tag::Caption | Tag::Html | Tag::Template | Tag::Object | Tag::Marquee
    )
}

fn text_node(start: usize, end: usize) -> Node {
    Node {
        tag: Tag::Text,
        parent: NONE,
        first_child: NONE,
        last_child: NONE,
        next_sibling: NONE,
        start: start as u32,
        end: end as u32,
        name_start: 0,
        name_end: 0,
    }
}

/// The first occurrence of `needle` in `bytes` at or after `from`.
fn find(bytes: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    let haystack = bytes.get(from..)?;
    let at =
        if needle.len() == 1 { memchr::memchr(needle[0], haystack) } else { memchr::memmem::find(haystack, needle) };
    at.map(|at| at + from)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An outline of the tree: `tag[children]`, text as its raw content in quotes.
    fn outline(dom: &Dom, id: NodeId) -> String {
        let node = dom.node(id);
        if node.tag == Tag::Text {
            return format!("{:?}", dom.raw_text(id));
        }
        let children: Vec<String> = dom.children(id).map(|child| outline(dom, child)).collect();
        let name = if node.tag == Tag::Other { dom.name(id).to_string() } else { node.tag.name().to_string() };
        if children.is_empty() { name } else { format!("{name}[{}]", children.join(" ")) }
    }

    fn check(html: &str, expected: &str) {
        let dom = Dom::parse(html, 10_000).expect("parses");
        let body: Vec<String> = dom.children(0).map(|child| outline(&dom, child)).collect();
        assert_eq!(body.join(" "), expected, "{html}");
    }

    #[test]
    fn implied_end_tags() {
        check("<p>one<p>two<div>three</div>", "p[\"one\"] p[\"two\"] div[\"three\"]");
        check("<ul><li>a<li>b<ul><li>c</ul><li>d</ul>", "ul[li[\"a\"] li[\"b\" ul[li[\"c\"]]] li[\"d\"]]");
        check("<table><tr><td>a<td>b<tr><td>c</table>", "table[tr[td[\"a\"] td[\"b\"]] tr[td[\"c\"]]]");
        // An inline end tag never closes a block: the text stays in order.
        check("<div><b>bold<p>para</b> rest</p></div>", "div[b[\"bold\" p[\"para\" \" rest\"]]]");
        check("<div><span>x</div>y", "div[span[\"x\"]] \"y\"");
    }

    #[test]
    fn raw_text_comments_and_attributes() {
        check("<script>if (a<b) { x = '</div>' }</script><p>t</p>", "script[\"if (a<b) { x = '</div>' }\"] p[\"t\"]");
        check("<style>p{}</STYLE >x<!-- <p>no</p> -->y", "style[\"p{}\"] \"x\" \"y\"");
        check("a < b <3 c", "\"a < b <3 c\"");
        let dom = Dom::parse("<div class=\"a b\" id=x data-x='1' hidden><img src=a.png/></div>", 100).expect("parses");
        assert_eq!(dom.attr(1, "CLASS"), Some("a b"));
        assert_eq!(dom.attr(1, "id"), Some("x"));
        assert_eq!(dom.attr(1, "hidden"), Some(""));
        assert_eq!(dom.attr(2, "src"), Some("a.png/"));
    }

    #[test]
    fn broken_input_never_fails() {
        for html in
            ["<", "<div", "<div class=\"x", "</", "</>", "<!--", "<![CDATA[x", "<p>a</p></p></div></body>x", "<<>>"]
        {
            assert!(Dom::parse(html, 100).is_ok(), "{html}");
        }
        assert_eq!(Dom::parse("<b><b><b>", 2).err(), Some(TooManyElements { limit: 2 }));
    }
}
