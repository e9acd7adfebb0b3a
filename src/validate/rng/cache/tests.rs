//! Tests of the compiled-schema cache (`cache`), kept beside it so the code reads on its own.

use super::super::Grammar;
use super::super::read::Loader;
use super::*;
use crate::xml::XmlReader;

const TEI_ALL: &str = include_str!("../../../../schemas/tei_all.rng");

/// Serves files from a list (included schemas).
struct Files(Vec<(PathBuf, String)>);

impl Loader for Files {
    fn load(&self, path: &Path) -> Result<String, String> {
        self.0
            .iter()
            .find(|(p, _)| p == path)
            .map(|(_, t)| t.clone())
            .ok_or_else(|| format!("{} not found", path.display()))
    }
}

/// Rendered diagnostics of `doc` under `grammar` (code, span, message).
fn verdicts(grammar: &Grammar, doc: &str) -> Vec<String> {
    let mut reader = XmlReader::new(doc);
    grammar
        .with_engine(|engine| super::super::stream::validate(engine, &mut reader, None))
        .iter()
        .map(|d| format!("{} {:?} {}", d.code, d.span, d.message))
        .collect()
}

fn entry_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|l| l.filter_map(Result::ok).map(|e| e.path()).collect())
        .unwrap_or_default();
    files.sort();
    files
}

const DOCS: &[&str] = &[
    r##"<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader><fileDesc><titleStmt><title>t</title></titleStmt><publicationStmt><p/></publicationStmt><sourceDesc><p/></sourceDesc></fileDesc></teiHeader><text><body><p rend="x" xml:id="a">x <ref target="#a">y</ref></p></body></text></TEI>"##,
    r#"<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader><fileDesc><titleStmt><title>t</title></titleStmt><publicationStmt><date/></publicationStmt><sourceDesc><p/></sourceDesc></fileDesc></teiHeader><text><body><p><foo/></p><date when="not-a-date"/></body></text></TEI>"#,
    r#"<TEI xmlns="http://www.tei-c.org/ns/1.0"><text/></TEI>"#,
];

#[test]
fn a_cached_schema_validates_as_the_compiled_one() {
    let dir = tempfile::tempdir().unwrap();
    let path = Path::new("schemas/tei_all.rng");
    let files = Files(Vec::new());
    let compiled = Grammar::compile_cached(TEI_ALL, path, &files, None).unwrap();
    let first = Grammar::compile_cached(TEI_ALL, path, &files, Some(dir.path())).unwrap();
    assert_eq!(entry_files(dir.path()).len(), 1, "one entry written");
    let key = Key::new(TEI_ALL, path);
    let (store, start) = read(dir.path(), &key, &|_| None).expect("entry reads back");
    // The entry is the grammar compiled when it was written, whole.
    let written = &first.base.store;
    assert!(store.patterns() == written.patterns(), "patterns differ");
    assert!(store.name_classes == written.name_classes);
    assert!(store.elements == written.elements);
    assert_eq!(store.values.len(), written.values.len());
    assert_eq!(store.datatypes.len(), written.datatypes.len());
    assert_eq!(start, first.base.start);
    let cached = Grammar::compile_cached(TEI_ALL, path, &files, Some(dir.path())).unwrap();
    for doc in DOCS {
        let expect = verdicts(&compiled, doc);
        assert_eq!(verdicts(&first, doc), expect);
        assert_eq!(verdicts(&cached, doc), expect);
    }
    assert!(verdicts(&cached, DOCS[0]).is_empty());
    assert!(!verdicts(&cached, DOCS[1]).is_empty());
    // Another location or text is another entry.
    assert!(
        read(
            dir.path(),
            &Key::new(TEI_ALL, Path::new("elsewhere.rng")),
            &|_| None
        )
        .is_none()
    );
}

#[test]
fn a_damaged_entry_is_ignored_and_rewritten() {
    let dir = tempfile::tempdir().unwrap();
    let path = Path::new("tei_all.rng");
    let files = Files(Vec::new());
    let key = Key::new(TEI_ALL, path);
    Grammar::compile_cached(TEI_ALL, path, &files, Some(dir.path())).unwrap();
    let entry = entry_files(dir.path()).remove(0);
    let good = std::fs::read(&entry).unwrap();
    let expect = verdicts(
        &Grammar::compile_cached(TEI_ALL, path, &files, None).unwrap(),
        DOCS[1],
    );
    let mut flipped = good.clone();
    let middle = flipped.len() / 2;
    flipped[middle] ^= 0x55;
    let damaged: Vec<Vec<u8>> = vec![
        good[..good.len() - 1].to_vec(),
        good[..40].to_vec(),
        flipped,
        Vec::new(),
        b"not a cache entry at all".to_vec(),
    ];
    for bytes in damaged {
        std::fs::write(&entry, &bytes).unwrap();
        assert!(read(dir.path(), &key, &|_| None).is_none());
        let grammar = Grammar::compile_cached(TEI_ALL, path, &files, Some(dir.path())).unwrap();
        assert_eq!(verdicts(&grammar, DOCS[1]), expect);
        assert!(
            read(dir.path(), &key, &|_| None).is_some(),
            "a sound entry was written again"
        );
    }
}

#[test]
fn a_changed_included_file_misses_the_cache() {
    let dir = tempfile::tempdir().unwrap();
    let root = r#"<grammar xmlns="http://relaxng.org/ns/structure/1.0"><include href="big.rng"/></grammar>"#;
    let padding = "<!-- padding -->\n".repeat(MIN_CACHED_BYTES / 16);
    let big = |name: &str| {
        format!(
            r#"<grammar xmlns="http://relaxng.org/ns/structure/1.0">{padding}<start><element name="{name}"><empty/></element></start></grammar>"#
        )
    };
    let path = Path::new("/schemas/root.rng");
    let included = PathBuf::from("/schemas/big.rng");
    let before = Files(vec![(included.clone(), big("a"))]);
    let grammar = Grammar::compile_cached(root, path, &before, Some(dir.path())).unwrap();
    assert!(verdicts(&grammar, "<a/>").is_empty());
    let key = Key::new(root, path);
    assert!(read(dir.path(), &key, &|p| before.load(p).ok()).is_some());
    let after = Files(vec![(included, big("b"))]);
    assert!(read(dir.path(), &key, &|p| after.load(p).ok()).is_none());
    let grammar = Grammar::compile_cached(root, path, &after, Some(dir.path())).unwrap();
    assert!(verdicts(&grammar, "<b/>").is_empty());
    assert!(!verdicts(&grammar, "<a/>").is_empty());
    // A small schema is not worth an entry.
    let small = tempfile::tempdir().unwrap();
    let text =
        r#"<element name="s" xmlns="http://relaxng.org/ns/structure/1.0"><empty/></element>"#;
    Grammar::compile_cached(text, Path::new("s.rng"), &after, Some(small.path())).unwrap();
    assert!(entry_files(small.path()).is_empty());
}
