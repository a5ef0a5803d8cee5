//! HTML character references: numeric (`&#8211;`, `&#x2013;`) and named (the HTML 4 set plus
//! common HTML 5 names), decoded into text as a browser would show it.

/// Named references, sorted by name for binary search: (name, code point, decoded without `;`).
#[rustfmt::skip]
const NAMED: &[(&str, u32, bool)] = &[
    ("AElig", 0xC6, true), ("AMP", 0x26, true), ("Aacute", 0xC1, true), ("Acirc", 0xC2, true),
    ("Agrave", 0xC0, true), ("Alpha", 0x391, false), ("Aring", 0xC5, true), ("Atilde", 0xC3, true),
    ("Auml", 0xC4, true), ("Beta", 0x392, false), ("COPY", 0xA9, true), ("Ccedil", 0xC7, true),
    ("Chi", 0x3A7, false), ("Dagger", 0x2021, false), ("Delta", 0x394, false), ("Dot", 0xA8, false),
    ("ETH", 0xD0, true), ("Eacute", 0xC9, true), ("Ecirc", 0xCA, true), ("Egrave", 0xC8, true),
    ("Epsilon", 0x395, false), ("Eta", 0x397, false), ("Euml", 0xCB, true), ("Euro", 0x20AC, false),
    ("GT", 0x3E, true), ("Gamma", 0x393, false), ("Hat", 0x5E, false), ("Iacute", 0xCD, true),
    ("Icirc", 0xCE, true), ("Igrave", 0xCC, true), ("Iota", 0x399, false), ("Iuml", 0xCF, true),
    ("Kappa", 0x39A, false), ("LT", 0x3C, true), ("Lambda", 0x39B, false), ("MediumSpace", 0x205F, false),
    ("Mu", 0x39C, false), ("NewLine", 0xA, false), ("NonBreakingSpace", 0xA0, false), ("Ntilde", 0xD1, true),
    ("Nu", 0x39D, false), ("OElig", 0x152, false), ("Oacute", 0xD3, true), ("Ocirc", 0xD4, true),
    ("Ograve", 0xD2, true), ("Omega", 0x3A9, false), ("Omicron", 0x39F, false), ("Oslash", 0xD8, true),
    ("Otilde", 0xD5, true), ("Ouml", 0xD6, true), ("Phi", 0x3A6, false), ("Pi", 0x3A0, false),
    ("Prime", 0x2033, false), ("Psi", 0x3A8, false), ("QUOT", 0x22, true), ("REG", 0xAE, true),
    ("Rho", 0x3A1, false), ("Scaron", 0x160, false), ("Sigma", 0x3A3, false), ("THORN", 0xDE, true),
    ("TRADE", 0x2122, false), ("Tab", 0x9, false), ("Tau", 0x3A4, false), ("Theta", 0x398, false),
    ("Uacute", 0xDA, true), ("Ucirc", 0xDB, true), ("Ugrave", 0xD9, true), ("Upsilon", 0x3A5, false),
    ("Uuml", 0xDC, true), ("Xi", 0x39E, false), ("Yacute", 0xDD, true), ("Yuml", 0x178, false),
    ("ZeroWidthSpace", 0x200B, false), ("Zeta", 0x396, false), ("aacute", 0xE1, true), ("acirc", 0xE2, true),
    ("acute", 0xB4, true), ("aelig", 0xE6, true), ("agrave", 0xE0, true), ("alefsym", 0x2135, false),
    ("alpha", 0x3B1, false), ("amp", 0x26, true), ("and", 0x2227, false), ("ang", 0x2220, false),
    ("apos", 0x27, false), ("aring", 0xE5, true), ("ast", 0x2A, false), ("asymp", 0x2248, false),
    ("atilde", 0xE3, true), ("auml", 0xE4, true), ("bdquo", 0x201E, false), ("beta", 0x3B2, false),
    ("blk", 0x2592, false), ("brvbar", 0xA6, true), ("bsol", 0x5C, false), ("bull", 0x2022, false),
    ("cap", 0x2229, false), ("ccedil", 0xE7, true), ("cedil", 0xB8, true), ("cent", 0xA2, true),
    ("centerdot", 0xB7, false), ("check", 0x2713, false), ("chi", 0x3C7, false), ("circ", 0x2C6, false),
    ("circledR", 0xAE, false), ("clubs", 0x2663, false), ("colon", 0x3A, false), ("comma", 0x2C, false),
    ("commat", 0x40, false), ("cong", 0x2245, false), ("copy", 0xA9, true), ("copysr", 0x2117, false),
    ("crarr", 0x21B5, false), ("cup", 0x222A, false), ("curren", 0xA4, true), ("dArr", 0x21D3, false),
    ("dagger", 0x2020, false), ("darr", 0x2193, false), ("dash", 0x2010, false), ("deg", 0xB0, true),
    ("delta", 0x3B4, false), ("diams", 0x2666, false), ("die", 0xA8, false), ("div", 0xF7, false),
    ("divide", 0xF7, true), ("dollar", 0x24, false), ("eacute", 0xE9, true), ("ecirc", 0xEA, true),
    ("egrave", 0xE8, true), ("empty", 0x2205, false), ("emsp", 0x2003, false), ("ensp", 0x2002, false),
    ("epsilon", 0x3B5, false), ("equals", 0x3D, false), ("equiv", 0x2261, false), ("eta", 0x3B7, false),
    ("eth", 0xF0, true), ("euml", 0xEB, true), ("euro", 0x20AC, false), ("excl", 0x21, false),
    ("exist", 0x2203, false), ("female", 0x2640, false), ("fnof", 0x192, false), ("forall", 0x2200, false),
    ("frac12", 0xBD, true), ("frac13", 0x2153, false), ("frac14", 0xBC, true), ("frac23", 0x2154, false),
    ("frac34", 0xBE, true), ("frasl", 0x2044, false), ("gamma", 0x3B3, false), ("ge", 0x2265, false),
    ("grave", 0x60, false), ("gt", 0x3E, true), ("hArr", 0x21D4, false), ("hairsp", 0x200A, false),
    ("half", 0xBD, false), ("harr", 0x2194, false), ("hearts", 0x2665, false), ("hellip", 0x2026, false),
    ("horbar", 0x2015, false), ("hyphen", 0x2010, false), ("iacute", 0xED, true), ("icirc", 0xEE, true),
    ("iexcl", 0xA1, true), ("igrave", 0xEC, true), ("image", 0x2111, false), ("infin", 0x221E, false),
    ("int", 0x222B, false), ("iota", 0x3B9, false), ("iquest", 0xBF, true), ("isin", 0x2208, false),
    ("iuml", 0xEF, true), ("kappa", 0x3BA, false), ("lArr", 0x21D0, false), ("lambda", 0x3BB, false),
    ("lang", 0x2329, false), ("laquo", 0xAB, true), ("larr", 0x2190, false), ("lceil", 0x2308, false),
    ("lcub", 0x7B, false), ("ldquo", 0x201C, false), ("ldquor", 0x201E, false), ("le", 0x2264, false),
    ("lfloor", 0x230A, false), ("lowast", 0x2217, false), ("lowbar", 0x5F, false), ("loz", 0x25CA, false),
    ("lpar", 0x28, false), ("lrm", 0x200E, false), ("lsaquo", 0x2039, false), ("lsqb", 0x5B, false),
    ("lsquo", 0x2018, false), ("lsquor", 0x201A, false), ("lt", 0x3C, true), ("macr", 0xAF, true),
    ("male", 0x2642, false), ("mdash", 0x2014, false), ("micro", 0xB5, true), ("middot", 0xB7, true),
    ("minus", 0x2212, false), ("mldr", 0x2026, false), ("mu", 0x3BC, false), ("nabla", 0x2207, false),
    ("nbsp", 0xA0, true), ("ndash", 0x2013, false), ("ne", 0x2260, false), ("ni", 0x220B, false),
    ("not", 0xAC, true), ("notin", 0x2209, false), ("nsub", 0x2284, false), ("ntilde", 0xF1, true),
    ("nu", 0x3BD, false), ("num", 0x23, false), ("numero", 0x2116, false), ("numsp", 0x2007, false),
    ("oacute", 0xF3, true), ("ocirc", 0xF4, true), ("oelig", 0x153, false), ("ograve", 0xF2, true),
    ("ohm", 0x3A9, false), ("oline", 0x203E, false), ("omega", 0x3C9, false), ("omicron", 0x3BF, false),
    ("oplus", 0x2295, false), ("or", 0x2228, false), ("ordf", 0xAA, true), ("ordm", 0xBA, true),
    ("oslash", 0xF8, true), ("otilde", 0xF5, true), ("otimes", 0x2297, false), ("ouml", 0xF6, true),
    ("para", 0xB6, true), ("part", 0x2202, false), ("percnt", 0x25, false), ("period", 0x2E, false),
    ("permil", 0x2030, false), ("perp", 0x22A5, false), ("phi", 0x3C6, false), ("phone", 0x260E, false),
    ("pi", 0x3C0, false), ("piv", 0x3D6, false), ("plus", 0x2B, false), ("plusmn", 0xB1, true), ("pm", 0xB1, false),
    ("pound", 0xA3, true), ("prime", 0x2032, false), ("prod", 0x220F, false), ("prop", 0x221D, false),
    ("psi", 0x3C8, false), ("puncsp", 0x2008, false), ("quest", 0x3F, false), ("quot", 0x22, true),
    ("rArr", 0x21D2, false), ("radic", 0x221A, false), ("rang", 0x232A, false), ("raquo", 0xBB, true),
    ("rarr", 0x2192, false), ("rceil", 0x2309, false), ("rcub", 0x7D, false), ("rdquo", 0x201D, false),
    ("rdquor", 0x201D, false), ("real", 0x211C, false), ("reg", 0xAE, true), ("rfloor", 0x230B, false),
    ("rho", 0x3C1, false), ("rlm", 0x200F, false), ("rpar", 0x29, false), ("rsaquo", 0x203A, false),
    ("rsqb", 0x5D, false), ("rsquo", 0x2019, false), ("rsquor", 0x2019, false), ("sbquo", 0x201A, false),
    ("scaron", 0x161, false), ("sdot", 0x22C5, false), ("sect", 0xA7, true), ("semi", 0x3B, false),
    ("shy", 0xAD, true), ("sigma", 0x3C3, false), ("sigmaf", 0x3C2, false), ("sim", 0x223C, false),
    ("sol", 0x2F, false), ("spades", 0x2660, false), ("squ", 0x25A1, false), ("square", 0x25A1, false),
    ("star", 0x2606, false), ("starf", 0x2605, false), ("sub", 0x2282, false), ("sube", 0x2286, false),
    ("sum", 0x2211, false), ("sup", 0x2283, false), ("sup1", 0xB9, true), ("sup2", 0xB2, true),
    ("sup3", 0xB3, true), ("supe", 0x2287, false), ("szlig", 0xDF, true), ("tau", 0x3C4, false),
    ("there4", 0x2234, false), ("theta", 0x3B8, false), ("thetasym", 0x3D1, false), ("thinsp", 0x2009, false),
    ("thorn", 0xFE, true), ("tilde", 0x2DC, false), ("times", 0xD7, true), ("trade", 0x2122, false),
    ("uArr", 0x21D1, false), ("uacute", 0xFA, true), ("uarr", 0x2191, false), ("ucirc", 0xFB, true),
    ("ugrave", 0xF9, true), ("uml", 0xA8, true), ("upsih", 0x3D2, false), ("upsilon", 0x3C5, false),
    ("uuml", 0xFC, true), ("verbar", 0x7C, false), ("vert", 0x7C, false), ("weierp", 0x2118, false),
    ("xi", 0x3BE, false), ("yacute", 0xFD, true), ("yen", 0xA5, true), ("yuml", 0xFF, true),
    ("zeta", 0x3B6, false), ("zwj", 0x200D, false), ("zwnj", 0x200C, false),
];

