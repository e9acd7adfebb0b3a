//! Atomic output: write to a temporary file beside the target, then rename.
//!
//! An error at any point (disk full, permission denied, a failing writer) leaves
//! no half-written file, and an existing file at the path is left untouched.

use std::io::{self, Write};
use std::path::Path;

/// Writes `bytes` to `path` atomically. `-` means standard output.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> io::Result<()> {
    write_atomic_with(path, |w| w.write_all(bytes))
}

/// Writes what `fill` produces to `path` atomically; `fill` may fail half-way.
pub fn write_atomic_with(
    path: &Path,
    fill: impl FnOnce(&mut dyn Write) -> io::Result<()>,
) -> io::Result<()> {
    if path.as_os_str() == "-" {
        let stdout = io::stdout();
        let mut lock = stdout.lock();
        return match fill(&mut lock).and_then(|_| lock.flush()) {
            Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Ok(()),
            other => other,
        };
    }
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let mut temp = tempfile::Builder::new()
        .prefix(".teikit-")
        .suffix(".tmp")
        .tempfile_in(dir)?;
    fill(temp.as_file_mut())?;
    temp.as_file_mut().flush()?;
    temp.as_file()
        .set_permissions(permissions_for(path, temp.as_file())?)?;
    temp.as_file().sync_all()?;
    temp.persist(path).map_err(|e| e.error)?;
    Ok(())
}

/// The permissions an existing file has, else those of a new file (`rw-r--r--`
/// on Unix): the temp file starts private, the result must not.
fn permissions_for(path: &Path, temp: &std::fs::File) -> io::Result<std::fs::Permissions> {
    if let Ok(meta) = std::fs::metadata(path) {
        return Ok(meta.permissions());
    }
    #[allow(unused_mut)]
    let mut permissions = temp.metadata()?.permissions();
    #[cfg(unix)]
    std::os::unix::fs::PermissionsExt::set_mode(&mut permissions, 0o644);
    Ok(permissions)
}

#[cfg(test)]
mod tests {
    use super::*;

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

    #[cfg(unix)]
    #[test]
    fn new_files_are_readable_and_existing_modes_kept() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("new.xml");
        write_atomic(&path, b"x").unwrap();
        assert_eq!(
            std::fs::metadata(&path).unwrap().permissions().mode() & 0o777,
            0o644
        );
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).unwrap();
        write_atomic(&path, b"y").unwrap();
        assert_eq!(
            std::fs::metadata(&path).unwrap().permissions().mode() & 0o777,
            0o600
        );
    }

    #[test]
    fn missing_directory_is_an_error() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("missing").join("out.xml");
        assert!(write_atomic(&path, b"x").is_err());
        assert!(!path.exists());
    }
}
