//! The fetcher against a small HTTP server on loopback: what it refuses, what it limits, and
//! robots.txt.

use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::time::Duration;

use parallax_fetch::{FetchConfig, FetchError, Fetcher};

/// Serves a few fixed answers on a free loopback port, one connection at a time, for the life
/// of the test process; returns the base URL.
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
            // Skip the headers.
            let mut line = String::new();
            while reader.read_line(&mut line).is_ok_and(|n| n > 2) {
                line.clear();
            }
            let path = request.split_whitespace().nth(1).unwrap_or("/").to_string();
            let (status, extra, body): (&str, String, String) = match path.as_str() {
                "/robots.txt" => ("200 OK", String::new(), "User-agent: *\nDisallow: /secret\n".into()),
                "/page" => {
                    ("200 OK", "Content-Type: text/html\r\n".into(), "<html><title>A page</title></html>".into())
                }
                "/secret" => ("200 OK", String::new(), "hidden".into()),
                "/big" => ("200 OK", String::new(), "x".repeat(5_000)),
                "/loop" => ("302 Found", "Location: /loop\r\n".into(), String::new()),
                "/hop" => ("301 Moved Permanently", "Location: /page\r\n".into(), String::new()),
                "/slow" => {
                    std::thread::sleep(Duration::from_millis(1_500));
                    ("200 OK", String::new(), "late".into())
                }
                _ => ("404 Not Found", String::new(), "no".into()),
            };
            let _ = write!(
                stream,
                "HTTP/1.1 {status}\r\n{extra}Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
                body.len()
            );
        }
    });
    base
}

fn local(config: FetchConfig) -> Fetcher {
    Fetcher::new(FetchConfig { allow_private: true, ..config })
}

#[test]
fn loopback_is_refused_unless_allowed() {
    let base = serve();
    let error = Fetcher::new(FetchConfig::default()).fetch(&format!("{base}/page")).expect_err("refused");
    assert!(matches!(error, FetchError::PrivateAddress { .. }), "{error}");
    assert!(error.to_string().contains("--allow-private"));
    let page = local(FetchConfig::default()).fetch(&format!("{base}/page")).expect("allowed");
    assert_eq!(page.body, b"<html><title>A page</title></html>");
    assert_eq!(page.content_type.as_deref(), Some("text/html"));
}

#[test]
fn robots_redirects_size_and_time_are_limited() {
    let base = serve();
    let mut fetcher = local(FetchConfig {
        max_bytes: 1_000,
        max_redirects: 3,
        timeout: Duration::from_millis(700),
        ..FetchConfig::default()
    });
    assert!(matches!(fetcher.fetch(&format!("{base}/secret")), Err(FetchError::Robots { .. })));
    assert!(matches!(fetcher.fetch(&format!("{base}/big")), Err(FetchError::TooLarge { limit: 1_000, .. })));
    let looped = fetcher.fetch(&format!("{base}/loop")).expect_err("redirect loop");
    assert!(matches!(looped, FetchError::TooManyRedirects { limit: 3, .. }), "{looped}");
    let hop = fetcher.fetch(&format!("{base}/hop")).expect("one redirect is followed");
    assert!(hop.final_url.ends_with("/page"), "{}", hop.final_url);
    assert!(matches!(fetcher.fetch(&format!("{base}/missing")), Err(FetchError::Status { status: 404, .. })));
    let slow = fetcher.fetch(&format!("{base}/slow")).expect_err("too slow");
    assert!(matches!(slow, FetchError::Transport { .. }), "{slow}");
    let ignoring =
        local(FetchConfig { respect_robots: false, ..FetchConfig::default() }).fetch(&format!("{base}/secret"));
    assert_eq!(ignoring.expect("robots not asked").body, b"hidden");
}
