//! URLs as inputs: a page and a feed fetched from a server on loopback, which is refused
//! unless `--allow-private` is given.

use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;

use crate::{json, parallax};

const PAGE: &str = "<html><head><title>Ferry Service Resumes in Kerrin</title>\
<meta name=\"date\" content=\"2026-02-11\"></head><body><article><h1>Ferry Service Resumes in Kerrin</h1>\
<p>Ferries between Kerrin and the islands ran again on Wednesday after a two-day stop caused by storms \
that closed the harbour mouth to all traffic.</p><p>The harbour master, Ansel Voss, said crews had \
cleared the channel overnight and that timetables would be normal by the weekend.</p></article></body></html>";

const FEED: &str = "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Kerrin Post</title>\
<item><title>Storm Closes Kerrin Harbour</title><link>https://kerrin.example/storm</link>\
<pubDate>Mon, 09 Feb 2026 08:00:00 GMT</pubDate><description><![CDATA[<p>Storms closed the harbour \
mouth at Kerrin on Monday, stopping every ferry to the islands until the channel can be \
cleared of debris, the port authority said.</p>]]></description></item></channel></rss>";

/// Serves robots.txt, one page and one feed on a free loopback port; returns the base URL.
fn serve() -> String {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let base = format!("http://{}", listener.local_addr().expect("address"));
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            let mut reader = BufReader::new(stream.try_clone().expect("clone"));
            let mut request = String::new();
            if reader.read_line(&mut request).is_err() {
                continue;
            }
            let mut line = String::new();
            while reader.read_line(&mut line).is_ok_and(|n| n > 2) {
                line.clear();
            }
            let (status, body) = match request.split_whitespace().nth(1).unwrap_or("/") {
                "/robots.txt" => ("200 OK", "User-agent: *\nDisallow: /private\n"),
                "/ferry" => ("200 OK", PAGE),
                "/feed.xml" => ("200 OK", FEED),
                _ => ("404 Not Found", "no"),
            };
            let _ = write!(
                stream,
                "HTTP/1.1 {status}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                body.len()
            );
        }
    });
    base
}

#[test]
fn pages_and_feeds_are_fetched_from_public_addresses_only() {
    let base = serve();
    let (page, feed) = (format!("{base}/ferry"), format!("{base}/feed.xml"));
    let refused = parallax(&["extract", &page, "--json", "--quiet"]);
    assert_eq!(refused.status.code(), Some(3), "a loopback URL is a rejection");
    assert!(String::from_utf8_lossy(&refused.stderr).contains("--allow-private"));

    let fetched = parallax(&["extract", &page, &feed, "--json", "--quiet", "--allow-private"]);
    assert!(fetched.status.success(), "stderr: {}", String::from_utf8_lossy(&fetched.stderr));
    let articles = json(&fetched);
    let titles: Vec<&str> = articles.as_array().expect("articles").iter().filter_map(|a| a["title"].as_str()).collect();
    assert!(titles.contains(&"Ferry Service Resumes in Kerrin"), "{titles:?}");
    assert!(titles.contains(&"Storm Closes Kerrin Harbour"), "{titles:?}");

    let disallowed = parallax(&["extract", &format!("{base}/private/page"), "--json", "--quiet", "--allow-private"]);
    assert_eq!(disallowed.status.code(), Some(3));
    assert!(String::from_utf8_lossy(&disallowed.stderr).contains("robots.txt"));
}
