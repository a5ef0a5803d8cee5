//! Architecture invariants, checked: pure processing crates depend on no runtime, database,
//! index or HTTP crate and touch no file system, network or clock; ARCHITECTURE.md names
//! only crates that exist.

use crate::workspace_root;

const PURE: &[&str] =
    &["parallax-model", "parallax-text", "parallax-encoder", "parallax-extract", "parallax-cluster", "parallax-report"];
const FORBIDDEN_DEPENDENCIES: &[&str] =
    &["tokio", "rusqlite", "tantivy", "hyper", "reqwest", "axum", "sqlx", "ureq", "libsqlite3-sys", "mio"];
const FORBIDDEN_CALLS: &[&str] = &[
    "std::fs",
    "std::net",
    "File::open",
    "SystemTime::now",
    "Instant::now",
    "Utc::now",
    "Local::now",
    "std::env::var",
];

#[test]
fn pure_crates_have_no_io_dependencies() {
    let root = workspace_root();
    for krate in PURE {
        let output = std::process::Command::new(env!("CARGO"))
            .args(["tree", "--offline", "-p", krate, "-e", "normal", "--prefix", "none", "--format", "{p}"])
            .current_dir(&root)
            .output()
            .expect("cargo tree");
        assert!(output.status.success(), "cargo tree failed: {}", String::from_utf8_lossy(&output.stderr));
        let tree = String::from_utf8_lossy(&output.stdout);
        for line in tree.lines() {
            let name = line.split_whitespace().next().unwrap_or("");
            assert!(!FORBIDDEN_DEPENDENCIES.contains(&name), "{krate} depends on {name}");
        }
    }
}

#[test]
fn pure_crates_do_no_io_in_source() {
    let root = workspace_root();
    for krate in PURE {
        let mut stack = vec![root.join("crates").join(krate).join("src")];
        while let Some(dir) = stack.pop() {
            for entry in std::fs::read_dir(&dir).expect("src dir").filter_map(Result::ok) {
                let path = entry.path();
                if path.is_dir() {
                    stack.push(path);
                    continue;
                }
                let source = std::fs::read_to_string(&path).expect("source");
                for call in FORBIDDEN_CALLS {
                    assert!(!source.contains(call), "{} uses {call}", path.display());
                }
            }
        }
    }
}

#[test]
fn architecture_names_existing_crates_and_every_crate_is_named() {
    let root = workspace_root();
    let doc = std::fs::read_to_string(root.join("ARCHITECTURE.md")).expect("ARCHITECTURE.md");
    let mut named: Vec<&str> = doc
        .split("crates/")
        .skip(1)
        .filter_map(|rest| rest.split(|c: char| !(c.is_alphanumeric() || c == '-')).next())
        .filter(|name| !name.is_empty())
        .collect();
    named.sort();
    named.dedup();
    for name in &named {
        assert!(root.join("crates").join(name).is_dir(), "ARCHITECTURE.md names {name}, which does not exist");
    }
    for entry in std::fs::read_dir(root.join("crates")).expect("crates").filter_map(Result::ok) {
        let name = entry.file_name().to_string_lossy().into_owned();
        assert!(named.contains(&name.as_str()), "ARCHITECTURE.md does not describe {name}");
        let lib = entry.path().join("src/lib.rs");
        let main = entry.path().join("src/main.rs");
        let first = std::fs::read_to_string(if lib.exists() { lib } else { main }).expect("crate root");
        assert!(first.starts_with("//!"), "{name}: the crate root must start with a //! line saying what it owns");
    }
}
