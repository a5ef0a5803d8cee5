//! Short lines that are page furniture whatever the markup says: "related articles" and
//! "share this" headings, comment and newsletter prompts, tag lists, advertising labels,
//! date-only lines. Common wordings in English, German, French, Spanish, Italian, Polish.

use std::sync::LazyLock;

use regex::Regex;

use super::date_text::{find_dates, month_of};

/// Lines longer than this (in words) are never judged furniture by their wording.
const MAX_WORDS: usize = 12;

/// What a furniture line announces.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum LineRole {
    /// A heading over links to other pages ("Related articles", "Mehr zum Thema").
    Related,
    /// Any other furniture line.
    Furniture,
}

static RELATED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?ix)^(?:
          das\s+(?:könnte|dürfte)\s+(?:sie|dich)\s+(?:auch|ebenfalls)\s+interessieren
        | (?:das|dies)\s+(?:thema\s+)?könnte\s+(?:sie|dich)\s+auch\s+interessieren
        | (?:auch|ebenfalls)\s+interessant | lesen\s+sie\s+(?:auch|mehr|weiter)
        | weitere\s+(?:artikel|beiträge|themen|nachrichten|meldungen|news) | mehr\s+zum\s+thema | mehr\s+themen
        | mehr\s+(?:artikel|kolumnen|news|nachrichten)\b | mehr\s+zu\s | zum\s+weiterlesen | schon\s+gelesen
        | verwandte\s+(?:artikel|beiträge|themen) | ähnliche\s+(?:artikel|beiträge|rezepte) | empfohlene\s+artikel
        | beliebte\s+(?:artikel|beiträge) | meistgelesen | meist\s+gelesen | top[-\s]?themen | neueste\s+(?:artikel|beiträge)
        | aktuelle\s+(?:artikel|beiträge|produkttests) | empfehlungen\s+aus | für\s+dich\s+empfohlen
        | you\s+(?:may|might)\s+(?:also\s+)?like | related(?:\s+(?:articles|posts|stories|content|news|topics))?\s*:?$
        | read\s+(?:more|next|also)\b | more\s+(?:from|on|stories|news|articles)\b | recommended\s+for\s+you | see\s+also
        | further\s+reading | explore\s+further | most\s+(?:popular|read)
        | à\s+lire\s+(?:aussi|également) | lire\s+aussi | voir\s+aussi | sur\s+le\s+même\s+sujet | dans\s+la\s+même\s+rubrique
        | articles\s+similaires | notas\s+relacionadas | contenido\s+relacionado | (?:también\s+)?te\s+puede\s+interesar
        | lee\s+también | noticias\s+relacionadas | más\s+noticias | zobacz\s+(?:też|także|również) | czytaj\s+(?:też|także|więcej)
        | przeczytaj\s+(?:też|także|również) | polecamy | leggi\s+anche | potrebbe\s+interessarti | articoli\s+correlati
        | weiterlesen\s*:?$ | weitere\s+informationen\s*:?$ | weitere\s+inhalte | auch\s+lesen | veja\s+também
        | lea\s+(?:también|más)\s*: | vea\s+también | mira\s*: | puedes\s+ver\s*: | le\s+puede\s+interesar
        | dowiedz\s+się\s+więcej | leia\s+(?:também|mais)
        )",
    )
    .expect("valid regex")
});

static FURNITURE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?ix)^(?:
          (?:jetzt\s+|artikel\s+|beitrag\s+|diesen\s+artikel\s+|den\s+artikel\s+mit\s+anderen\s+)?teilen\b
        | share\s+(?:this|on|via)\b | share\s*:?$ | partager\b | compartir\b | condividi\b | udostępnij\b
        | (?:keine\s+)?kommentare?\s*:?$ | \d+\s+(?:kommentare?|comments?|commentaires?|comentarios?|komentarz[ey]?)\b
        | schreibe(?:n\s+sie)?\s+einen\s+kommentar | kommentar\s+(?:verfassen|schreiben|hinterlassen)
        | leave\s+a\s+(?:reply|comment) | (?:no\s+)?comments?\s*:?$ | add\s+(?:a\s+)?comment | commentaires?\s*:?$
        | laisser\s+un\s+commentaire | comentarios?\s*:?$ | deja\s+(?:un|tu)\s+comentario | komentarze?\s*:?$
        | newsletter\b | (?:jetzt\s+)?abonnieren\b | subscribe\b | sign\s+up\b | s'abonner | suscr[ií]bete
        | (?:tags|schlagw(?:orte|örter)|stichw(?:orte|örter)|themen|kategorien?|categories|category
            |étiquettes|etiquetas|tagi)(?:\s*:|\s+im\s+artikel\s*:?$|\s*$)
        | (?:-\s*)?(?:anzeige|werbung|advertisement|publicité|publicidad|reklama)\b
        | (?:rezept\s+|artikel\s+|seite\s+)?drucken\b | print$ | drukuj$ | imprimer$ | imprimir$ | pinnen$ | merken$
        | gefällt\s+mir$ | möchten\s+sie\s+(?:den|diesen)\s+artikel\s+teilen | quellen\s+(?:ausblenden|anzeigen)
        | photograph(?:y)?\s+by\b | (?:foto|bild|photo|quelle|source|crédits?\s+photos?)\s*:\s*\S
        | (?:titelbild|beitragsbild|bild\s+anzeigen|abbildung(?:\s+\d+)?|inhaltsverzeichnis|kontakt|contact)\s*:?$
        | (?:titelbild|beitragsbild|aufmacherbild|headerbild|image|imagen|immagine|zdjęcie)\s*:\s*\S
        | keine\s+kommentare\b | no\s+comments\b | quellenangaben\s*:?$
        | (?:über\s+(?:den\s+autor|die\s+autorin)|about\s+the\s+author|zur\s+person)\s*:?$
        | (?:last\s+(?:modified|updated)|ultima\s+modifica|release\s+date|veröffentlichung|aktualisiert(?:\s+am)?|updated(?:\s+on)?|stand)\s*:?\s*(?:$|\d|am\b)
        | nach\s+oben$ | back\s+to\s+top$ | zurück\s+(?:zur\s+(?:übersicht|startseite)|nach\s+oben)
        | (?:zuletzt\s+)?aktualisiert(?:\s+am)?\s*:?$ | last\s+(?:modified|updated)\s*:?$ | veröffentlicht(?:\s+am)?\s*:?$
        | foto(?:s)?\s*:?$ | bild(?:er)?\s*:?$ | photo(?:s)?\s*:?$ | quelle\s*:?$ | source\s*:?$
        )",
    )
    .expect("valid regex")
});

