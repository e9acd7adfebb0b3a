//! Safe output: atomic writes (a temporary file or folder beside the target,
//! then a rename), temporaries removed on SIGINT/SIGTERM, an output that is an
//! input refused, and file names made from ids kept inside their folder.
//!
//! An error at any point (disk full, permission denied, a failing writer) leaves
//! no half-written file, and an existing file at the path is left untouched.

use rayon::prelude::*;
use std::collections::BTreeSet;
use std::io::{self, Write};
use std::path::{Component, Path, PathBuf};
use std::sync::{Mutex, Once};

/// Temporary files and folders being written now; the signal handler removes them.
static LIVE_TEMPORARIES: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

/// Installs (once) the SIGINT/SIGTERM handler that removes every temporary
/// still being written, then exits with 130 as a shell does on Ctrl-C.
pub fn remove_temporaries_on_signal() {
    static INSTALL: Once = Once::new();
    INSTALL.call_once(|| {
        // An error means a handler exists already (a host program's): keep it.
        let _ = ctrlc::set_handler(|| {
            let live = match LIVE_TEMPORARIES.lock() {
                Ok(guard) => guard.clone(),
                Err(poisoned) => poisoned.into_inner().clone(),
            };
            for path in live {
                if path.is_dir() {
                    let _ = std::fs::remove_dir_all(&path);
                } else {
                    let _ = std::fs::remove_file(&path);
                }
            }
            std::process::exit(130);
        });
    });
}

/// A temporary path registered for removal on a signal while it lives.
struct Registered(PathBuf);

impl Registered {
    fn new(path: &Path) -> Self {
        if let Ok(mut live) = LIVE_TEMPORARIES.lock() {
            live.push(path.to_path_buf());
        }
        Registered(path.to_path_buf())
    }
}

impl Drop for Registered {
    fn drop(&mut self) {
        if let Ok(mut live) = LIVE_TEMPORARIES.lock()
            && let Some(i) = live.iter().position(|p| *p == self.0)
        {
            live.swap_remove(i);
        }
    }
}

/// True when `a` and `b` name one file: the same path, a symbolic link to it,
/// or a hard link (same device and inode). A path that does not exist is no file.
/// Compared by metadata only: opening a FIFO to compare it would block.
pub fn is_same_file(a: &Path, b: &Path) -> bool {
    if a.as_os_str() == "-" || b.as_os_str() == "-" {
        return false;
    }
    let (Ok(ma), Ok(mb)) = (std::fs::metadata(a), std::fs::metadata(b)) else {
        return false;
    };
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        ma.dev() == mb.dev() && ma.ino() == mb.ino()
    }
    #[cfg(not(unix))]
    {
        let _ = (ma, mb);
        matches!((std::fs::canonicalize(a), std::fs::canonicalize(b)), (Ok(x), Ok(y)) if x == y)
    }
}

/// The first input that `output` would overwrite.
pub fn input_overwritten_by<'a>(inputs: &'a [PathBuf], output: &Path) -> Option<&'a PathBuf> {
    inputs.iter().find(|input| is_same_file(input, output))
}

/// A file name made from an id: only the id's letters, digits and `-_.`, no
/// leading dot, at most 100 bytes; never a path (`../../x`, `/etc/x`). Empty
/// when nothing of the id is usable.
pub fn file_stem_of(id: &str) -> String {
    let mut stem = String::new();
    for c in id.chars() {
        let keep = c.is_alphanumeric() || matches!(c, '-' | '_' | '.');
        let c = if keep { c } else { '_' };
        if stem.len() + c.len_utf8() > 100 {
            break;
        }
        stem.push(c);
    }
    let trimmed = stem.trim_start_matches(['.', '_']).trim_end_matches('.');
    if trimmed.chars().all(|c| c == '_') {
        return String::new();
    }
    trimmed.to_string()
}

