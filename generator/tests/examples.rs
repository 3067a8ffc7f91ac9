//! The pages' examples as round-trip tests (tests/fixtures/zoo, our own pages): which are
//! emitted live, which are ignored and reported as wrong on the page, and the round-trip
//! helpers the emitted tests call. tests/tests/generated_crate.rs compiles and runs them.

use graphgen::emit::examples::ExampleReport;
use std::path::{Path, PathBuf};

fn zoo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/zoo")
}

/// The report and the emitted `tests/examples.rs` of the pages in `dir`.
fn examples_of(dir: &Path) -> (ExampleReport, String) {
    let (files, _, report) = graphgen::generate(dir, "zoo-api").expect("generate");
    let file = files
        .into_iter()
        .find(|f| f.path == "tests/examples.rs")
        .expect("tests/examples.rs");
    (report.examples, file.contents)
}

/// The emitted test named `name` (an entry of an `examples!` call: its doc, name, helper,
/// type and JSON), up to the next one, without whitespace.
fn test_fn(examples: &str, name: &str) -> String {
    // Line breaks fall where the formatter puts them: compare with single spaces.
    let examples = &examples.split_whitespace().collect::<Vec<_>>().join(" ");
    let at = examples
        .find(&format!("{name} :"))
        .unwrap_or_else(|| panic!("no test {name} in\n{examples}"));
    let end = examples[at..]
        .find("#[doc")
        .map_or(examples.len(), |e| at + e);
    // The attributes before the name belong to it.
    let start = examples[..at].rfind("#[doc").unwrap_or(at);
    examples[start..end].split_whitespace().collect()
}

#[test]
fn examples_holding_nulls_are_live_tests_not_wrong_examples() {
    let (report, examples) = examples_of(&zoo());
    // Every example of the zoo holds nulls: in a model, deep in a collection, for a
    // property the pages do not name, for `@odata.type`, `@odata.nextLink`, and as the
    // value of an update's property.
    assert_eq!(report.wrong, Vec::<String>::new());
    assert_eq!(report.tests, 4, "{examples}");
    assert!(!examples.contains("#[ignore"), "{examples}");
    for test in [
        "get_enclosure_response_example_2",
        "list_animals_response_example_2",
        "update_animal_response_example_2",
    ] {
        let f = &test_fn(&examples, test);
        assert!(f.contains("round_trip::<"), "{f}");
        assert!(f.contains(":null"), "{f}");
    }
    // An update's own members keep their nulls (`Patch::Null`): compared exactly.
    let update = &test_fn(&examples, "update_animal_request_example_1");
    assert!(update.contains("round_trip_patch::<"), "{update}");
    assert!(update.contains("AnimalPatch"), "{update}");
}

#[test]
fn the_round_trip_helpers_compare_modulo_null_members() {
    let (_, examples) = examples_of(&zoo());
    let compact: String = examples.split_whitespace().collect();
    // Both sides are compared without their null members, whole numbers written one way...
    assert!(
        compact
            .contains("assert_eq!(same_numbers(compared(back)),same_numbers(compared(original)),"),
        "{examples}"
    );
    assert!(
        compact.contains("round_trip_comparing::<T>(json,without_nulls)"),
        "{examples}"
    );
    // ...which are dropped from objects at any depth, while a null in an array stays.
    assert!(
        compact.contains(".filter(|(_,v)|!v.is_null()).map(|(k,v)|(k,without_nulls(v)))"),
        "{examples}"
    );
    assert!(
        compact
            .contains("::serde_json::Value::Array(items.into_iter().map(without_nulls).collect())"),
        "{examples}"
    );
    // An update keeps the nulls of its own members and drops only those inside them.
    assert!(
        compact.contains("members.into_iter().map(|(k,v)|(k,without_nulls(v))).collect()"),
        "{examples}"
    );
}

/// The zoo pages in a temporary directory, with `edits` (page, from, to) made.
fn edited_zoo(edits: &[(&str, &str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    for sub in ["api", "resources"] {
        std::fs::create_dir_all(dir.path().join(sub)).expect("mkdir");
        for e in std::fs::read_dir(zoo().join(sub)).expect("zoo") {
            let e = e.expect("entry");
            let to = dir.path().join(sub).join(e.file_name());
            std::fs::copy(e.path(), to).expect("copy");
        }
    }
    for (page, from, to) in edits {
        let p = dir.path().join(page);
        let text = std::fs::read_to_string(&p).expect("page");
        assert!(text.contains(from), "{page} has no {from:?}");
        std::fs::write(&p, text.replacen(from, to, 1)).expect("write");
    }
    dir
}

/// What is reported wrong once `edits` are made to the zoo pages.
fn wrong_after(edits: &[(&str, &str, &str)]) -> Vec<String> {
    let dir = edited_zoo(edits);
    let (report, examples) = examples_of(dir.path());
    assert_eq!(
        examples.matches("#[ignore =").count(),
        report.wrong.len(),
        "{examples}"
    );
    report.wrong
}

#[test]
fn what_cannot_round_trip_stays_wrong() {
    // Days February does not have, in a year that is not a leap year and one that is,
    // and an offset past 23 hours: the runtime's `DateTimeOffset` refuses them.
    assert_eq!(
        wrong_after(&[(
            "api/intune-zoo-animal-list.md",
            r#""opened": "2020-02-29T08:00:00-08:00""#,
            r#""opened": "2021-02-29T08:00:00-08:00""#,
        )]),
        ["api/intune-zoo-animal-list.md:47: $.value[0].kennel.opened should be an RFC 3339 timestamp, found \"2021-02-29T08:00:00-08:00\" (day out of range)"]
    );
    assert_eq!(
        wrong_after(&[(
            "api/intune-zoo-enclosure-get.md",
            r#""opened": null"#,
            r#""opened": "2020-02-30T00:00:00Z""#,
        )]),
        ["api/intune-zoo-enclosure-get.md:47: $.opened should be an RFC 3339 timestamp, found \"2020-02-30T00:00:00Z\" (day out of range)"]
    );
    assert_eq!(
        wrong_after(&[(
            "api/intune-zoo-enclosure-get.md",
            r#""opened": null"#,
            r#""opened": "2016-01-01T00:00:00+24:00""#,
        )]),
        ["api/intune-zoo-enclosure-get.md:47: $.opened should be an RFC 3339 timestamp, found \"2016-01-01T00:00:00+24:00\" (offset out of range)"]
    );
    // A null where no `Option` takes it: an item of a collection, a page's `value`.
    assert_eq!(
        wrong_after(&[(
            "api/intune-zoo-enclosure-get.md",
            r#""residents": ["#,
            r#""residents": [null,"#,
        )]),
        ["api/intune-zoo-enclosure-get.md:47: $.residents[0] is not a JSON object"]
    );
    assert_eq!(
        wrong_after(&[(
            "api/intune-zoo-animal-list.md",
            r#""value": ["#,
            r#""value": null, "more": ["#,
        )]),
        ["api/intune-zoo-animal-list.md:47: `value` is not an array"]
    );
    // An update's `@odata.type` is an `Option`, which does not give a null back, while
    // its properties do (`Patch::Null`).
    assert_eq!(
        wrong_after(&[(
            "api/intune-zoo-animal-update.md",
            r##""@odata.type": "#microsoft.graph.animal",
  "name": null,"##,
            r#""@odata.type": null,
  "name": null,"#,
        )]),
        ["api/intune-zoo-animal-update.md:42: $.@odata.type is null, which an update reads as absent"]
    );
}
