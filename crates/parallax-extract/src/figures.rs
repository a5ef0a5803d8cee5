//! Numeric claims: a number, its bound ("more than"), what it counts (killed, wounded,
//! hostages, …), the counted noun, and the attribution in the same sentence.

use parallax_model::{Figure, FigureCategory};
use parallax_text::split_sentences;

use crate::words::{Token, tokenize};

const MODIFIERS: &[&str] = &[
    "about",
    "almost",
    "approximately",
    "around",
    "as many as",
    "at least",
    "at most",
    "close to",
    "estimated",
    "estimated at",
    "fewer than",
    "less than",
    "more than",
    "nearly",
    "over",
    "roughly",
    "some",
    "up to",
];

const CATEGORY_CUES: &[(&str, FigureCategory)] = &[
    ("killed", FigureCategory::Killed),
    ("killing", FigureCategory::Killed),
    ("kill", FigureCategory::Killed),
    ("dead", FigureCategory::Killed),
    ("deaths", FigureCategory::Killed),
    ("death", FigureCategory::Killed),
    ("fatalities", FigureCategory::Killed),
    ("died", FigureCategory::Killed),
    ("murdered", FigureCategory::Killed),
    ("murdering", FigureCategory::Killed),
    ("toll", FigureCategory::Killed),
    ("lives", FigureCategory::Killed),
    ("bodies", FigureCategory::Killed),
    ("slain", FigureCategory::Killed),
    ("slaughtered", FigureCategory::Killed),
    ("drowned", FigureCategory::Killed),
    ("perished", FigureCategory::Killed),
    ("wounded", FigureCategory::Wounded),
    ("wounding", FigureCategory::Wounded),
    ("injured", FigureCategory::Wounded),
    ("injuring", FigureCategory::Wounded),
    ("injuries", FigureCategory::Wounded),
    ("hurt", FigureCategory::Wounded),
    ("hostages", FigureCategory::Hostages),
    ("hostage", FigureCategory::Hostages),
    ("captives", FigureCategory::Hostages),
    ("abducted", FigureCategory::Hostages),
    ("kidnapped", FigureCategory::Hostages),
    ("abductees", FigureCategory::Hostages),
    ("captive", FigureCategory::Hostages),
    ("displaced", FigureCategory::Displaced),
    ("evacuated", FigureCategory::Displaced),
    ("homeless", FigureCategory::Displaced),
    ("refugees", FigureCategory::Displaced),
    ("fled", FigureCategory::Displaced),
    ("flee", FigureCategory::Displaced),
    ("fleeing", FigureCategory::Displaced),
    ("arrested", FigureCategory::Arrested),
    ("detained", FigureCategory::Arrested),
    ("detainees", FigureCategory::Arrested),
    ("missing", FigureCategory::Missing),
];

/// Currency words after a number, wire abbreviations included ("15 billion dlrs", "40 mln stg").
const CURRENCIES: &[&str] = &[
    "dollars", "dlrs", "dlr", "euros", "pounds", "stg", "sterling", "yen", "yuan", "rupees", "francs", "marks", "lire",
    "pesos", "roubles", "rubles",
];

const SCALES: &[(&str, f64)] = &[
    ("thousand", 1e3),
    ("million", 1e6),
    ("millions", 1e6),
    ("billion", 1e9),
    ("trillion", 1e12),
    ("bn", 1e9),
    ("m", 1e6),
    // Wire style: "5.93 mln", "1.2 bln".
    ("mln", 1e6),
    ("bln", 1e9),
];

