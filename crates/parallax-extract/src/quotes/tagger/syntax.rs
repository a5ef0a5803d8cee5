//! The shallow syntax the quote tagger reads: each token's part of speech and chunk
//! ([`crate::syntax`]), and the chunks between a token and a cue: "[NP the senator] [VP said]"
//! against "[NP the senator] [PP of] [NP Ohio] [VP said]" against "[VP announcing] [NP it]".

use super::super::Analysis;
use super::features::Key;

/// Parts of speech and chunks of a paragraph's tokens, and each token's chunk.
pub(super) struct Syntax {
    pos: Vec<&'static str>,
    chunk: Vec<&'static str>,
    /// Index of each token's chunk in `kinds`; a token outside any chunk is a chunk of its own,
    /// named by its part of speech.
    chunk_of: Vec<usize>,
    kinds: Vec<&'static str>,
    /// Whether the token is the last of its chunk.
    last: Vec<bool>,
}

/// The most chunks between a token and a cue-like word that make a path feature.
const PATH_CHUNKS: usize = 4;

impl Syntax {
    pub(super) fn of(analysis: &Analysis<'_>) -> Syntax {
        let n = analysis.para.tokens.len();
        let mut pos = vec![""; n];
        let mut chunk = vec!["O"; n];
        for (sentence, _) in &analysis.sentences {
            let range = sentence.start.min(n)..sentence.end.min(n);
            let texts: Vec<&str> = analysis.para.tokens[range.clone()].iter().map(|t| t.text).collect();
            for (k, tags) in crate::syntax::tag(&texts).into_iter().enumerate() {
                pos[range.start + k] = tags.pos;
                chunk[range.start + k] = tags.chunk;
            }
        }
        let mut chunk_of = Vec::with_capacity(n);
        let mut kinds: Vec<&'static str> = Vec::new();
        for i in 0..n {
            let continues = i > 0 && chunk[i].starts_with("I-");
            if !continues {
                kinds.push(chunk[i].get(2..).filter(|_| chunk[i] != "O").unwrap_or(pos[i]));
            }
            chunk_of.push(kinds.len().saturating_sub(1));
        }
        let last = (0..n).map(|i| chunk_of.get(i + 1) != Some(&chunk_of[i])).collect();
        Syntax { pos, chunk, chunk_of, kinds, last }
    }

    /// The syntax features of token `i`, with the nearest cue-like words on each side.
    pub(super) fn features(
        &self,
        i: usize,
        right: Option<usize>,
        left: Option<usize>,
        buckets: &[u16],
        role: &str,
        add: &mut impl FnMut(Key),
    ) {
        let pos =
            |j: isize| -> &str { if j < 0 { "<s>" } else { self.pos.get(j as usize).copied().unwrap_or("</s>") } };
        let at = i as isize;
        let key = Key::new;
        let kind = self.kinds[self.chunk_of[i]];
        add(key(180).text(pos(at)));
        add(key(181).text(pos(at - 1)).text(pos(at)));
        add(key(182).text(pos(at)).text(pos(at + 1)));
        add(key(183).text(pos(at)).text(role));
        add(key(184).text(self.chunk[i]));
        add(key(185).text(self.chunk[i]).text(role));
        let next_kind = self.kinds.get(self.chunk_of[i] + 1).copied().unwrap_or("</s>");
        add(key(186).text(kind).flag(self.last[i]).text(next_kind));
        add(key(187).text(kind).flag(self.last[i]).text(role));
        for (template, found) in [(190u8, right), (194u8, left)] {
            let Some(j) = found else { continue };
            let (path, between) = self.path(template, i, j);
            let bucket = buckets.get(j).copied().unwrap_or(u16::MAX);
            add(path.text(kind).text(pos(j as isize)).number(bucket));
            add(path.text(kind).flag(self.last[i]).text(role));
            add(key(template + 1).text(kind).text(pos(j as isize)).number(between));
            add(key(template + 2).text(pos(at)).text(pos(j as isize)).number(bucket));
        }
    }

    /// Features of token `i` against a cue the stage before found at `j`: the chunks between
    /// them, the token's chunk and whether it ends there, with the token's label.
    pub(super) fn cue_features(&self, i: usize, j: usize, template: u8, label: &str, add: &mut impl FnMut(Key)) {
        if i >= self.chunk_of.len() || j >= self.chunk_of.len() {
            return;
        }
        let (path, between) = self.path(template, i, j);
        let kind = self.kinds[self.chunk_of[i]];
        let last = self.last[i];
        add(path.text(kind).flag(last).text(label));
        add(Key::new(template + 1).number(between).text(kind).flag(last).text(self.pos[i]));
        add(Key::new(template + 2).number(between).text(kind).text(self.pos[j]).text(label));
    }

    /// The kinds of the chunks strictly between those of tokens `i` and `j` ("far" past
    /// [`PATH_CHUNKS`]) hashed after `template`, and how many there are (capped one past it).
    fn path(&self, template: u8, i: usize, j: usize) -> (Key, u16) {
        let (from, to) = (self.chunk_of[i], self.chunk_of[j]);
        let (a, b) = (from.min(to), from.max(to));
        let between = b.saturating_sub(a + 1);
        let path = if between <= PATH_CHUNKS {
            self.kinds[(a + 1).min(b)..b].iter().fold(Key::new(template), |k, kind| k.text(kind))
        } else {
            Key::new(template).text("far")
        };
        (path, between.min(PATH_CHUNKS + 1) as u16)
    }
}