/// File stems for `ids` in order, each safe ([`file_stem_of`]) and distinct
/// (compared case-blind, as on macOS and Windows): an empty or unusable id
/// becomes `fallback-N` (N its 1-based position), a repeated one gets `-2`, `-3`.
pub fn unique_file_stems<'a>(
    ids: impl IntoIterator<Item = &'a str>,
    fallback: &str,
) -> Vec<String> {
    let mut used = BTreeSet::new();
    let mut out = Vec::new();
    for (i, id) in ids.into_iter().enumerate() {
        let mut base = file_stem_of(id);
        if base.is_empty() {
            base = format!("{fallback}-{}", i + 1);
        }
        let mut stem = base.clone();
        let mut n = 2;
        while !used.insert(stem.to_lowercase()) {
            stem = format!("{base}-{n}");
            n += 1;
        }
        out.push(stem);
    }
    out
}

/// A relative path of plain names only (no `..`, no root, no prefix): what an
/// exporter may name a file inside its output folder.
fn is_plain_relative(name: &str) -> bool {
    let path = Path::new(name);
    !name.is_empty() && path.components().all(|c| matches!(c, Component::Normal(_)))
}

/// How [`write_dir_atomic`] treats a folder that exists and holds files.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExistingDir {
    /// Refuse it (the caller checked it is empty, or it does not exist).
    Replace,
    /// Move the new files into it, one atomic rename each.
    Merge,
}

/// Writes `files` (relative names, contents) as the folder `dir`: first into a
/// temporary folder beside it, then renamed into place, so a failure leaves the
/// old folder or nothing. With [`ExistingDir::Merge`] and a folder that holds
/// files, each file is renamed into it. `inputs` are never overwritten: a file
/// that is one of them is refused before anything moves.
pub fn write_dir_atomic(
    dir: &Path,
    files: &[(String, Vec<u8>)],
    existing: ExistingDir,
    inputs: &[PathBuf],
) -> io::Result<()> {
    // Every name checked before any file is written.
    let checked = InputFiles::new(inputs);
    for (name, _) in files {
        checked.check_name(dir, name)?;
    }
    write_dir_atomic_with(dir, existing, inputs, |write| {
        // Files written in parallel: a site of thousands of pages.
        files
            .par_iter()
            .try_for_each(|(name, bytes)| write(name, bytes))
    })
    .map(|_| ())
}

/// The writer [`write_dir_atomic_with`] hands its producer: a relative file
/// name and its contents; callable from several threads at once.
pub type FileWriter<'w> = dyn Fn(&str, &[u8]) -> io::Result<()> + Sync + 'w;

