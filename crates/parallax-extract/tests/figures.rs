//! The figure test set (`tests/data/figures.tsv`): every sentence must give exactly the
//! figures listed, with value, category, modifier and attribution. Prints precision and
//! recall over all figures and every sentence that differs.

use parallax_extract::extract_figures;

#[derive(Debug, Clone, PartialEq)]
struct Expected {
    value: f64,
    category: String,
    modifier: Option<String>,
    attribution: Option<String>,
}

fn parse_expected(column: &str) -> Vec<Expected> {
    column
        .split(" ; ")
        .map(str::trim)
        .filter(|item| !item.is_empty())
        .map(|item| {
            let fields: Vec<&str> = item.split('|').collect();
            let text = |i: usize| fields.get(i).map(|f| f.trim()).filter(|f| !f.is_empty()).map(str::to_string);
            Expected {
                value: fields[0].trim().parse().unwrap_or_else(|_| panic!("bad value in `{item}`")),
                category: text(1).unwrap_or_else(|| panic!("no category in `{item}`")),
                modifier: text(2),
                attribution: text(3),
            }
        })
        .collect()
}

#[test]
fn figure_test_set() {
    let data = include_str!("data/figures.tsv");
    let (mut expected_total, mut found_total, mut correct) = (0usize, 0usize, 0usize);
    let mut sentences = 0;
    let mut failures = Vec::new();
    for line in data.lines().filter(|l| !l.starts_with('#') && !l.trim().is_empty()) {
        let (sentence, column) = line.split_once('\t').unwrap_or((line, ""));
        sentences += 1;
        let expected = parse_expected(column);
        let found: Vec<Expected> = extract_figures(&[sentence.to_string()])
            .into_iter()
            .map(|f| Expected {
                value: f.value,
                category: f.category.as_str().to_string(),
                modifier: f.modifier,
                attribution: f.attribution,
            })
            .collect();
        expected_total += expected.len();
        found_total += found.len();
        correct += found.iter().filter(|f| expected.contains(f)).count();
        if found != expected {
            failures.push(format!("{sentence}\n    expected {expected:?}\n    found    {found:?}"));
        }
    }
    let precision = correct as f64 / found_total.max(1) as f64;
    let recall = correct as f64 / expected_total.max(1) as f64;
    println!("{sentences} sentences, {expected_total} figures: precision {precision:.3}, recall {recall:.3}");
    assert!(sentences >= 100, "the test set must hold at least 100 sentences");
    assert!(failures.is_empty(), "{} sentences differ:\n{}", failures.len(), failures.join("\n"));
}
