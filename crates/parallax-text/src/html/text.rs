//! Rendering a subtree as text blocks: one block per paragraph-level element, inline
//! elements joined as a browser joins them, whitespace collapsed, character references
//! decoded, and per block how much of it is link text.

use super::dom::{Dom, NONE, NodeId};
use super::entities::decode_into;
use super::tags::{Tag, is_inline};

/// One paragraph-level run of text.
#[derive(Debug, Clone)]
pub(crate) struct Block {
    pub text: String,
    /// The element that holds the block (the nearest non-inline ancestor of its text).
    pub holder_tag: Tag,
    /// Characters of text, and of text inside links.
    pub chars: usize,
    pub link_chars: usize,
}

/// Renders the subtree of `root` into blocks, skipping nodes for which `skip` is true.
pub(crate) fn render_blocks(dom: &Dom, root: NodeId, skip: &dyn Fn(NodeId) -> bool) -> Vec<Block> {
    let mut renderer = Renderer {
        blocks: Vec::new(),
        current: String::new(),
        chars: 0,
        link_chars: 0,
        pending_space: false,
        holder: root,
    };
    // Iterative walk with explicit exits: (node, entering).
    let mut stack: Vec<(NodeId, bool)> = vec![(root, true)];
    let mut link_depth = 0usize;
    while let Some((id, entering)) = stack.pop() {
        let node = dom.node(id);
        if !entering {
            if node.tag == Tag::A {
                link_depth = link_depth.saturating_sub(1);
            }
            if !is_inline(node.tag) {
                renderer.flush(dom);
                renderer.holder = dom.node(id).parent;
            }
            continue;
        }
        if id != root && skip(id) {
            continue;
        }
        match node.tag {
            Tag::Text => {
                renderer.push_text(dom.raw_text(id), link_depth > 0);
                continue;
            }
            Tag::Br | Tag::Hr => {
                renderer.flush(dom);
                continue;
            }
            Tag::Img | Tag::Wbr => continue,
            _ => {}
        }
        if node.tag == Tag::A {
            link_depth += 1;
        }
        if !is_inline(node.tag) {
            renderer.flush(dom);
            renderer.holder = id;
        }
        stack.push((id, false));
        // Children in reverse so the first is popped first.
        let start = stack.len();
        let mut child = node.first_child;
        while child != NONE {
            stack.push((child, true));
            child = dom.node(child).next_sibling;
        }
        stack[start..].reverse();
    }
    renderer.flush(dom);
    renderer.blocks
}

struct Renderer {
    blocks: Vec<Block>,
    current: String,
    chars: usize,
    link_chars: usize,
    pending_space: bool,
    holder: NodeId,
}

impl Renderer {
    fn push_text(&mut self, raw: &str, in_link: bool) {
        if raw.contains('&') {
            let mut decoded = String::with_capacity(raw.len());
            decode_into(raw, &mut decoded);
            self.push_decoded(&decoded, in_link);
        } else {
            self.push_decoded(raw, in_link);
        }
    }

    /// Appends text, collapsing every run of whitespace (across text runs too) to one space.
    fn push_decoded(&mut self, text: &str, in_link: bool) {
        let mut added = 0;
        for ch in text.chars() {
            if is_invisible(ch) {
                continue;
            }
            if ch.is_whitespace() {
                self.pending_space = !self.current.is_empty();
            } else {
                if self.pending_space {
                    self.current.push(' ');
                    self.pending_space = false;
                }
                self.current.push(ch);
                added += 1;
            }
        }
        self.chars += added;
        if in_link {
            self.link_chars += added;
        }
    }

    fn flush(&mut self, dom: &Dom) {
        let text = self.current.as_str();
        if self.chars > 0 {
            let holder_tag = dom.node(self.holder).tag;
            self.blocks.push(Block {
                text: text.to_string(),
                holder_tag,
                chars: self.chars,
                link_chars: self.link_chars,
            });
        }
        self.current.clear();
        self.pending_space = false;
        self.chars = 0;
        self.link_chars = 0;
    }
}

/// Characters a browser does not show: soft hyphens, zero-width spaces and joiners, BOMs.
fn is_invisible(ch: char) -> bool {
    matches!(ch, '\u{AD}' | '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{2060}' | '\u{FEFF}')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(html: &str, expected: &[&str]) {
        let dom = Dom::parse(html, 1000).expect("parses");
        let skip = |id: NodeId| matches!(dom.node(id).tag, Tag::Script | Tag::Style);
        let blocks = render_blocks(&dom, 0, &skip);
        let texts: Vec<&str> = blocks.iter().map(|b| b.text.as_str()).collect();
        assert_eq!(texts, expected, "{html}");
    }

    #[test]
    fn blocks_and_spacing() {
        check("<p>One <b>bold</b>word.</p><p>Two\n  lines</p>", &["One boldword.", "Two lines"]);
        check("<div>Intro<p>para</p>tail<br>after</div>", &["Intro", "para", "tail", "after"]);
        check("<p>a<span> b </span>c</p>", &["a b c"]);
        check("<td>x</td><td>y</td><script>var z</script>", &["x", "y"]);
        check("<p>Caf&eacute; &amp; bar&nbsp;!</p>", &["Café & bar !"]);
    }

    #[test]
    fn link_share() {
        let dom = Dom::parse("<p>Read <a href=x>more here</a></p>", 100).expect("parses");
        let blocks = render_blocks(&dom, 0, &|_| false);
        assert_eq!((blocks[0].chars, blocks[0].link_chars), (12, 8));
    }
}
