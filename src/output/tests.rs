//! Tests of safe output (`output`), kept beside it so the code reads on its own.

use super::*;

/// The names in `folder`, sorted.
fn entries(folder: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(folder)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    names.sort();
    names
}

#[test]
fn failing_writer_leaves_existing_file_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("out.xml");
    std::fs::write(&path, b"old").unwrap();
    let err = write_atomic_with(&path, |w| {
        w.write_all(b"partial")?;
        Err(io::Error::other("disk full"))
    })
    .unwrap_err();
    assert_eq!(err.to_string(), "disk full");
    assert_eq!(std::fs::read(&path).unwrap(), b"old");
    let leftovers: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
    assert_eq!(leftovers.len(), 1, "temp file removed");
}

#[test]
fn ids_become_safe_distinct_file_stems() {
    let check = |ids: &[&str], expect: &[&str]| {
        assert_eq!(unique_file_stems(ids.iter().copied(), "document"), expect);
    };
    check(
        &["../../x", "/etc/passwd", "a/b"],
        &["x", "etc_passwd", "a_b"],
    );
    check(
        &["", "", "..", "d1"],
        &["document-1", "document-2", "document-3", "d1"],
    );
    check(
        &["d1", "d1", "D1", "d1-2"],
        &["d1", "d1-2", "D1-3", "d1-2-2"],
    );
    check(&["No. 5", "C:\\x", ".hidden"], &["No._5", "C__x", "hidden"]);
    let long = "é".repeat(80);
    assert!(file_stem_of(&long).len() <= 100);
}

#[test]
fn a_folder_is_written_whole_or_not_at_all() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("site");
    let files = vec![("index.html".to_string(), b"a".to_vec())];
    write_dir_atomic(&site, &files, ExistingDir::Replace, &[]).unwrap();
    assert_eq!(std::fs::read(site.join("index.html")).unwrap(), b"a");
    // A name out of the folder is refused before anything is written.
    let bad = vec![("../escape.html".to_string(), b"x".to_vec())];
    assert!(write_dir_atomic(&dir.path().join("other"), &bad, ExistingDir::Replace, &[]).is_err());
    assert!(!dir.path().join("escape.html").exists());
    assert!(!dir.path().join("other").exists());
    // A folder holding files is refused unless merged into.
    assert!(write_dir_atomic(&site, &files, ExistingDir::Replace, &[]).is_err());
    let more = vec![("b.html".to_string(), b"b".to_vec())];
    write_dir_atomic(&site, &more, ExistingDir::Merge, &[]).unwrap();
    assert!(site.join("index.html").exists() && site.join("b.html").exists());
    assert_eq!(entries(dir.path()), ["site"], "no temporary folder left");
}

#[test]
fn a_streamed_folder_appears_only_when_its_producer_succeeds() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("site");
    let old = vec![("index.html".to_string(), b"old".to_vec())];
    write_dir_atomic(&site, &old, ExistingDir::Replace, &[]).unwrap();
    // A producer that fails half-way: the old folder stands, untouched,
    // and no temporary folder is left.
    let failed = write_dir_atomic_with(&site, ExistingDir::Merge, &[], |write| {
        write("index.html", b"new")?;
        write("a.html", b"a")?;
        Err(io::Error::other("the renderer failed"))
    });
    assert!(failed.is_err());
    assert_eq!(std::fs::read(site.join("index.html")).unwrap(), b"old");
    assert!(!site.join("a.html").exists());
    // A name out of the folder or an input is refused while producing.
    let input = dir.path().join("site/index.html");
    let refused = write_dir_atomic_with(&site, ExistingDir::Merge, &[input], |write| {
        write("index.html", b"new")
    });
    assert!(refused.is_err());
    let other = dir.path().join("other");
    assert!(
        write_dir_atomic_with(&other, ExistingDir::Replace, &[], |write| write(
            "../escape.html",
            b"x"
        ))
        .is_err()
    );
    assert!(!other.exists() && !dir.path().join("escape.html").exists());
    // Written from several threads, counted once each.
    let fresh = dir.path().join("fresh");
    let count = write_dir_atomic_with(&fresh, ExistingDir::Replace, &[], |write| {
        (0..50)
            .into_par_iter()
            .try_for_each(|i| write(&format!("d{i}.html"), b"page"))
    })
    .unwrap();
    assert_eq!(count, 50);
    assert_eq!(std::fs::read_dir(&fresh).unwrap().count(), 50);
    let names: Vec<_> = entries(dir.path())
        .into_iter()
        .filter(|n| n.starts_with(".teikit-"))
        .collect();
    assert!(names.is_empty(), "temporary folders left: {names:?}");
}

