//! The real-source corpus: every file converts with no config, every output is
//! valid TEI, and no family's count of exact fields falls below what the
//! layout model reached. The corpus and its scorer live outside the project
//! (`TEIKIT_CORPUS`, default `../shared/corpus`); without them the test says
//! SKIPPED, and fails when `CI` is set.

use std::path::PathBuf;
use std::process::Command;

use crate::support;

/// Exact fields per family the reader reached (the floor; raise it when the
/// reader improves).
const FLOORS: &[(&str, u64)] = &[
    ("barsegov", 55),
    ("frus", 94),
    ("marxists", 47),
    ("other", 63),
    ("russian", 33),
    ("wilson", 32),
];

fn corpus() -> PathBuf {
    std::env::var_os("TEIKIT_CORPUS").map_or_else(
        || PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus"),
        PathBuf::from,
    )
}

#[test]
fn corpus_stays_at_or_above_its_floors() {
    let dir = corpus();
    let script = dir.join("score.py");
    let test = support::test_name();
    let corpus_there = dir.join("answers.json").is_file() && script.is_file();
    let what = format!("the corpus (answers.json, score.py) in {}", dir.display());
    if !support::require(&test, &what, corpus_there)
        || !support::tool_installed(&test, "python3", &["--version"])
    {
        return;
    }
    let mut args = vec![
        script.display().to_string(),
        "--bin".into(),
        env!("CARGO_BIN_EXE_teikit").into(),
        "--json".into(),
    ];
    let schema = dir.join("../schemas/tei_all.rng");
    // Without jing or the schema the outputs are not validated: SKIPPED
    // (a failure under CI), the scores still checked.
    let schema_there = support::require(&test, "tei_all.rng beside the corpus", schema.is_file());
    if support::tool_installed(&test, "jing", &["-h"]) && schema_there {
        args.push("--schema".into());
        args.push(schema.display().to_string());
    }
    let out = Command::new("python3")
        .args(&args)
        .output()
        .expect("run score.py");
    assert!(
        out.status.success(),
        "score.py failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let figures: serde_json::Value = serde_json::from_slice(&out.stdout).expect("score.py --json");
    for list in ["failed", "crashed", "invalid"] {
        let items = figures[list].as_array().expect("a list");
        assert!(items.is_empty(), "{list}: {items:?}");
    }
    let mut below = Vec::new();
    for (family, floor) in FLOORS {
        let exact = figures["families"][family]["exact"]
            .as_u64()
            .unwrap_or_else(|| panic!("family {family} in the scores"));
        if exact < *floor {
            below.push(format!("{family}: {exact} < {floor}"));
        }
    }
    assert!(below.is_empty(), "families below their floor: {below:?}");
}