/// What the C1 code points 0x80–0x9F mean in numeric references (windows-1252), as HTML says.
const WINDOWS_1252: [u32; 32] = [
    0x20AC, 0x81, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x8D, 0x017D,
    0x8F, 0x90, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x9D,
    0x017E, 0x0178,
];

/// Appends `text` to `out` with its character references decoded.
pub(crate) fn decode_into(text: &str, out: &mut String) {
    let mut rest = text;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        let after = &rest[at + 1..];
        match decode_reference(after) {
            Some((decoded, used)) => {
                out.push(decoded);
                rest = &after[used..];
            }
            None => {
                out.push('&');
                rest = after;
            }
        }
    }
    out.push_str(rest);
}

/// `text` with its character references decoded.
pub(crate) fn decode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    decode_into(text, &mut out);
    out
}

/// Decodes the reference at the start of `after` (the text following `&`): the character
/// and the number of bytes it used, including a closing `;`.
fn decode_reference(after: &str) -> Option<(char, usize)> {
    let bytes = after.as_bytes();
    if bytes.first() == Some(&b'#') {
        let (radix, start) = if matches!(bytes.get(1), Some(b'x' | b'X')) { (16, 2) } else { (10, 1) };
        let digits =
            bytes[start..].iter().take_while(|b| b.is_ascii_hexdigit() && (radix == 16 || b.is_ascii_digit())).count();
        if digits == 0 {
            return None;
        }
        let end = start + digits;
        let value = if digits > 8 { 0xFFFD } else { u32::from_str_radix(&after[start..end], radix).unwrap_or(0xFFFD) };
        let used = if bytes.get(end) == Some(&b';') { end + 1 } else { end };
        let value = match value {
            0x80..=0x9F => WINDOWS_1252[(value - 0x80) as usize],
            0 => 0xFFFD,
            other => other,
        };
        return Some((char::from_u32(value).unwrap_or('\u{FFFD}'), used));
    }
    let length = bytes.iter().take(32).take_while(|b| b.is_ascii_alphanumeric()).count();
    if length == 0 {
        return None;
    }
    let name = &after[..length];
    let with_semicolon = bytes.get(length) == Some(&b';');
    if let Ok(index) = NAMED.binary_search_by(|(candidate, _, _)| candidate.cmp(&name)) {
        let (_, code, legacy) = NAMED[index];
        if with_semicolon || legacy {
            let used = if with_semicolon { length + 1 } else { length };
            return char::from_u32(code).map(|c| (c, used));
        }
        return None;
    }
    // A legacy name directly followed by more letters or digits ("&copy2024").
    (2..length).rev().find_map(|prefix| {
        let name = &after[..prefix];
        let index = NAMED.binary_search_by(|(candidate, _, _)| candidate.cmp(&name)).ok()?;
        let (_, code, legacy) = NAMED[index];
        if legacy { char::from_u32(code).map(|c| (c, prefix)) } else { None }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_is_sorted() {
        assert!(NAMED.windows(2).all(|pair| pair[0].0 < pair[1].0));
    }

    #[test]
    fn references() {
        assert_eq!(
            decode("Fish &amp; Chips &lt;3 &#8211; &#x2014; &#150; caf&eacute; &auml &nbsp;"),
            "Fish & Chips <3 – — – café ä \u{a0}"
        );
        assert_eq!(decode("AT&T &unknown; & &#; &#xZZ; &"), "AT&T &unknown; & &#; &#xZZ; &");
        assert_eq!(decode("&#0; &#99999999999;"), "\u{FFFD} \u{FFFD}");
    }
}
