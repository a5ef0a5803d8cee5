use parallax_ingest::{IngestConfig, SourceKind, list_inputs, read_reader};
use parallax_model::{InputFormat, RejectReason};

use crate::{data, read_paths, rejections};

/// Id, URL, title and publication date of a document.
type Row<'a> = (&'a str, Option<&'a str>, Option<&'a str>, Option<&'a str>);

#[test]
fn rss_items_become_html_documents() {
    let outcome = read_paths(&[data("harbour.rss")], &IngestConfig::default());
    assert_eq!(rejections(&outcome), Vec::<String>::new());
    let rows: Vec<Row<'_>> = outcome
        .docs
        .iter()
        .map(|d| (d.id.as_str(), d.url.as_deref(), d.title.as_deref(), d.published.as_deref()))
        .collect();
    assert_eq!(
        rows,
        [
            (
                "https://gazette.example/2024/03/05/harbour-wall",
                Some("https://gazette.example/2024/03/05/harbour-wall"),
                Some("Harbour wall repaired & reopened"),
                Some("2024-03-05T22:30:00-05:00"),
            ),
            (
                "https://gazette.example/2024/03/06/ferry",
                Some("https://gazette.example/2024/03/06/ferry"),
                Some("Ferry timetable “back to normal”"),
                Some("2024-03-06T08:00:00Z"),
            ),
            (
                "https://gazette.example/2024/03/07/bridge",
                Some("https://gazette.example/2024/03/07/bridge"),
                Some("Council votes on bridge"),
                Some("2024-03-07T10:00:00+00:00"),
            ),
        ]
    );
    let first = &outcome.docs[0];
    assert_eq!(first.format, InputFormat::Html);
    assert_eq!(first.origin, format!("{}#1", data("harbour.rss").display()));
    // content:encoded wins over the description; the author's name becomes page metadata.
    assert!(first.body.contains("<p>The harbour wall at Eastby reopened"), "{}", first.body);
    assert!(first.body.contains("evening &amp; crews"), "{}", first.body);
    assert!(!first.body.contains("teaser"));
    assert!(first.body.contains(r#"<meta name="author" content="Mira Solberg">"#), "{}", first.body);
    // An escaped HTML description is HTML once unescaped.
    assert!(outcome.docs[1].body.contains("<p>The morning ferry to Holm"), "{}", outcome.docs[1].body);
    assert!(outcome.docs[1].body.contains(r#"content="Tomas Lind""#));
    // Hostile markup is data for the cleaner: passed through, not run, not dropped.
    let third = &outcome.docs[2].body;
    assert!(third.contains(r#"<script>alert("pwned")</script>"#), "{third}");
    assert!(third.contains(r#"onclick="steal()""#), "{third}");
}

#[test]
fn atom_entries_become_html_documents() {
    let outcome = read_paths(&[data("valley.atom")], &IngestConfig::default());
    assert_eq!(rejections(&outcome), Vec::<String>::new());
    assert_eq!(outcome.docs.len(), 2);
    let dam = &outcome.docs[0];
    assert_eq!(dam.url.as_deref(), Some("https://ledger.example/news/dam-inspection"));
    assert_eq!(dam.title.as_deref(), Some("Dam inspection passed"));
    assert_eq!(dam.published.as_deref(), Some("2024-04-01T09:15:00+02:00"));
    // XHTML content keeps its markup, with text escaped again.
    assert!(dam.body.contains("<p>Inspectors found no cracks in the Ostra dam"), "{}", dam.body);
    assert!(dam.body.contains("2 years &amp; will take"), "{}", dam.body);
    assert!(dam.body.contains(r#"content="Ines Varga""#), "{}", dam.body);
    assert!(!dam.body.contains("ines@ledger.example"));
    let road = &outcome.docs[1];
    assert_eq!(road.url.as_deref(), Some("https://ledger.example/news/road-closed"));
    assert_eq!(road.published.as_deref(), Some("2024-04-02T10:00:00Z"), "updated when not published");
    // A plain-text summary becomes escaped paragraphs.
    assert!(road.body.contains("<p>The valley road will be closed"), "{}", road.body);
    assert!(road.body.contains("<p>Buses will take the old mill road instead.</p>"), "{}", road.body);
}

#[test]
fn feeds_are_found_by_content() {
    let dir = tempfile::tempdir().expect("tempdir");
    let rss = std::fs::read(data("harbour.rss")).expect("fixture");
    std::fs::write(dir.path().join("news.xml"), &rss).expect("write");
    std::fs::write(dir.path().join("sitemap.xml"), b"<?xml version=\"1.0\"?><urlset><url/></urlset>").expect("write");
    std::fs::write(dir.path().join("noext"), std::fs::read(data("valley.atom")).expect("fixture")).expect("write");
    let (files, _, skipped) = list_inputs(&[dir.path().to_path_buf()]);
    let listed: Vec<String> = files.iter().map(|f| f.id.clone()).collect();
    assert_eq!(listed, ["news"]);
    assert_eq!(skipped.len(), 2, "{skipped:?}");
    let outcome = read_paths(&[dir.path().join("noext"), dir.path().join("sitemap.xml")], &IngestConfig::default());
    assert_eq!(outcome.docs.len(), 2);
    assert_eq!(
        rejections(&outcome),
        [format!(
            "{}: invalid feed: the root element <urlset> is not rss, rdf:RDF or feed",
            dir.path().join("sitemap.xml").display()
        )]
    );
}

#[test]
fn broken_feeds_keep_what_came_before() {
    let feed = concat!(
        "<rss><channel>",
        "<item><title>One</title><link>https://a.example/1</link><description>First body text.</description></item>",
        "<item><title>Two</title><description>no content",
        "</channel></rss>",
        "<item><title>Three</title></item>"
    );
    let outcome = read_reader(feed.as_bytes(), "cut.rss", SourceKind::Feed, &IngestConfig::default());
    let ids: Vec<&str> = outcome.docs.iter().map(|d| d.id.as_str()).collect();
    assert_eq!(ids, ["https://a.example/1"]);
    assert_eq!(outcome.rejections.len(), 1);
    assert_eq!(outcome.rejections[0].input, "cut.rss#2");
    assert!(
        outcome.rejections[0].to_string().contains("invalid feed: ill-formed document: expected `</description>`"),
        "{}",
        outcome.rejections[0]
    );
    let cut_short = "<rss><channel><item><title>One</title><description>text";
    let outcome = read_reader(cut_short.as_bytes(), "short.rss", SourceKind::Feed, &IngestConfig::default());
    assert_eq!(rejections(&outcome), ["short.rss#1: invalid feed: the feed ends inside an item"]);

    let no_body = "<rss><channel><item><title>Only a title</title></item></channel></rss>";
    let outcome = read_reader(no_body.as_bytes(), "bare.rss", SourceKind::Feed, &IngestConfig::default());
    assert_eq!(rejections(&outcome), ["bare.rss#1: missing field `content:encoded, content or description`"]);

    let garbage = "<rss><channel><item><title>A</title><description>x</description></item><item><title>B<</title></item></channel></rss>";
    let outcome = read_reader(garbage.as_bytes(), "bad.rss", SourceKind::Feed, &IngestConfig::default());
    assert_eq!(outcome.docs.len(), 1);
    assert_eq!(outcome.rejections.len(), 1);
    assert!(matches!(outcome.rejections[0].reason, RejectReason::InvalidFeed { .. }), "{:?}", outcome.rejections);
    assert_eq!(outcome.rejections[0].input, "bad.rss#2");
}

#[test]
fn legacy_encodings_are_decoded() {
    let feed = b"<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><rss><channel><item><title>Caf\xe9</title><description>Cr\xe8me br\xfbl\xe9e sold out.</description></item></channel></rss>";
    let outcome = read_reader(&feed[..], "latin.rss", SourceKind::Feed, &IngestConfig::default());
    assert_eq!(rejections(&outcome), Vec::<String>::new());
    assert_eq!(outcome.docs[0].title.as_deref(), Some("Café"));
    assert!(outcome.docs[0].body.contains("Crème brûlée"), "{}", outcome.docs[0].body);
}

#[test]
fn oversized_items_are_rejected_alone() {
    let big = "x".repeat(5000);
    let feed = format!(
        "<rss><channel><item><description>{big}</description></item><item><link>https://a.example/2</link><description>small</description></item></channel></rss>"
    );
    let config = IngestConfig { max_document_bytes: 1000, ..IngestConfig::default() };
    let outcome = read_reader(feed.as_bytes(), "big.rss", SourceKind::Feed, &config);
    assert_eq!(outcome.docs.len(), 1);
    assert_eq!(outcome.rejections.len(), 1);
    assert!(matches!(outcome.rejections[0].reason, RejectReason::TooLarge { limit: 1000, .. }));
}