/// As [`write_dir_atomic`], for files produced while they are written:
/// `produce` calls the writer once per file (from any thread), so a large
/// site never holds every page in memory. The folder appears whole when
/// `produce` returns `Ok`, or not at all; returns the number of files.
pub fn write_dir_atomic_with(
    dir: &Path,
    existing: ExistingDir,
    inputs: &[PathBuf],
    produce: impl FnOnce(&FileWriter) -> io::Result<()>,
) -> io::Result<usize> {
    let parent = match dir.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    std::fs::create_dir_all(parent)?;
    let temp = tempfile::Builder::new()
        .prefix(".teikit-")
        .suffix(".tmp")
        .tempdir_in(parent)?;
    let _registered = Registered::new(temp.path());
    let written: Mutex<Vec<String>> = Mutex::new(Vec::new());
    // The inputs' identities read once, not once per written file. A folder
    // that does not exist yet holds no input: its files are not looked up one
    // by one (a failing `stat` each); should it appear meanwhile, the names
    // are checked before any is moved into it (below).
    let mut inputs = InputFiles::new(inputs);
    let dir_was_missing = std::fs::symlink_metadata(dir).is_err();
    if dir_was_missing {
        inputs.unchecked = true;
    }
    let early_sync = EarlySync::default();
    let folder = NewFiles::open(temp.path())?;
    let write = |name: &str, bytes: &[u8]| -> io::Result<()> {
        inputs.check_name(dir, name)?;
        // Only a nested name needs its folder made: asking for every file's
        // folder cost a failing mkdir and three stats per file.
        if name.contains(['/', '\\'])
            && let Some(sub) = temp.path().join(name).parent()
        {
            std::fs::create_dir_all(sub)?;
        }
        // Not synced one by one: an fsync per file was most of a large site's
        // export time (see the sync pass below).
        let mut file = folder.create(name)?;
        file.write_all(bytes)?;
        written
            .lock()
            .map_err(|_| io::Error::other("a writer thread panicked"))?
            .push(name.to_string());
        early_sync.wrote(bytes.len());
        Ok(())
    };
    std::thread::scope(|scope| {
        scope.spawn(|| early_sync.run(&folder));
        let produced = produce(&write);
        early_sync.stop();
        produced
    })?;
    let mut names = written
        .into_inner()
        .map_err(|_| io::Error::other("a writer thread panicked"))?;
    names.sort_unstable();
    names.dedup();
    set_folder_permissions(temp.path())?;
    // One sync pass before anything is renamed. Atomicity comes from the rename
    // alone (the old folder or the new one, never a mix); the sync only makes
    // the new files' contents durable before a name publishes them, so that a
    // crash after the rename cannot leave empty pages. Nothing is visible
    // under `dir` before the rename, so the files need not be durable one at a
    // time, only all of them before it: one pass gives the same guarantee.
    folder.sync(&names)?;
    let holds_files = std::fs::read_dir(dir).is_ok_and(|mut e| e.next().is_some());
    if !holds_files {
        // An empty folder is replaced whole; a missing one is created by the rename.
        if dir.is_dir() {
            std::fs::remove_dir(dir)?;
        }
        let path = temp.keep();
        std::fs::rename(&path, dir).inspect_err(|_| {
            let _ = std::fs::remove_dir_all(&path);
        })?;
        sync_folder(parent)?;
        return Ok(names.len());
    }
    if existing == ExistingDir::Replace {
        return Err(io::Error::other(format!(
            "{} already holds files",
            dir.display()
        )));
    }
    if dir_was_missing {
        // The folder was made during the export: every name is checked
        // against the inputs before any file is moved into it.
        inputs.unchecked = false;
        for name in &names {
            inputs.check_name(dir, name)?;
        }
    }
    for name in &names {
        let target = dir.join(name);
        if let Some(sub) = target.parent() {
            std::fs::create_dir_all(sub)?;
        }
        std::fs::rename(temp.path().join(name), &target)?;
    }
    sync_folder(dir)?;
    Ok(names.len())
}

/// The temporary folder of [`write_dir_atomic_with`], open while its files
/// are made and synced. On Linux each file is created relative to the
/// folder's handle (`openat`): the kernel then looks up one name, not every
/// folder of the output path again, for each of a site's thousands of
/// files; the same handle names the file system to sync.
struct NewFiles {
    #[cfg(target_os = "linux")]
    handle: std::fs::File,
    #[cfg(not(target_os = "linux"))]
    path: PathBuf,
}

impl NewFiles {
    fn open(path: &Path) -> io::Result<Self> {
        #[cfg(target_os = "linux")]
        return Ok(NewFiles {
            handle: std::fs::File::open(path)?,
        });
        #[cfg(not(target_os = "linux"))]
        Ok(NewFiles {
            path: path.to_path_buf(),
        })
    }

    /// Creates (or truncates) the file `name`, relative to the folder, for
    /// writing, as `File::create` does.
    fn create(&self, name: &str) -> io::Result<std::fs::File> {
        #[cfg(target_os = "linux")]
        {
            use std::os::fd::{AsRawFd, FromRawFd};
            let name = std::ffi::CString::new(name).map_err(|_| {
                io::Error::other(format!("refusing to write {name:?}: NUL in the name"))
            })?;
            // SAFETY: `name` is a NUL-terminated string that outlives the
            // call, and `handle` keeps the folder's descriptor open.
            let fd = unsafe {
                libc::openat(
                    self.handle.as_raw_fd(),
                    name.as_ptr(),
                    libc::O_WRONLY | libc::O_CREAT | libc::O_TRUNC | libc::O_CLOEXEC,
                    0o666 as libc::c_uint,
                )
            };
            if fd < 0 {
                return Err(io::Error::last_os_error());
            }
            // SAFETY: `fd` was just opened and is owned by nothing else.
            Ok(unsafe { std::fs::File::from_raw_fd(fd) })
        }
        #[cfg(not(target_os = "linux"))]
        std::fs::File::create(self.path.join(name))
    }

