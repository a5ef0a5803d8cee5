//! Bad inputs are reported by name with a reason; the run goes on; the exit code says so.

use std::io::Write;

use crate::{json, parallax_in};

const GOOD: &str = " date 2025-02-03 Ferry Service Resumes\nThe ferry between the two islands resumed on Monday after a week of storms, the operator said.\n";

fn write(dir: &std::path::Path, name: &str, bytes: &[u8]) {
    std::fs::write(dir.join(name), bytes).expect("write");
}

#[test]
fn each_bad_input_is_named_and_the_rest_goes_on() {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path();
    write(root, "good.txt", GOOD.as_bytes());
    write(root, "empty.txt", b"");
    write(root, "binary.txt", b"\x7fELF\x02\x01\x01\0\0\0\0\0\0\0\0\0\x03\0>\0");
    write(root, "feed.jsonl", b"{\"url\": \"https://news.example/ok\", \"text\": \"The harbour reopened on Tuesday after repairs to the sea wall were finished.\"}\n{\"url\": \"https://news.example/cut\", \"text\": \"The harb\n");
    write(
        root,
        "latin1.txt",
        b"The caf\xe9 on the quay reopened on Monday after the storm, the owner said to the press.\n",
    );
    write(root, "hostile.html", b"<html><body><article><p>The council met on Monday <script>alert(1)</script> and voted to repair the bridge before winter, officials said.</p><div><div><div><span><b><i>unclosed");
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    gz.write_all(GOOD.replace("Ferry", "Bus").as_bytes()).expect("gzip");
    write(root, "packed.txt.gz", &gz.finish().expect("gzip"));
    let output = parallax_in(root, &["analyze", ".", "missing-path", "--json", "--quiet"]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(3), "stderr: {stderr}");
    for (input, reason) in [
        ("empty.txt", "empty input"),
        ("binary.txt", "binary data"),
        ("feed.jsonl:2", "invalid JSON"),
        ("missing-path", "no such file or directory"),
    ] {
        assert!(stderr.lines().any(|l| l.contains(input) && l.contains(reason)), "no `{reason}` for {input}: {stderr}");
    }
    assert!(stderr.contains("latin1.txt: not valid UTF-8; decoded as windows-1252"), "{stderr}");
    let analysis = json(&output);
    let ids: Vec<&str> =
        analysis["articles"].as_array().expect("articles").iter().map(|a| a["id"].as_str().expect("id")).collect();
    assert_eq!(ids, ["good", "hostile", "https://news.example/ok", "latin1", "packed"]);
    let latin =
        analysis["articles"].as_array().expect("articles").iter().find(|a| a["id"] == "latin1").expect("latin1");
    assert!(latin["text"].as_str().expect("text").contains("café"));
    let hostile =
        analysis["articles"].as_array().expect("articles").iter().find(|a| a["id"] == "hostile").expect("hostile");
    assert!(!hostile["text"].as_str().expect("text").contains("alert(1)"), "scripts are not article text");
    assert_eq!(analysis["rejections"].as_array().expect("rejections").len(), 4);
}

#[test]
fn extract_prints_one_object_per_input() {
    let dir = tempfile::tempdir().expect("tempdir");
    write(dir.path(), "one.txt", GOOD.as_bytes());
    let output = parallax_in(dir.path(), &["extract", "one.txt", "--json"]);
    assert!(output.status.success());
    let articles = json(&output);
    let article = &articles[0];
    assert_eq!(article["title"], "Ferry Service Resumes");
    assert_eq!(article["published"], "2025-02-03");
    assert_eq!(article["language"], "en");
    assert!(article.get("outlet").is_some());
    assert!(article["text"].as_str().expect("text").starts_with("The ferry"));
}

#[test]
fn deeply_nested_html_is_handled() {
    let dir = tempfile::tempdir().expect("tempdir");
    let depth = 10_000;
    let mut page = String::from("<html><body>");
    page.push_str(&"<div>".repeat(depth));
    page.push_str(
        "<p>The storm closed the harbour for two days, and the ferries stayed in port until the wind eased.</p>",
    );
    page.push_str(&"</div>".repeat(depth));
    page.push_str("</body></html>");
    write(dir.path(), "deep.html", page.as_bytes());
    let output = parallax_in(dir.path(), &["extract", "deep.html", "--json"]);
    assert!(matches!(output.status.code(), Some(0 | 3)), "no crash: {}", String::from_utf8_lossy(&output.stderr));
}

#[test]
fn standard_input_is_an_input() {
    use std::process::{Command, Stdio};
    let mut child = Command::new(env!("CARGO_BIN_EXE_parallax"))
        .args(["analyze", "-", "--json", "--quiet"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    child.stdin.take().expect("stdin").write_all(GOOD.as_bytes()).expect("write stdin");
    let output = child.wait_with_output().expect("wait");
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let analysis = json(&output);
    assert_eq!(analysis["articles"][0]["id"], "stdin");
    assert_eq!(analysis["articles"][0]["title"], "Ferry Service Resumes");
    assert_eq!(analysis["events"].as_array().expect("events").len(), 1);
}

#[test]
fn a_missing_or_broken_quote_encoder_is_an_error_that_says_what_it_needs() {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path();
    write(root, "good.txt", GOOD.as_bytes());
    let output = parallax_in(root, &["--quote-encoder", "no-such-folder", "analyze", "good.txt", "--quiet"]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "stderr: {stderr}");
    assert!(stderr.contains("model.safetensors") && stderr.contains("build.sh"), "{stderr}");
    std::fs::create_dir(root.join("encoder")).expect("mkdir");
    for (name, bytes) in [
        ("model.safetensors", &b"\x08\0\0\0\0\0\0\0{broken}"[..]),
        ("vocab.txt", b"[UNK]"),
        ("config.json", br#"{"num_attention_heads": 2}"#),
    ] {
        write(&root.join("encoder"), name, bytes);
    }
    let output = parallax_in(root, &["--quote-encoder", "encoder", "analyze", "good.txt", "--quiet"]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "stderr: {stderr}");
    assert!(stderr.contains("cannot load the quote encoder") && stderr.contains("header is not JSON"), "{stderr}");
}
