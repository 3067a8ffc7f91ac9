//! Bad input gets a diagnostic naming file:line and what was expected, never a panic;
//! `graphgen check` exits 1 on errors.

use std::path::Path;
use std::process::Command;

const GOOD_ENUM: &str = "---\ndoc_type: enumPageType\n---\n# colour enum type\n\n## Members\n|Member|Value|Description|\n|:---|:---|:---|\n|red|0|Red.|\n";

fn write(dir: &Path, rel: &str, text: &str) {
    let p = dir.join(rel);
    std::fs::create_dir_all(p.parent().expect("parent")).expect("mkdir");
    std::fs::write(p, text).expect("write");
}

fn diags_for(pages: &[(&str, &str)]) -> Vec<String> {
    let dir = tempfile::tempdir().expect("tempdir");
    for (rel, text) in pages {
        write(dir.path(), rel, text);
    }
    let (_, diags) = graphgen::load(dir.path()).expect("load");
    diags.sorted().iter().map(|d| d.to_string()).collect()
}

fn assert_has(diags: &[String], needle: &str) {
    assert!(
        diags.iter().any(|d| d.contains(needle)),
        "no diagnostic containing {needle:?} in {diags:#?}"
    );
}

#[test]
fn missing_response_section() {
    let page = "---\ndoc_type: apiPageType\n---\n# Get thing\n\n## HTTP Request\n``` http\nGET /things/{thingId}\n```\n\n## Request body\nDo not supply a request body for this method.\n";
    let d = diags_for(&[("api/get.md", page)]);
    assert_has(
        &d,
        "api/get.md:4: error[missing-section]: expected a `## Response` section",
    );
}

#[test]
fn malformed_table_rows() {
    let page = "---\ndoc_type: resourcePageType\n---\n# thing resource type\n\n## Properties\n|Property|Type|Description|\n|:---|:---|:---|\n|**Group**|\n|name|String|A (*.a|*.b) pipe.|\n|9 bad name|String|x|\n|long|String|First line\nsecond line.|\n";
    let d = diags_for(&[("resources/thing.md", page)]);
    assert_has(&d, "resources/thing.md:9: warning[group-row]");
    assert_has(&d, "resources/thing.md:13: warning[continued-row]");
    assert_has(
        &d,
        "resources/thing.md:10: warning[malformed-row]: row has 4 cells but the header has 3",
    );
    assert_has(
        &d,
        "resources/thing.md:11: warning[malformed-row]: expected a property name in the first cell",
    );
}

#[test]
fn unknown_type_and_dead_link() {
    let page = "---\ndoc_type: resourcePageType\n---\n# thing resource type\n\n## Properties\n|Property|Type|Description|\n|:---|:---|:---|\n|a|** Unknown Type `x.y` ** collection|x|\n|b|[colour](../resources/nowhere.md)|x|\n|c|[shade](../resources/shade.md)|x|\n|d|String or number|x|\n";
    let d = diags_for(&[
        ("resources/thing.md", page),
        ("resources/colour.md", GOOD_ENUM),
    ]);
    assert_has(&d, "resources/thing.md:9: warning[unknown-type-cell]");
    assert_has(&d, "resources/thing.md:10: warning[dead-link]: link `../resources/nowhere.md` leads to no page");
    assert_has(&d, "resources/thing.md:11: warning[dead-link]");
    assert_has(
        &d,
        "resources/thing.md:11: warning[unresolved-type]: type `shade` is defined by no page",
    );
    assert_has(&d, "resources/thing.md:12: warning[unknown-type-cell]: cannot read type cell `String or number`");
}

#[test]
fn error_message_instead_of_a_path() {
    let page = "---\ndoc_type: apiPageType\n---\n# Create thing\n\n## HTTP Request\n``` http\nPOST ** Collection URI for thing not found\nPOST /things\n```\n\n## Request body\nDo not supply a request body for this method.\n\n## Response\nIf successful, this method returns a `201 Created` response code and a [thing](../resources/thing.md) object in the response body.\n";
    let d = diags_for(&[("api/create.md", page)]);
    assert_has(
        &d,
        "api/create.md:8: error[bad-http-line]: expected a path (`/a/{id}/b`",
    );
    assert_has(&d, "api/create.md:16: warning[dead-link]");
}

#[test]
fn empty_and_garbage_pages_do_not_panic() {
    let garbage = "---\ndoc_type: apiPageType\n---\n|||\n|-|\n``` http\n\n```\n<!-- { not json -->\n# \n## HTTP Request\n";
    let d = diags_for(&[
        ("api/empty.md", ""),
        ("api/garbage.md", garbage),
        (
            "resources/none.md",
            "---\ndoc_type: resourcePageType\n---\n",
        ),
        (
            "resources/e.md",
            "---\ndoc_type: enumPageType\n---\n# e enum type\n",
        ),
    ]);
    assert_has(&d, "api/garbage.md");
    assert_has(&d, "resources/none.md:1: error[missing-title]");
    assert_has(
        &d,
        "resources/e.md:4: error[missing-section]: expected a `## Members` section",
    );
}

#[test]
fn check_command_prints_diagnostics_and_fails_on_errors() {
    let dir = tempfile::tempdir().expect("tempdir");
    write(
        dir.path(),
        "resources/e.md",
        "---\ndoc_type: enumPageType\n---\n# e enum type\n",
    );
    let out = Command::new(env!("CARGO_BIN_EXE_graphgen"))
        .arg("check")
        .arg(dir.path())
        .output()
        .expect("run graphgen");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{stdout}");
    assert!(
        stdout.contains("resources/e.md:4: error[missing-section]"),
        "{stdout}"
    );
    for line in [
        "  unresolved links: 0",
        "  case-mismatched links: 0",
        "  unknown type cells: 0",
        "  malformed rows: 0",
        "  pages it could not classify: 0",
        "  malformed tables and sections: 1",
    ] {
        assert!(
            stdout.lines().any(|l| l == line),
            "no {line:?} in\n{stdout}"
        );
    }
    let out = Command::new(env!("CARGO_BIN_EXE_graphgen"))
        .args(["check", "--format", "json"])
        .arg(dir.path())
        .output()
        .expect("run graphgen");
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON summary");
    assert_eq!(v["summary"]["malformed tables and sections"], 1, "{v}");
    assert_eq!(v["diagnostics"][0]["line"], 4, "{v}");

    write(dir.path(), "resources/e.md", GOOD_ENUM);
    let out = Command::new(env!("CARGO_BIN_EXE_graphgen"))
        .arg("check")
        .arg(dir.path())
        .output()
        .expect("run graphgen");
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
}

#[test]
fn inline_value_list_that_disagrees_with_the_enum_page() {
    let page = "---\ndoc_type: resourcePageType\n---\n# thing resource type\n\n## Properties\n|Property|Type|Description|\n|:---|:---|:---|\n|c|[colour](../resources/colour.md)|Possible values are: `red`, `blue`.|\n";
    let d = diags_for(&[
        ("resources/thing.md", page),
        ("resources/colour.md", GOOD_ENUM),
    ]);
    assert_has(
        &d,
        "resources/thing.md:9: warning[enum-list-mismatch]: `c` lists `blue` as possible values",
    );
}