    /// Makes the written `files` durable. On Linux one `syncfs` of the
    /// folder's file system flushes them all (one journal commit instead of
    /// one per file; it also flushes what other programs left dirty on that
    /// file system, which costs the same pass, not one per file); elsewhere
    /// each file is synced, in parallel.
    fn sync(&self, files: &[String]) -> io::Result<()> {
        #[cfg(target_os = "linux")]
        {
            let _ = files;
            self.sync_file_system()
        }
        #[cfg(not(target_os = "linux"))]
        files
            .par_iter()
            .try_for_each(|name| std::fs::File::open(self.path.join(name))?.sync_all())
    }

    /// `syncfs` of the folder's file system.
    #[cfg(target_os = "linux")]
    fn sync_file_system(&self) -> io::Result<()> {
        use std::os::fd::AsRawFd;
        // SAFETY: `syncfs` reads only the descriptor, which `handle` keeps
        // open for the duration of the call.
        if unsafe { libc::syncfs(self.handle.as_raw_fd()) } != 0 {
            return Err(io::Error::last_os_error());
        }
        Ok(())
    }
}

/// The inputs of an export with their file identities (device and inode),
/// read once: checking each of a site's thousands of files against them then
/// costs one `stat` of the file, not one of every input as well.
struct InputFiles<'a> {
    paths: &'a [PathBuf],
    /// Set while the target folder is known not to exist: no file in it can
    /// be an input, so [`InputFiles::holds`] looks nothing up.
    unchecked: bool,
    #[cfg(unix)]
    identities: Vec<(u64, u64)>,
}

impl<'a> InputFiles<'a> {
    fn new(paths: &'a [PathBuf]) -> Self {
        #[cfg(unix)]
        {
            use std::os::unix::fs::MetadataExt;
            // As in `is_same_file`: `-` and a path that does not exist are no file.
            let identities = paths
                .iter()
                .filter(|p| p.as_os_str() != "-")
                .filter_map(|p| std::fs::metadata(p).ok())
                .map(|m| (m.dev(), m.ino()))
                .collect();
            InputFiles {
                paths,
                unchecked: false,
                identities,
            }
        }
        #[cfg(not(unix))]
        InputFiles {
            paths,
            unchecked: false,
        }
    }

    /// True when `target` names one of the inputs (see [`is_same_file`]).
    fn holds(&self, target: &Path) -> bool {
        if self.unchecked {
            return false;
        }
        #[cfg(unix)]
        {
            use std::os::unix::fs::MetadataExt;
            if self.identities.is_empty() {
                return false;
            }
            let _ = self.paths;
            std::fs::metadata(target).is_ok_and(|m| self.identities.contains(&(m.dev(), m.ino())))
        }
        #[cfg(not(unix))]
        input_overwritten_by(self.paths, target).is_some()
    }

    /// A name an exporter may write inside `dir`: plain and relative, and not
    /// one of the inputs.
    fn check_name(&self, dir: &Path, name: &str) -> io::Result<()> {
        if !is_plain_relative(name) {
            return Err(io::Error::other(format!(
                "refusing to write {name:?}: not a plain file name inside {}",
                dir.display()
            )));
        }
        let target = dir.join(name);
        if self.holds(&target) {
            return Err(io::Error::other(format!(
                "refusing to overwrite the input {}",
                target.display()
            )));
        }
        Ok(())
    }
}

/// Syncs the file system of a folder being written now and then while the
/// files are made, so that the kernel writes them to disk beside the export
/// rather than all in the one sync pass at the end, while the export waits
/// (130–440 ms for a site of 14,903 files on ext4). Only a head start: the
/// sync pass ([`NewFiles::sync`]) still makes every file durable.
#[derive(Default)]
struct EarlySync {
    state: Mutex<Written>,
    changed: std::sync::Condvar,
}

/// What [`EarlySync`] knows of the files written.
#[derive(Default)]
struct Written {
    files: usize,
    bytes: usize,
    /// The last file is written.
    done: bool,
}