const NUMBER_WORDS: &[(&str, f64)] = &[
    ("a", 1.0),
    ("one", 1.0),
    ("two", 2.0),
    ("three", 3.0),
    ("four", 4.0),
    ("five", 5.0),
    ("six", 6.0),
    ("seven", 7.0),
    ("eight", 8.0),
    ("nine", 9.0),
    ("ten", 10.0),
    ("eleven", 11.0),
    ("twelve", 12.0),
    ("thirteen", 13.0),
    ("fourteen", 14.0),
    ("fifteen", 15.0),
    ("sixteen", 16.0),
    ("seventeen", 17.0),
    ("eighteen", 18.0),
    ("nineteen", 19.0),
    ("twenty", 20.0),
    ("thirty", 30.0),
    ("forty", 40.0),
    ("fifty", 50.0),
    ("sixty", 60.0),
    ("seventy", 70.0),
    ("eighty", 80.0),
    ("ninety", 90.0),
    ("hundred", 100.0),
    ("dozen", 12.0),
];

/// Plural number words that give a vague quantity ("hundreds of people"), read as the least
/// they can mean: two of the unit.
const VAGUE: &[(&str, f64)] =
    &[("dozens", 24.0), ("scores", 40.0), ("hundreds", 200.0), ("thousands", 2_000.0), ("millions", 2_000_000.0)];

/// Nouns for one person, which let "one" count ("one person was killed").
const ONE_PERSON: &[&str] = &["person", "man", "woman", "child", "boy", "girl", "soldier", "officer", "civilian"];

/// Words after a number that make it a time span, a date or an age, not a count.
const NOT_COUNTED: &[&str] = &[
    "am", "a.m.", "day", "days", "hour", "hours", "minute", "minutes", "month", "months", "pm", "p.m.", "second",
    "seconds", "times", "week", "weeks", "year", "years", "percent",
];