/// Calls to action that close articles: subscribe, follow us, download the app, donate.
static PROMOTION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?ix)(?:
          subscri(?:be|ber|ption) | newsletter | follow\s+(?:us|the\s+\w+) | download\s+(?:the\s+|our\s+)?\w*\s*apps?\b
        | log\s+in\s+for | sign\s+up | we\s+want\s+to\s+hear | if\s+you\s+enjoyed | support\s+(?:us|our\s+journalism)
        | donat(?:e|ion) | abonn(?:ieren|ement|ez) | folgen?\s+sie\s+uns | folge\s+uns | unterstützen\s+sie | jetzt\s+spenden
        | s[ií]guenos | suscr[ií]b | hazte\s+miembro | canal\s+de\s+(?:telegram|youtube|whatsapp) | únete
        | on\s+(?:twitter|facebook|instagram)\s+@
        )",
    )
    .expect("valid regex")
});

/// Whether a paragraph is a call to action (only trailing ones are dropped by the caller).
pub(crate) fn is_promotion(line: &str) -> bool {
    line.len() <= 40 * 40 && word_count(line) <= 40 && PROMOTION.is_match(line)
}

/// Whether a short line is furniture by its wording, and which kind.
pub(crate) fn furniture_line(line: &str) -> Option<LineRole> {
    if line.len() > 40 * MAX_WORDS {
        return None;
    }
    let n_words = word_count(line);
    if n_words > MAX_WORDS {
        return None;
    }
    let trimmed = line.trim_start_matches(|c: char| !c.is_alphanumeric() && c != '-').trim();
    if RELATED.is_match(trimmed) {
        return Some(LineRole::Related);
    }
    if FURNITURE.is_match(trimmed) || is_date_line(trimmed) {
        return Some(LineRole::Furniture);
    }
    None
}

/// Words in a line; in scripts written without spaces (Chinese, Japanese) every two
/// characters count as one.
pub(crate) fn word_count(line: &str) -> usize {
    crate::tokens::word_count(line)
}

/// A line that is a date and little else ("12.12.2022, 08:30 Uhr", "7. Oktober 2020").
pub(crate) fn is_date_line(line: &str) -> bool {
    if line.len() > 40 * 14 || word_count(line) > 14 {
        return false;
    }
    let Some((at, _)) = find_dates(line).into_iter().min_by_key(|(at, _)| *at) else { return false };
    // Letters of the words that are not month names: the label around the date.
    let label_letters = |text: &str| -> usize {
        text.split(|c: char| !c.is_alphabetic())
            .filter(|word| !word.is_empty() && month_of(word).is_none())
            .map(|word| word.chars().count())
            .sum()
    };
    label_letters(&line[..at]) <= 16 && label_letters(line) <= 32
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn furniture_wordings() {
        assert_eq!(furniture_line("Das könnte Sie auch interessieren"), Some(LineRole::Related));
        assert_eq!(furniture_line("Zobacz także"), Some(LineRole::Related));
        assert_eq!(furniture_line("NOTAS RELACIONADAS"), Some(LineRole::Related));
        assert_eq!(furniture_line("Jetzt teilen!"), Some(LineRole::Furniture));
        assert_eq!(furniture_line("Keine Kommentare"), Some(LineRole::Furniture));
        assert_eq!(furniture_line("12.12.2022, 08:30 Uhr"), Some(LineRole::Furniture));
        assert_eq!(furniture_line("Tags: Politik, Wahlen"), Some(LineRole::Furniture));
        assert_eq!(furniture_line("Die Stadt teilt mit, dass die Brücke gesperrt bleibt."), None);
        assert_eq!(furniture_line("Related to this, the council met on Monday."), None);
        assert_eq!(furniture_line("Am 7. Oktober 2020 begann der Prozess gegen die drei Angeklagten."), None);
        assert_eq!(
            furniture_line("Pubblicato il 19 Febbraio 2020 Ultima modifica 19 Febbraio 2020 12:02"),
            Some(LineRole::Furniture)
        );
    }
}