/// How many new files, or new bytes, make an early sync worth it. Bytes
/// too: the last files of a site (its search index, some megabytes) would
/// otherwise all wait for the final pass.
const EARLY_SYNC_FILES: usize = 2048;
const EARLY_SYNC_BYTES: usize = 8 << 20;

impl EarlySync {
    fn wrote(&self, bytes: usize) {
        if let Ok(mut state) = self.state.lock() {
            let before = (
                state.files / EARLY_SYNC_FILES,
                state.bytes / EARLY_SYNC_BYTES,
            );
            state.files += 1;
            state.bytes += bytes;
            if (
                state.files / EARLY_SYNC_FILES,
                state.bytes / EARLY_SYNC_BYTES,
            ) != before
            {
                self.changed.notify_one();
            }
        }
    }

    fn stop(&self) {
        if let Ok(mut state) = self.state.lock() {
            state.done = true;
        }
        self.changed.notify_one();
    }

    /// Syncs `folder`'s file system each time enough new files are written,
    /// until [`EarlySync::stop`].
    fn run(&self, folder: &NewFiles) {
        #[cfg(target_os = "linux")]
        {
            let (mut files, mut bytes) = (0, 0);
            loop {
                let Ok(state) = self.state.lock() else {
                    return;
                };
                let Ok(state) = self.changed.wait_while(state, |w| {
                    !w.done
                        && w.files < files + EARLY_SYNC_FILES
                        && w.bytes < bytes + EARLY_SYNC_BYTES
                }) else {
                    return;
                };
                if state.done {
                    return;
                }
                (files, bytes) = (state.files, state.bytes);
                drop(state);
                // A failure is left to the sync pass, which reports it.
                let _ = folder.sync_file_system();
            }
        }
        #[cfg(not(target_os = "linux"))]
        let _ = folder;
    }
}

/// Makes a rename inside `folder` durable (its entry list synced). Where a
/// folder cannot be opened as a file (Windows), the rename stands unsynced.
fn sync_folder(folder: &Path) -> io::Result<()> {
    #[cfg(unix)]
    {
        std::fs::File::open(folder)?.sync_all()
    }
    #[cfg(not(unix))]
    {
        let _ = folder;
        Ok(())
    }
}

/// A temporary folder is owner-only; the folder it becomes is an ordinary one.
fn set_folder_permissions(path: &Path) -> io::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o755))?;
    }
    #[cfg(not(unix))]
    let _ = path;
    Ok(())
}

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
    // A symbolic link stays a link: the file it points to is replaced.
    let resolved = match std::fs::symlink_metadata(path) {
        Ok(m) if m.file_type().is_symlink() => std::fs::canonicalize(path).ok(),
        _ => None,
    };
    let path = resolved.as_deref().unwrap_or(path);
    let existing = std::fs::metadata(path).ok();
    // A device or a pipe (`/dev/null`, a FIFO) is written to, never replaced.
    if existing.as_ref().is_some_and(|m| !m.is_file()) {
        let mut file = std::fs::OpenOptions::new().write(true).open(path)?;
        fill(&mut file)?;
        return file.flush();
    }
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let mut builder = tempfile::Builder::new();
    builder.prefix(".teikit-").suffix(".tmp");
    if let Some(p) = permissions(existing.as_ref()) {
        builder.permissions(p);
    }
    let mut temp = builder.tempfile_in(dir)?;
    let _registered = Registered::new(temp.path());
    fill(temp.as_file_mut())?;
    temp.as_file_mut().flush()?;
    temp.as_file().sync_all()?;
    temp.persist(path).map_err(|e| e.error)?;
    Ok(())
}

/// The permissions of the file replaced, or those of a new ordinary file
/// (not the owner-only ones of a temporary file).
fn permissions(existing: Option<&std::fs::Metadata>) -> Option<std::fs::Permissions> {
    if let Some(m) = existing {
        return Some(m.permissions());
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        Some(std::fs::Permissions::from_mode(0o644))
    }
    #[cfg(not(unix))]
    None
}

#[cfg(test)]
mod tests;