/// Files are created inside the temporary folder by name (`NewFiles`): a
/// nested name gets its folder, and a name written twice holds the second
/// contents only (truncated, as `File::create` does), not a mix of both.
#[test]
fn streamed_files_are_made_in_their_folder_and_replaced_whole() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("site");
    let count = write_dir_atomic_with(&site, ExistingDir::Replace, &[], |write| {
        write("page.html", b"a longer first version")?;
        write("page.html", b"short")?;
        write("assets/style.css", b"body {}")
    })
    .unwrap();
    assert_eq!(count, 2, "a name written twice is one file");
    assert_eq!(std::fs::read(site.join("page.html")).unwrap(), b"short");
    assert_eq!(
        std::fs::read(site.join("assets/style.css")).unwrap(),
        b"body {}"
    );
    assert_eq!(
        entries(dir.path()),
        ["site"],
        "nothing written beside the folder"
    );
}

/// A folder of more files than start an early sync: every file is there,
/// and the background sync ends with the producer, whether it succeeds or
/// fails after an early sync has run (the export neither hangs nor leaves
/// a temporary folder).
#[test]
fn a_large_streamed_folder_is_synced_early_and_whole() {
    let dir = tempfile::tempdir().unwrap();
    let many = 2 * super::EARLY_SYNC_FILES + 7;
    let site = dir.path().join("site");
    let count = write_dir_atomic_with(&site, ExistingDir::Replace, &[], |write| {
        (0..many)
            .into_par_iter()
            .try_for_each(|i| write(&format!("d{i}.html"), format!("page {i}").as_bytes()))
    })
    .unwrap();
    assert_eq!(count, many);
    assert_eq!(std::fs::read_dir(&site).unwrap().count(), many);
    assert_eq!(
        std::fs::read(site.join("d4100.html")).unwrap(),
        b"page 4100"
    );
    let failed = dir.path().join("failed");
    let result = write_dir_atomic_with(&failed, ExistingDir::Replace, &[], |write| {
        for i in 0..many {
            write(&format!("d{i}.html"), b"page")?;
        }
        Err(io::Error::other("the renderer failed"))
    });
    assert!(result.is_err());
    assert!(!failed.exists());
    assert_eq!(entries(dir.path()), ["site"], "temporary folders left");
}

#[test]
fn an_input_is_the_same_file_through_a_link() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("s.txt");
    std::fs::write(&input, b"x").unwrap();
    let inputs = vec![input.clone()];
    assert!(input_overwritten_by(&inputs, &input).is_some());
    assert!(input_overwritten_by(&inputs, &dir.path().join(".").join("s.txt")).is_some());
    #[cfg(unix)]
    {
        let link = dir.path().join("link.txt");
        std::os::unix::fs::symlink(&input, &link).unwrap();
        assert!(input_overwritten_by(&inputs, &link).is_some());
        let hard = dir.path().join("hard.txt");
        std::fs::hard_link(&input, &hard).unwrap();
        assert!(input_overwritten_by(&inputs, &hard).is_some());
    }
    assert!(input_overwritten_by(&inputs, &dir.path().join("new.txt")).is_none());
}

#[test]
fn a_streamed_folder_never_overwrites_an_input() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("edition.xml");
    std::fs::write(&input, b"input").unwrap();
    let inputs = vec![input.clone()];
    let write_page = |site: &Path, before: &dyn Fn()| {
        write_dir_atomic_with(site, ExistingDir::Merge, &inputs, |write| {
            before();
            write("index.html", b"page")
        })
    };
    // A folder holding the input (here a hard link to it) at the start:
    // the file that would replace it is refused as it is written.
    let site = dir.path().join("site");
    std::fs::create_dir(&site).unwrap();
    std::fs::hard_link(&input, site.join("index.html")).unwrap();
    assert!(write_page(&site, &|| ()).is_err());
    assert_eq!(std::fs::read(&input).unwrap(), b"input");
    // A folder that appears, holding the input, while the site is made:
    // refused before anything is moved into it.
    let late = dir.path().join("late");
    let err = write_page(&late, &|| {
        std::fs::create_dir(&late).unwrap();
        std::fs::hard_link(&input, late.join("index.html")).unwrap();
    })
    .unwrap_err();
    assert!(err.to_string().contains("the input"), "{err}");
    assert_eq!(std::fs::read(&input).unwrap(), b"input");
    // Without the input in the way the site is written.
    let fresh = dir.path().join("fresh");
    assert_eq!(write_page(&fresh, &|| ()).unwrap(), 1);
    assert_eq!(std::fs::read(fresh.join("index.html")).unwrap(), b"page");
}

#[test]
fn missing_directory_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("missing").join("out.xml");
    assert!(write_atomic(&path, b"x").is_err());
    assert!(!path.exists());
}