const MONTHS: &[&str] = &[
    "jan",
    "feb",
    "mar",
    "apr",
    "jun",
    "jul",
    "aug",
    "sep",
    "sept",
    "oct",
    "nov",
    "dec",
    "jan.",
    "feb.",
    "mar.",
    "apr.",
    "aug.",
    "sep.",
    "sept.",
    "oct.",
    "nov.",
    "dec.",
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

/// Extracts the figures of an article.
pub fn extract_figures(paragraphs: &[String]) -> Vec<Figure> {
    let mut figures = Vec::new();
    for (paragraph, text) in paragraphs.iter().enumerate() {
        for sentence in split_sentences(text) {
            figures.extend(sentence_figures(sentence, paragraph));
        }
    }
    figures
}

fn sentence_figures(sentence: &str, paragraph: usize) -> Vec<Figure> {
    let tokens = tokenize(sentence);
    let lowers: Vec<String> = tokens.iter().map(Token::lower).collect();
    let mut figures = Vec::new();
    let mut index = 0;
    while index < tokens.len() {
        let Some(number) = number_at(&tokens, &lowers, index) else {
            index += 1;
            continue;
        };
        let (value, mut end) = (number.value, number.end);
        let start = index;
        index = end.max(index + 1);
        let next = lowers.get(end).map(String::as_str);
        if start > 0 && MONTHS.contains(&lowers[start - 1].trim_end_matches('.')) {
            continue;
        }
        if next.is_some_and(|w| MONTHS.contains(&w.trim_end_matches('.')))
            || next.is_some_and(|w| NOT_COUNTED.contains(&w) && w != "percent")
            || next == Some("-")
        {
            continue;
        }
        if (1800.0..=2100.0).contains(&value)
            && !tokens[start].text.contains(',')
            && !number.in_words
            && !number.money
            && (category_near(&lowers, start, end).is_none() || reads_as_year(&lowers, start, end))
        {
            continue;
        }
        if is_label_or_age(&tokens, &lowers, start, end) {
            continue;
        }
        let mut category = None;
        if number.money || next.is_some_and(|w| CURRENCIES.contains(&w)) {
            category = Some(FigureCategory::Money);
        } else if matches!(next, Some("%" | "percent" | "pct")) {
            category = Some(FigureCategory::Percent);
            end += 1;
        }
        // "hundreds of people": the counted noun follows "of"; so does a share's whole ("40% of
        // the homes").
        let share = category == Some(FigureCategory::Percent);
        let noun_at = if (number.vague && next == Some("of")) || (share && lowers.get(end).is_some_and(|w| w == "of")) {
            let mut at = end + 1;
            while lowers.get(at).is_some_and(|w| SHARE_DETERMINERS.contains(&w.as_str())) {
                at += 1;
            }
            at
        } else {
            end
        };
        let money = category == Some(FigureCategory::Money);
        let category = category.or_else(|| category_near(&lowers, start, noun_at));
        // What the number counts: a common noun, not a function word ("£6m a year"), the
        // currency, a verb ("£2bn went") or a name; past an adjective ("£200 handheld
        // computers"). Parts of speech are read in a window around the number, and only
        // when needed: a sentence may be a whole article without full stops.
        let candidate = |at: usize| {
            tokens
                .get(at)
                .filter(|t| t.is_word() && t.text.chars().all(char::is_alphabetic))
                .filter(|t| {
                    let lower = t.text.to_lowercase();
                    let no_noun = (money || share) && is_no_noun(&lower);
                    !(parallax_text::is_stopword(&lower) || CURRENCIES.contains(&lower.as_str()) || no_noun)
                })
                .is_some()
        };
        let noun = if candidate(noun_at) {
            let from = start.saturating_sub(4);
            let window: Vec<&str> = tokens[from..(noun_at + 3).min(tokens.len())].iter().map(|t| t.text).collect();
            let tags = crate::syntax::tag(&window);
            let tag = |at: usize| tags.get(at - from).map_or("", |t| t.pos);
            let common = |at: usize| matches!(tag(at), "" | "NN" | "NNS");
            let adjective = tag(noun_at) == "JJ";
            if common(noun_at) {
                Some(tokens[noun_at].text.to_string())
            } else if adjective && candidate(noun_at + 1) && common(noun_at + 1) {
                Some(tokens[noun_at + 1].text.to_string())
            } else {
                None
            }
        } else {
            None
        };
        if number.in_words {
            // Numbers in words are everywhere ("the two leaders"): they count only next to
            // what they count, and "one" only for a person.
            let one = value == 1.0 && !number.scaled;
            let counted = |w: &str| w.ends_with('s') || matches!(w, "people" | "children" | "men" | "women");
            // "eight other men", "five more people": the noun after the adjective.
            let skip = lowers.get(noun_at).is_some_and(|w| matches!(w.as_str(), "other" | "more" | "further"));
            let after = lowers.get(noun_at + usize::from(skip)).map_or("", String::as_str);
            // "nine people …", "five were injured", but not "the two also discussed …".
            let names_what = number.scaled
                || number.vague
                || (if one { ONE_PERSON.contains(&after) } else { counted(after) })
                || matches!(after, "were" | "was" | "are" | "have" | "had")
                    && lowers.get(noun_at + 1).is_some_and(|w| is_cue(w) || w == "been");
            if category.is_none_or(|c| c == FigureCategory::Count) || !names_what {
                continue;
            }
        }
        let category = match category {
            Some(category) => category,
            None if noun.as_deref().is_some_and(|n| {
                n.chars().all(char::is_lowercase)
                    && (n.ends_with('s') || matches!(n, "people" | "children" | "men" | "women"))
            }) =>
            {
                FigureCategory::Count
            }
            None => continue,
        };
        // More of anything but money than there are people on Earth is a code or a
        // version read as a number ("802.11b" as 802.11 billion).
        if category != FigureCategory::Money && value > MAX_COUNT {
            continue;
        }
        let modifier = modifier_before(&lowers, start).or_else(|| number.vague.then(|| "at least".to_string()));
        figures.push(Figure {
            value,
            category,
            noun,
            modifier,
            attribution: attribution(&tokens, &lowers, sentence),
            sentence: sentence.to_string(),
            paragraph,
        });
    }
    figures
}

/// Words after a sum or a share that say how, when or how much, not what ("£300 less", "£25m
/// available", "£250m yearly", "£50m given", "£80m spent").
const NO_NOUN: &[&str] = &[
    "apiece",
    "available",
    "each",
    "extra",
    "given",
    "left",
    "less",
    "more",
    "next",
    "per",
    "since",
    "spent",
    "today",
    "tomorrow",
    "tonight",
    "worth",
    "yesterday",
];

fn is_no_noun(word: &str) -> bool {
    NO_NOUN.contains(&word) || word.ends_with("ly") || (word.ends_with("ed") && !word.ends_with("eed"))
}

/// Words between "of" and a share's whole ("40% of the homes", "5 pct of its output").
const SHARE_DETERMINERS: &[&str] = &["the", "a", "an", "its", "their", "his", "her", "our", "all", "total"];

/// Words before a year ("in 1994", "since 2003", "by 2030").
const BEFORE_YEAR: &[&str] = &["in", "since", "by", "until", "till", "before", "after", "during", "from", "between"];

/// Whether a number from 1800 to 2100 beside a casualty word is still a year: after "in",
/// "since", "compared with" …, or naming a thing after "the" ("the 1989 stadium disaster"; not "the 1500
/// victims", "the 2000 dead").
fn reads_as_year(lowers: &[String], start: usize, end: usize) -> bool {
    let before = start.checked_sub(1).map(|i| lowers[i].as_str());
    let after = lowers.get(end).map(String::as_str);
    let counted =
        after.is_some_and(|w| w.ends_with('s') || is_cue(w) || matches!(w, "people" | "children" | "men" | "women"));
    let compared = start >= 2 && lowers[start - 2] == "compared" && before.is_some_and(|w| matches!(w, "with" | "to"));
    before.is_some_and(|w| BEFORE_YEAR.contains(&w))
        || compared
        || (before.is_some_and(|w| matches!(w, "the" | "a"))
            && after.is_some_and(|w| w.chars().all(char::is_alphabetic))
            && !counted)
}

/// Whether a number names or ages rather than counts: a label after a name inside the
/// sentence ("Section 41", "Flight 370"), an age ("aged 87", "Mr Tal, 28, a clerk").
fn is_label_or_age(tokens: &[Token<'_>], lowers: &[String], start: usize, end: usize) -> bool {
    let Some(before) = start.checked_sub(1) else { return false };
    let previous = tokens[before].text;
    let mut letters = previous.chars();
    let title_case = letters.next().is_some_and(char::is_uppercase) && letters.any(char::is_lowercase);
    let share = lowers.get(end).is_some_and(|w| matches!(w.as_str(), "%" | "percent" | "pct"));
    let label = before > 0 && title_case && !share && !previous.ends_with("'s") && !previous.ends_with("’s");
    let aged = matches!(lowers[before].as_str(), "aged" | "age");
    let apposition = previous == ","
        && before > 0
        && tokens[before - 1].is_capitalised()
        && tokens.get(end).is_some_and(|t| t.text == ",");
    label || aged || apposition
}

/// A number as the sentence writes it.
struct Number {
    value: f64,
    /// The token after it.
    end: usize,
    /// A currency sign came with it.
    money: bool,
    /// Written in words ("nine", "two dozen", "hundreds").
    in_words: bool,
    /// A scale word multiplied it ("a million", "two dozen").
    scaled: bool,
    /// A vague plural ("hundreds", "tens of thousands"), read as its least value.
    vague: bool,
}

/// The largest count or casualty figure taken as one.
const MAX_COUNT: f64 = 1e10;

/// Words after "400m" that make it a distance run, swum or walked.
const RACE_WORDS: &[&str] = &[
    "backstroke",
    "breaststroke",
    "butterfly",
    "dash",
    "final",
    "finals",
    "freestyle",
    "heat",
    "heats",
    "hurdler",
    "hurdles",
    "indoor",
    "medley",
    "race",
    "races",
    "record",
    "relay",
    "runner",
    "runners",
    "semi-final",
    "sprint",
    "sprinter",
    "steeplechase",
    "title",
    "walk",
    "world",
];

/// A number starting at `index`: digits with an optional scale ("1.2 million", "$3.5bn"),
/// number words ("nine", "forty-two", "two dozen", "half a million"), or a vague plural
/// ("dozens", "tens of thousands").
fn number_at(tokens: &[Token<'_>], lowers: &[String], index: usize) -> Option<Number> {
    let text = tokens[index].text;
    let (digits, money) = match text.strip_prefix('$') {
        Some(rest) => (rest, true),
        None => (text, index > 0 && matches!(tokens[index - 1].text, "$" | "€" | "£")),
    };
    let scale_at = |at: usize| lowers.get(at).and_then(|w| SCALES.iter().find(|(s, _)| s == w)).map(|(_, v)| *v);
    let mut number = Number { value: 0.0, end: index + 1, money, in_words: false, scaled: false, vague: false };
    if digits.chars().next().is_some_and(|c| c.is_ascii_digit()) {
        let cleaned: String = digits.chars().filter(|c| *c != ',').collect::<String>().to_lowercase();
        // Scales written onto the number: "3.5bn", "800m", "50k".
        let (numeral, suffix) = match cleaned.find(|c: char| c.is_ascii_alphabetic()) {
            Some(at) => cleaned.split_at(at),
            None => (cleaned.as_str(), ""),
        };
        let suffix_scale = match suffix {
            "" => 1.0,
            "bn" | "b" => 1e9,
            "m" | "mn" => 1e6,
            "k" => 1e3,
            _ => return None, // ordinals and decades: "7th", "1990s"
        };
        // "400m runners", "the 60m hurdles": metres of a race, not millions.
        if suffix == "m" && !money && lowers.get(index + 1).is_some_and(|w| RACE_WORDS.contains(&w.as_str())) {
            return None;
        }
        number.value = numeral.parse::<f64>().ok()? * suffix_scale;
        number.scaled = suffix_scale > 1.0;
        if let Some(scale) = scale_at(number.end) {
            number.value *= scale;
            number.end += 1;
            number.scaled = true;
        }
        return Some(number);
    }
    let word = lowers[index].as_str();
    number.in_words = true;
    let following = |offset: usize| lowers.get(index + offset).map(String::as_str);
    if word == "half"
        && following(1) == Some("a")
        && let Some(scale) = scale_at(index + 2)
    {
        number.value = scale / 2.0;
        number.end = index + 3;
        number.scaled = true;
        return Some(number);
    }
    if word == "tens"
        && following(1) == Some("of")
        && let Some((_, unit)) = VAGUE.iter().find(|(w, _)| Some(*w) == following(2))
    {
        number.value = 10.0 * unit;
        number.end = index + 3;
        number.vague = true;
        return Some(number);
    }
    if let Some((_, least)) = VAGUE.iter().find(|(w, _)| *w == word) {
        number.value = *least;
        number.vague = true;
        // "hundreds of thousands"
        if following(1) == Some("of")
            && let Some((_, unit)) = VAGUE.iter().find(|(w, _)| Some(*w) == following(2))
        {
            number.value = least / 2.0 * unit;
            number.end = index + 3;
        }
        return Some(number);
    }
    let base = word_value(word)?;
    let dozen_or_hundred = |at: usize| {
        lowers.get(at).and_then(|w| NUMBER_WORDS.iter().find(|(n, _)| *n == w && matches!(*n, "dozen" | "hundred")))
    };
    if let Some(scale) = scale_at(number.end).or_else(|| dozen_or_hundred(number.end).map(|(_, v)| *v)) {
        number.value = base * scale;
        number.end += 1;
        number.scaled = true;
        return Some(number);
    }
    // "a" counts only with a scale ("a million").
    (word != "a").then_some(Number { value: base, ..number })
}

/// The value of a number word, hyphenated compounds included ("forty-two").
fn word_value(word: &str) -> Option<f64> {
    let single = |w: &str| NUMBER_WORDS.iter().find(|(n, _)| *n == w).map(|(_, v)| *v);
    match word.split_once('-') {
        Some((tens, units)) => {
            let (tens, units) = (single(tens)?, single(units)?);
            ((20.0..=90.0).contains(&tens) && units < 10.0).then_some(tens + units)
        }
        None => single(word),
    }
}

fn modifier_before(lowers: &[String], start: usize) -> Option<String> {
    MODIFIERS
        .iter()
        .filter(|m| {
            let words: Vec<&str> = m.split(' ').collect();
            start >= words.len() && lowers[start - words.len()..start].iter().zip(&words).all(|(a, b)| a == b)
        })
        .max_by_key(|m| m.len())
        .map(|m| m.trim_end_matches(" at").to_string())
}

fn is_cue(word: &str) -> bool {
    CATEGORY_CUES.iter().any(|(cue, _)| *cue == word)
}

/// The category cue nearest the number, looking up to six words either side and stopping
/// at clause boundaries (",", ";", "and", "while").
fn category_near(lowers: &[String], start: usize, end: usize) -> Option<FigureCategory> {
    let is_boundary = |w: &str| matches!(w, "," | ";" | "and" | "while" | "but" | "(" | ")" | ".");
    let cue = |w: &str| CATEGORY_CUES.iter().find(|(c, _)| *c == w).map(|(_, category)| *category);
    // "Bodies" are the dead only next to the number ("20 bodies", "the bodies of 20"), not
    // "20 other national Olympic bodies", "160 public bodies".
    let near_enough = |word: &str, distance: usize, after: bool| word != "bodies" || distance <= 2 - usize::from(after);
    // Lives saved are no deaths ("would save 65 lives", "could have saved a million lives").
    let saved = lowers[start.saturating_sub(3)..start].iter().any(|w| w.starts_with("sav"));
    let cue = |w: &str| cue(w).filter(|_| !(saved && w == "lives"));
    let mut best: Option<(usize, FigureCategory)> = None;
    for (distance, word) in lowers[end..].iter().take(6).enumerate() {
        if is_boundary(word) {
            break;
        }
        if let Some(category) = cue(word).filter(|_| near_enough(word, distance + 1, true)) {
            best = Some((distance + 1, category));
            break;
        }
    }
    let mut distance = 0;
    for word in lowers[..start].iter().rev().take(7) {
        if is_boundary(word) {
            break;
        }
        if MODIFIERS.iter().any(|m| m.split(' ').any(|p| p == word)) {
            continue;
        }
        distance += 1;
        if let Some(category) = cue(word).filter(|_| near_enough(word, distance, false)) {
            if best.is_none_or(|(d, _)| distance < d) {
                best = Some((distance, category));
            }
            break;
        }
    }
    best.map(|(_, category)| category)
}

/// Verbs that attribute a statement to its source ("…, the ministry said").
const SAYS: &[&str] = &["said", "says", "reported", "reports", "stated", "announced", "confirmed", "estimated"];

/// "according to X", "citing X", "…, X said." or "X said …" in the sentence.
/// The most tokens a source named after "according to" runs to.
const MAX_SOURCE_TOKENS: usize = 10;

fn attribution(tokens: &[Token<'_>], lowers: &[String], sentence: &str) -> Option<String> {
    // The source named after "according to" / "citing": up to punctuation, a number or a
    // clause word, and no longer than a name runs ("according to Jupiter Research 40% of
    // homes …" is Jupiter Research).
    let phrase_from = |from: usize, lead: &str| {
        let end = tokens[from..]
            .iter()
            .zip(&lowers[from..])
            .position(|(t, lower)| {
                matches!(t.text, "," | "." | ";" | ":" | "—" | "–" | ")" | "%")
                    || t.text.starts_with(|c: char| c.is_ascii_digit())
                    || matches!(lower.as_str(), "that" | "which" | "who" | "said" | "says")
            })
            .map_or(tokens.len(), |p| from + p)
            .min(from + MAX_SOURCE_TOKENS);
        (end > from).then(|| format!("{lead} {}", &sentence[tokens[from].start..tokens[end - 1].end]))
    };
    for index in 0..lowers.len() {
        if lowers[index] == "according" && lowers.get(index + 1).is_some_and(|w| w == "to") {
            return phrase_from(index + 2, "according to");
        }
        if lowers[index] == "citing" && index + 1 < lowers.len() {
            return phrase_from(index + 1, "citing");
        }
    }
    let span = |from: usize, to: usize| sentence[tokens[from].start..tokens[to].end].to_string();
    let is_source_word = |t: &Token<'_>| t.is_word() && !t.text.chars().next().is_some_and(|c| c.is_ascii_digit());
    // "…, the health ministry said." closing the sentence.
    let mut last = lowers.len();
    while last > 0 && matches!(lowers[last - 1].as_str(), "." | "!" | "\"" | "”") {
        last -= 1;
    }
    if last >= 2
        && SAYS.contains(&lowers[last - 1].as_str())
        && let Some(comma) = (0..last - 1).rev().take(7).find(|&i| tokens[i].text == ",")
        && comma + 1 < last - 1
        && tokens[comma + 1..last - 1].iter().all(is_source_word)
    {
        return Some(span(comma + 1, last - 1));
    }
    // "The army said 14 soldiers …" opening it (not "… were reported", "… is estimated").
    let said = lowers.iter().take(6).position(|w| SAYS.contains(&w.as_str()) && w != "estimated")?;
    let passive = lowers[..said].iter().any(|w| matches!(w.as_str(), "is" | "was" | "were" | "are" | "be" | "been"));
    (said > 0 && !passive && tokens[..said].iter().all(is_source_word)).then(|| span(0, said))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(sentence: &str, expected: &[(f64, FigureCategory, Option<&str>)]) {
        let figures = extract_figures(&[sentence.to_string()]);
        let found: Vec<(f64, FigureCategory, Option<&str>)> =
            figures.iter().map(|f| (f.value, f.category, f.modifier.as_deref())).collect();
        assert_eq!(found, expected, "{sentence}");
    }

    #[test]
    fn casualty_figures() {
        check(
            "The raid killed more than 1,200 people and took 80 hostages.",
            &[(1200.0, FigureCategory::Killed, Some("more than")), (80.0, FigureCategory::Hostages, None)],
        );
        check(
            "Militants stormed the town, murdering at least 300 villagers, wounding over 900 others and seizing 45 captives.",
            &[
                (300.0, FigureCategory::Killed, Some("at least")),
                (900.0, FigureCategory::Wounded, Some("over")),
                (45.0, FigureCategory::Hostages, None),
            ],
        );
        check(
            "The death toll rose to some 1,350, according to the health ministry.",
            &[(1350.0, FigureCategory::Killed, Some("some"))],
        );
        check(
            "More than a million residents have been displaced by the floods.",
            &[(1e6, FigureCategory::Displaced, Some("more than"))],
        );
        check(
            "The fund pledged $15 million and inflation hit 4.5%.",
            &[(15e6, FigureCategory::Money, None), (4.5, FigureCategory::Percent, None)],
        );
    }

    #[test]
    fn dates_and_spans_are_not_figures() {
        check("The attack on Oct. 7 came after 12 days of talks in 2024.", &[]);
    }

    #[test]
    fn attribution_is_kept() {
        let figures =
            extract_figures(&["At least 23 people died, according to the provincial emergency office.".to_string()]);
        assert_eq!(figures[0].attribution.as_deref(), Some("according to the provincial emergency office"));
        let figures = extract_figures(&[
            "According to Larch Research 40% of homes with broadband say it helps them choose what to watch."
                .to_string(),
        ]);
        assert_eq!(figures[0].attribution.as_deref(), Some("according to Larch Research"));
    }
}
