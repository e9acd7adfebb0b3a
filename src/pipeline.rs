//! The stages a command runs, as library functions: load a config, read an
//! input (plain-text source or TEI) into the model. The CLI only prints.

// A `Failure` is rare and carries its diagnostic by value; boxing it would
// only add noise to every call site.
#![allow(clippy::result_large_err)]

use std::borrow::Cow;
use std::path::{Path, PathBuf};

use crate::config::Config;
use crate::diagnostic::Diagnostic;
use crate::model::{Edition, Span};
use crate::source::lines::control_characters;
use crate::source::{codes, decode, read_source};
use crate::tei::read::read_tei;

/// A failure before a file could be read at all: the diagnostic, the file it
/// points into and that file's text (for the snippet).
#[derive(Debug)]
pub struct Failure {
    pub diagnostic: Diagnostic,
    pub file: String,
    pub text: String,
}

impl Failure {
    /// 1 when the input itself is bad (not UTF-8), 2 for I/O and config errors.
    pub fn exit_code(&self) -> u8 {
        if self.diagnostic.code == codes::NOT_UTF8 {
            1
        } else {
            2
        }
    }
}

/// A failure that concerns a whole file, not a place in it.
fn file_failure(path: &Path, diagnostic: Diagnostic) -> Failure {
    Failure {
        diagnostic,
        file: path.display().to_string(),
        text: String::new(),
    }
}

fn read_failed(path: &Path, e: &std::io::Error) -> Failure {
    let message = format!("cannot read {}: {e}", path.display());
    file_failure(
        path,
        Diagnostic::error(codes::READ_FAILED, Span::default(), message)
            .with_help("check the path and permissions"),
    )
}

/// An output that cannot be written or renamed into place.
pub fn write_failed(path: &Path, e: &std::io::Error) -> Failure {
    let message = format!("cannot write {}: {e}", path.display());
    file_failure(
        path,
        Diagnostic::error(codes::WRITE_FAILED, Span::default(), message)
            .with_help("nothing was written; an existing file at that path is unchanged"),
    )
}

/// An output that is one of the inputs: refused before anything is read.
pub fn output_is_input(output: &Path, input: &Path) -> Failure {
    let message = format!(
        "the output {} is the input {}",
        output.display(),
        input.display()
    );
    file_failure(
        input,
        Diagnostic::error(codes::OUTPUT_IS_INPUT, Span::default(), message)
            .with_help("choose another output path; teikit never overwrites an input"),
    )
}

/// The config file `teikit convert` reads for `input`: the one named, else
/// `edition.toml` beside the input when there is one.
pub fn config_path_for(explicit: Option<&Path>, input: &Path) -> Option<PathBuf> {
    if let Some(path) = explicit {
        return Some(path.to_path_buf());
    }
    let beside = input
        .parent()
        .unwrap_or(Path::new("."))
        .join("edition.toml");
    beside.is_file().then_some(beside)
}

/// Reads an edition config from its TOML `text`; `file` names it in diagnostics.
pub fn parse_config(text: &str, file: &str) -> Result<Config, Failure> {
    Config::from_toml(text).map_err(|e| {
        let span = e
            .span()
            .map_or(Span::default(), |r| Span::new(r.start, r.end));
        Failure {
            diagnostic: Diagnostic::error(
                codes::CONFIG_INVALID,
                span,
                format!("invalid edition config: {}", e.message().trim()),
            )
            .with_help("the config keys and their types are listed in the README"),
            file: file.to_string(),
            text: text.to_string(),
        }
    })
}

/// The config named, else `edition.toml` beside the input, else the defaults.
pub fn load_config(explicit: Option<&Path>, input: &Path) -> Result<Config, Failure> {
    let Some(path) = config_path_for(explicit, input) else {
        return Ok(Config::builtin());
    };
    let text = std::fs::read_to_string(&path).map_err(|e| read_failed(&path, &e))?;
    parse_config(&text, &path.display().to_string())
}

