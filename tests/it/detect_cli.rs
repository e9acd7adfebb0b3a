//! `teikit detect` on small invented sources of three edition families: the
//! preset chosen, every preset's evidence and the layout reading of each line.

use std::process::Command;

fn detect(name: &str) -> String {
    let path = format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
    let out = Command::new(env!("CARGO_BIN_EXE_teikit"))
        .args(["detect", &path, "--lines"])
        .output()
        .expect("run teikit");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("UTF-8")
}

#[test]
fn detect_frus() {
    let out = detect("detect-frus.txt");
    assert!(out.starts_with("preset: frus"), "{out}");
    insta::assert_snapshot!("detect_frus", out);
}

#[test]
fn detect_russian_archival() {
    let out = detect("detect-russian.txt");
    assert!(out.starts_with("preset: russian-archival"), "{out}");
    insta::assert_snapshot!("detect_russian", out);
}

#[test]
fn detect_collected_works() {
    let out = detect("detect-collected.txt");
    assert!(out.starts_with("preset: collected-works"), "{out}");
    insta::assert_snapshot!("detect_collected", out);
}

#[test]
fn init_writes_a_config_that_convert_accepts() {
    let dir = tempfile::tempdir().expect("temp dir");
    let source = format!(
        "{}/tests/fixtures/detect-frus.txt",
        env!("CARGO_MANIFEST_DIR")
    );
    let config = dir.path().join("edition.toml");
    let out = Command::new(env!("CARGO_BIN_EXE_teikit"))
        .args(["init", &source, "-o"])
        .arg(&config)
        .output()
        .expect("run teikit");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = std::fs::read_to_string(&config).expect("config written");
    assert!(text.contains("# Detected preset: frus"), "{text}");
    let tei = dir.path().join("out.xml");
    let out = Command::new(env!("CARGO_BIN_EXE_teikit"))
        .args(["convert", &source, "--config"])
        .arg(&config)
        .arg("-o")
        .arg(&tei)
        .output()
        .expect("run teikit");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}
