//! Language identification (whatlang), reported as ISO 639-1 where one exists.

/// The language of a text, or `None` when the text is too short or the guess unreliable.
pub(crate) fn detect_language(text: &str) -> Option<String> {
    let sample: String = text.chars().take(1000).collect();
    let info = whatlang::detect(&sample)?;
    if info.confidence() < 0.3 {
        return None;
    }
    let code = info.lang().code();
    let short = match code {
        "eng" => "en",
        "deu" => "de",
        "fra" => "fr",
        "spa" => "es",
        "ita" => "it",
        "por" => "pt",
        "nld" => "nl",
        "rus" => "ru",
        "ukr" => "uk",
        "pol" => "pl",
        "ces" => "cs",
        "swe" => "sv",
        "dan" => "da",
        "nob" => "no",
        "fin" => "fi",
        "tur" => "tr",
        "ara" => "ar",
        "heb" => "he",
        "fas" => "fa",
        "hin" => "hi",
        "cmn" => "zh",
        "jpn" => "ja",
        "kor" => "ko",
        "ell" => "el",
        "hun" => "hu",
        "ron" => "ro",
        "bul" => "bg",
        "hrv" => "hr",
        "srp" => "sr",
        "ind" => "id",
        other => other,
    };
    Some(short.to_string())
}