/// What an input file holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InputKind {
    Source,
    Tei,
}

/// TEI when the name ends in `.xml`/`.tei` or the text starts with `<`.
pub fn input_kind(path: &Path, text: &str) -> InputKind {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_ascii_lowercase();
    if ext == "xml"
        || ext == "tei"
        || text
            .trim_start_matches('\u{feff}')
            .trim_start()
            .starts_with('<')
            && ext != "txt"
    {
        InputKind::Tei
    } else {
        InputKind::Source
    }
}

/// An input read into the model, with its diagnostics and the text they point into.
pub struct Loaded {
    pub edition: Edition,
    pub diagnostics: Vec<Diagnostic>,
    pub text: String,
    pub file: String,
    pub kind: InputKind,
}

/// Reads a plain-text source or a TEI file into the model.
pub fn load(path: &Path, config: &Config) -> Result<Loaded, Failure> {
    load_as(path, config, None)
}

/// The text of `bytes` ([`decode`]), in the bytes' own buffer when they are
/// UTF-8 already: a large input is held once, not twice.
fn decoded(mut bytes: Vec<u8>) -> Result<String, (Diagnostic, Vec<u8>)> {
    let borrowed = match decode(&bytes) {
        Ok(Cow::Owned(text)) => return Ok(text),
        Ok(Cow::Borrowed(text)) => (text.as_ptr() as usize - bytes.as_ptr() as usize, text.len()),
        Err(diagnostic) => return Err((diagnostic, bytes)),
    };
    let (start, len) = borrowed;
    bytes.truncate(start + len);
    bytes.drain(..start);
    // SAFETY: `decode` gave these very bytes (`bytes[start..start + len]`
    // before the truncation and the drain, which keep exactly them) as a
    // `&str`, so they are UTF-8; checking the whole file again would cost
    // a pass over it.
    Ok(unsafe { String::from_utf8_unchecked(bytes) })
}

/// Reads an input as `kind`, or as what it looks like when `None`.
pub fn load_as(path: &Path, config: &Config, kind: Option<InputKind>) -> Result<Loaded, Failure> {
    let (file, text) = read_input(path)?;
    Ok(load_text(path, file, text, config, kind))
}

/// The text of an input (`-`: standard input), decoded, with the name
/// diagnostics give it.
pub fn read_input(path: &Path) -> Result<(String, String), Failure> {
    let file = path.display().to_string();
    let bytes = if path.as_os_str() == "-" {
        let mut buf = Vec::new();
        std::io::Read::read_to_end(&mut std::io::stdin(), &mut buf)
            .map_err(|e| read_failed(path, &e))?;
        buf
    } else {
        std::fs::read(path).map_err(|e| read_failed(path, &e))?
    };
    let text = decoded(bytes).map_err(|(diagnostic, bytes)| Failure {
        diagnostic,
        file: file.clone(),
        text: String::from_utf8_lossy(&bytes).into_owned(),
    })?;
    Ok((file, text))
}

/// [`load_as`] of an input already read by [`read_input`].
pub fn load_text(
    path: &Path,
    file: String,
    text: String,
    config: &Config,
    kind: Option<InputKind>,
) -> Loaded {
    let kind = kind.unwrap_or_else(|| input_kind(path, &text));
    let file_name = path
        .file_name()
        .map_or_else(|| file.clone(), |n| n.to_string_lossy().into_owned());
    let (edition, mut diagnostics) = match kind {
        InputKind::Source => read_source(&text, &file_name, config),
        InputKind::Tei => read_tei(&text),
    };
    if kind == InputKind::Source {
        diagnostics.extend(control_characters(&text));
    }
    Loaded {
        edition,
        diagnostics,
        text,
        file,
        kind,
    }
}

/// Inputs named on the command line, directories expanded to their files with
/// one of `extensions`, in any case (recursively, sorted by name, so batches run in a stable
/// order). Symbolic links are followed; a link back to a folder being walked is
/// a loop and is not entered again (its files are listed once already), and a
/// file reached by two paths is listed once. A folder that cannot be read is an
/// error, never skipped.
pub fn expand_inputs(paths: &[PathBuf], extensions: &[&str]) -> Result<Vec<PathBuf>, Failure> {
    let mut out = Vec::new();
    let mut seen = std::collections::BTreeSet::new();
    for p in paths {
        if !p.is_dir() {
            out.push(p.clone());
            continue;
        }
        let walk = walkdir::WalkDir::new(p)
            .follow_links(true)
            .sort_by_file_name();
        for entry in walk {
            let entry = match entry {
                Ok(entry) => entry,
                Err(e) if e.loop_ancestor().is_some() => continue,
                Err(e) => {
                    let path = e.path().unwrap_or(p).to_path_buf();
                    let io = e
                        .into_io_error()
                        .unwrap_or_else(|| std::io::Error::other("cannot walk the folder"));
                    return Err(read_failed(&path, &io));
                }
            };
            let wanted = entry.file_type().is_file()
                && entry
                    .path()
                    .extension()
                    .and_then(|e| e.to_str())
                    .is_some_and(|e| extensions.iter().any(|x| e.eq_ignore_ascii_case(x)));
            if !wanted {
                continue;
            }
            let identity =
                std::fs::canonicalize(entry.path()).unwrap_or_else(|_| entry.path().to_path_buf());
            if seen.insert(identity) {
                out.push(entry.into_path());
            }
        }
    }
    Ok(out)
}

/// Loads the config for `input` (the one named, or `edition.toml` beside it),
/// then reads `input` as `kind` (or as what it looks like).
pub fn load_with_config(
    input: &Path,
    config: Option<&Path>,
    kind: Option<InputKind>,
) -> Result<(Config, Loaded), Failure> {
    let config = load_config(config, input)?;
    let loaded = load_as(input, &config, kind)?;
    Ok((config, loaded))
}

/// Like [`load_with_config`], with a preset: `auto` scores the source against
/// the built-in presets when no config file applies (a config file alone
/// decides otherwise); a preset named explicitly has the config file merged
/// over it. The advice saying which preset was chosen (when it is not the
/// defaults) comes first among the diagnostics.
pub fn load_with_preset(
    input: &Path,
    config: Option<&Path>,
    preset: &str,
    kind: Option<InputKind>,
) -> Result<(Config, Loaded), Failure> {
    use crate::source::preset;
    let config_path = config_path_for(config, input);
    if preset == "none" || input.as_os_str() == "-" || (preset == "auto" && config_path.is_some()) {
        return load_with_config(input, config, kind);
    }
    let (chosen, advice) = if preset == "auto" {
        let bytes = std::fs::read(input).map_err(|e| read_failed(input, &e))?;
        let text = decode(&bytes).unwrap_or_default();
        preset::auto(&text)
    } else {
        let p = preset::preset(preset).ok_or_else(|| {
            file_failure(
                input,
                Diagnostic::error(
                    codes::CONFIG_INVALID,
                    Span::default(),
                    format!("no preset called \"{preset}\""),
                )
                .with_help(format!(
                    "the presets are auto, none, {}",
                    preset::names().join(", ")
                )),
            )
        })?;
        (p, None)
    };
    // The config file is checked whole first, so its errors point into it.
    let user = match &config_path {
        Some(path) => {
            load_config(Some(path), input)?;
            let text = std::fs::read_to_string(path).map_err(|e| read_failed(path, &e))?;
            toml::from_str::<toml::Table>(&text).ok()
        }
        None => None,
    };
    let config = preset::merged(chosen, user).unwrap_or_else(|_| Config::builtin());
    let mut loaded = load_as(input, &config, kind)?;
    if let Some(d) = advice {
        loaded.diagnostics.insert(0, d);
    }
    Ok((config, loaded))
}
