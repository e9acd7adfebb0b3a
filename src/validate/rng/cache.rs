//! The compiled-schema cache: a compiled grammar (its interned patterns and
//! side tables) written to disk once, so that the next run on the same
//! schema starts in milliseconds instead of reading and simplifying the
//! schema again (tei_all: about 80 ms of every run).
//!
//! An entry is named by a hash of the schema's text, its location, the
//! format and teikit's version; it lists the files the schema included with
//! a hash of each, checked on reading. It is written atomically (a
//! temporary file renamed), and an entry that is truncated, corrupt or
//! stale is ignored: the schema is compiled again, never trusted blindly.
//! Reading checks every id against the tables it indexes, so no cache file
//! can make the engine index out of bounds.

use std::hash::Hasher;
use std::io::Write;
use std::path::{Path, PathBuf};

use rustc_hash::FxHasher;

use super::super::xsd::XsdLibrary;
use super::pattern::{Datatype, NameClass, Pat, PatId, Store, ValueDef};

/// Bumped whenever the encoding below changes.
const FORMAT: u32 = 1;
const MAGIC: &[u8; 8] = b"TKRNGC\0\x01";
/// Schemas smaller than this (text plus included files) compile faster than
/// an entry is worth; they are not cached (the RELAX NG test suite's
/// hundreds of small schemas leave no files behind).
pub const MIN_CACHED_BYTES: usize = 64 * 1024;
/// Entries kept in the directory; the oldest beyond this are removed.
const MAX_ENTRIES: usize = 32;
/// Deepest name class read back (a corrupt entry must not recurse forever).
const MAX_NAME_CLASS_DEPTH: usize = 256;

/// The directory entries live in: `TEIKIT_CACHE_DIR` if set (empty: no
/// cache), else the user's cache directory (`$XDG_CACHE_HOME`, `~/.cache`,
/// `~/Library/Caches` or `%LOCALAPPDATA%`) plus `teikit/schemas`.
pub fn default_dir() -> Option<PathBuf> {
    if let Some(dir) = std::env::var_os("TEIKIT_CACHE_DIR") {
        return (!dir.is_empty()).then(|| PathBuf::from(dir));
    }
    let home = || {
        std::env::var_os("HOME")
            .filter(|h| !h.is_empty())
            .map(PathBuf::from)
    };
    let base = if cfg!(windows) {
        std::env::var_os("LOCALAPPDATA").map(PathBuf::from)
    } else if cfg!(target_os = "macos") {
        home().map(|h| h.join("Library").join("Caches"))
    } else {
        std::env::var_os("XDG_CACHE_HOME")
            .filter(|d| Path::new(d).is_absolute())
            .map(PathBuf::from)
            .or_else(|| home().map(|h| h.join(".cache")))
    }?;
    Some(base.join("teikit").join("schemas"))
}

/// What names an entry: the schema's text and where it was found.
pub struct Key {
    hash: [u64; 2],
}

impl Key {
    pub fn new(text: &str, location: &Path) -> Key {
        let digest = |seed: usize| {
            let mut hasher = FxHasher::with_seed(seed);
            hasher.write_u32(FORMAT);
            hasher.write(env!("CARGO_PKG_VERSION").as_bytes());
            hasher.write(location.to_string_lossy().as_bytes());
            hasher.write_usize(text.len());
            hasher.write(text.as_bytes());
            hasher.finish()
        };
        Key {
            hash: [digest(0x5eed_0001), digest(0x5eed_0002)],
        }
    }

    fn file_name(&self) -> String {
        format!("rng-{:016x}{:016x}.bin", self.hash[0], self.hash[1])
    }
}

/// A file the schema included, as the cache remembers it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Included {
    pub path: PathBuf,
    pub hash: u64,
}

/// A hash of an included file's text (compared when an entry is read).
pub fn content_hash(text: &str) -> u64 {
    let mut hasher = FxHasher::with_seed(0x1c1d);
    hasher.write_usize(text.len());
    hasher.write(text.as_bytes());
    hasher.finish()
}

/// The grammar of the entry `key` in `dir`, if there is a sound one whose
/// included files (read by `load`) are unchanged.
pub fn read(
    dir: &Path,
    key: &Key,
    load: &dyn Fn(&Path) -> Option<String>,
) -> Option<(Store, PatId)> {
    let bytes = std::fs::read(dir.join(key.file_name())).ok()?;
    let (included, store, start) = decode(&bytes, key)?;
    let unchanged = included
        .iter()
        .all(|file| load(&file.path).is_some_and(|text| content_hash(&text) == file.hash));
    unchanged.then_some((store, start))
}

/// Writes the entry `key` into `dir` (atomically); failures are ignored,
/// the cache being only a shortcut.
pub fn write(dir: &Path, key: &Key, included: &[Included], store: &Store, start: PatId) {
    let bytes = encode(key, included, store, start);
    let written = (|| -> std::io::Result<()> {
        std::fs::create_dir_all(dir)?;
        let mut file = tempfile::NamedTempFile::new_in(dir)?;
        file.write_all(&bytes)?;
        file.persist(dir.join(key.file_name()))
            .map_err(|e| e.error)?;
        Ok(())
    })();
    if written.is_ok() {
        prune(dir);
    }
}

/// Removes the oldest entries beyond [`MAX_ENTRIES`].
fn prune(dir: &Path) {
    let Ok(listing) = std::fs::read_dir(dir) else {
        return;
    };
    let mut entries: Vec<(std::time::SystemTime, PathBuf)> = listing
        .filter_map(Result::ok)
        .filter(|e| {
            let name = e.file_name();
            let name = name.to_string_lossy();
            name.starts_with("rng-") && name.ends_with(".bin")
        })
        .filter_map(|e| Some((e.metadata().ok()?.modified().ok()?, e.path())))
        .collect();
    if entries.len() <= MAX_ENTRIES {
        return;
    }
    entries.sort();
    for (_, path) in &entries[..entries.len() - MAX_ENTRIES] {
        let _ = std::fs::remove_file(path);
    }
}

/// The payload's checksum (a truncated or altered file fails it).
fn checksum(payload: &[u8]) -> u64 {
    let mut hasher = FxHasher::with_seed(0xc4ec);
    hasher.write(payload);
    hasher.finish()
}

fn encode(key: &Key, included: &[Included], store: &Store, start: PatId) -> Vec<u8> {
    let mut out = Out::default();
    out.u32(u32::try_from(included.len()).unwrap_or(u32::MAX));
    for file in included {
        out.str(&file.path.to_string_lossy());
        out.u64(file.hash);
    }
    out.len(store.name_classes.len());
    for nc in &store.name_classes {
        out.name_class(nc);
    }
    out.len(store.datatypes.len());
    for datatype in &store.datatypes {
        match datatype {
            Datatype::BuiltinString => out.u8(0),
            Datatype::BuiltinToken => out.u8(1),
            Datatype::Xsd(t) => {
                out.u8(2);
                out.str(&t.name);
                out.pairs(&t.params);
            }
        }
    }
    out.len(store.values.len());
    for value in &store.values {
        out.u32(value.datatype);
        out.str(&value.value);
        out.pairs(&value.bindings);
    }
    out.len(store.elements.len());
    out.len(store.len());
    for pat in store.patterns() {
        match *pat {
            Pat::Empty => out.u8(0),
            Pat::NotAllowed => out.u8(1),
            Pat::Text => out.u8(2),
            Pat::Choice(a, b) => out.tag2(3, a, b),
            Pat::Interleave(a, b) => out.tag2(4, a, b),
            Pat::Group(a, b) => out.tag2(5, a, b),
            Pat::OneOrMore(a) => out.tag2(6, a, 0),
            Pat::After(a, b) => out.tag2(7, a, b),
            Pat::Element(nc, element) => out.tag2(8, nc, element),
            Pat::Attribute(nc, content) => out.tag2(9, nc, content),
            Pat::Data(dt, except) => {
                out.tag2(10 + u8::from(except.is_some()), dt, except.unwrap_or(0))
            }
            Pat::Value(v) => out.tag2(12, v, 0),
            Pat::List(a) => out.tag2(13, a, 0),
        }
    }
    for &content in &store.elements {
        out.u32(content);
    }
    out.u32(start);
    let payload = out.0;
    let mut file = Vec::with_capacity(payload.len() + 48);
    file.extend_from_slice(MAGIC);
    file.extend_from_slice(&key.hash[0].to_le_bytes());
    file.extend_from_slice(&key.hash[1].to_le_bytes());
    file.extend_from_slice(&(payload.len() as u64).to_le_bytes());
    file.extend_from_slice(&checksum(&payload).to_le_bytes());
    file.extend_from_slice(&payload);
    file
}

fn decode(bytes: &[u8], key: &Key) -> Option<(Vec<Included>, Store, PatId)> {
    let mut header = In(bytes);
    if header.take(8)? != MAGIC || header.u64()? != key.hash[0] || header.u64()? != key.hash[1] {
        return None;
    }
    let length = usize::try_from(header.u64()?).ok()?;
    let sum = header.u64()?;
    let payload = header.0;
    if payload.len() != length || checksum(payload) != sum {
        return None;
    }
    let mut input = In(payload);
    let mut included = Vec::new();
    for _ in 0..input.u32()? {
        let path = PathBuf::from(input.str()?);
        included.push(Included {
            path,
            hash: input.u64()?,
        });
    }
    let mut store = Store::default();
    let name_classes = input.count()?;
    for i in 0..name_classes {
        let nc = input.name_class(0)?;
        if store.add_name_class(nc) as usize != i {
            return None;
        }
    }
    let mut xsd = XsdLibrary::lazy();
    for _ in 0..input.count()? {
        let datatype = match input.u8()? {
            0 => Datatype::BuiltinString,
            1 => Datatype::BuiltinToken,
            2 => {
                let name = input.str()?;
                let params = input.pairs()?;
                Datatype::Xsd(xsd.compile(&name, &params).ok()?)
            }
            _ => return None,
        };
        store.datatypes.push(datatype);
    }
    for _ in 0..input.count()? {
        let datatype = input.u32()?;
        if datatype as usize >= store.datatypes.len() {
            return None;
        }
        let value = input.str()?;
        let bindings = input.pairs()?;
        store.values.push(ValueDef {
            datatype,
            value,
            bindings,
        });
    }
    let elements = input.count()?;
    let patterns = input.count()?;
    store.reserve(patterns);
    let below = |id: u32, bound: usize| (id as usize) < bound;
    for i in 0..patterns {
        let tag = input.u8()?;
        let pat = if tag <= 2 {
            [Pat::Empty, Pat::NotAllowed, Pat::Text][tag as usize]
        } else {
            let (a, b) = (input.u32()?, input.u32()?);
            // Children are interned before their parents: an id at or
            // beyond `i` is corrupt.
            let pat = |a: u32| below(a, i);
            match tag {
                3 if pat(a) && pat(b) => Pat::Choice(a, b),
                4 if pat(a) && pat(b) => Pat::Interleave(a, b),
                5 if pat(a) && pat(b) => Pat::Group(a, b),
                6 if pat(a) => Pat::OneOrMore(a),
                7 if pat(a) && pat(b) => Pat::After(a, b),
                8 if below(a, name_classes) && below(b, elements) => Pat::Element(a, b),
                9 if below(a, name_classes) && pat(b) => Pat::Attribute(a, b),
                10 if below(a, store.datatypes.len()) => Pat::Data(a, None),
                11 if below(a, store.datatypes.len()) && pat(b) => Pat::Data(a, Some(b)),
                12 if below(a, store.values.len()) => Pat::Value(a),
                13 if pat(a) => Pat::List(a),
                _ => return None,
            }
        };
        // The first three are the store's own; every other must be new.
        if store.intern(pat) as usize != i {
            return None;
        }
    }
    for _ in 0..elements {
        let content = input.u32()?;
        if !below(content, patterns) {
            return None;
        }
        store.elements.push(content);
    }
    let start = input.u32()?;
    if !below(start, patterns) || !input.0.is_empty() {
        return None;
    }
    Some((included, store, start))
}

/// The encoder: little-endian integers, length-prefixed strings.
#[derive(Default)]
struct Out(Vec<u8>);

impl Out {
    fn u8(&mut self, v: u8) {
        self.0.push(v);
    }
    fn u32(&mut self, v: u32) {
        self.0.extend_from_slice(&v.to_le_bytes());
    }
    fn u64(&mut self, v: u64) {
        self.0.extend_from_slice(&v.to_le_bytes());
    }
    fn len(&mut self, n: usize) {
        self.u32(u32::try_from(n).unwrap_or(u32::MAX));
    }
    fn tag2(&mut self, tag: u8, a: u32, b: u32) {
        self.u8(tag);
        self.u32(a);
        self.u32(b);
    }
    fn str(&mut self, s: &str) {
        self.len(s.len());
        self.0.extend_from_slice(s.as_bytes());
    }
    fn pairs(&mut self, pairs: &[(String, String)]) {
        self.len(pairs.len());
        for (a, b) in pairs {
            self.str(a);
            self.str(b);
        }
    }
    fn name_class(&mut self, nc: &NameClass) {
        let except = |out: &mut Out, except: &Option<Box<NameClass>>| match except {
            Some(e) => {
                out.u8(1);
                out.name_class(e);
            }
            None => out.u8(0),
        };
        match nc {
            NameClass::AnyName(e) => {
                self.u8(0);
                except(self, e);
            }
            NameClass::NsName(ns, e) => {
                self.u8(1);
                self.str(ns);
                except(self, e);
            }
            NameClass::Name(ns, local) => {
                self.u8(2);
                self.str(ns);
                self.str(local);
            }
            NameClass::Choice(a, b) => {
                self.u8(3);
                self.name_class(a);
                self.name_class(b);
            }
        }
    }
}

/// The decoder: every read is checked; `None` at the first short or bad one.
struct In<'b>(&'b [u8]);

impl In<'_> {
    fn take(&mut self, n: usize) -> Option<&[u8]> {
        if self.0.len() < n {
            return None;
        }
        let (head, rest) = self.0.split_at(n);
        self.0 = rest;
        Some(head)
    }
    fn u8(&mut self) -> Option<u8> {
        Some(self.take(1)?[0])
    }
    fn u32(&mut self) -> Option<u32> {
        Some(u32::from_le_bytes(self.take(4)?.try_into().ok()?))
    }
    fn u64(&mut self) -> Option<u64> {
        Some(u64::from_le_bytes(self.take(8)?.try_into().ok()?))
    }
    /// A count, bounded by the bytes left (each item takes at least one),
    /// so a corrupt count cannot ask for a huge allocation or loop.
    fn count(&mut self) -> Option<usize> {
        let n = self.u32()? as usize;
        (n <= self.0.len()).then_some(n)
    }
    fn str(&mut self) -> Option<String> {
        let n = self.u32()? as usize;
        String::from_utf8(self.take(n)?.to_vec()).ok()
    }
    fn pairs(&mut self) -> Option<Vec<(String, String)>> {
        let n = self.count()?;
        (0..n).map(|_| Some((self.str()?, self.str()?))).collect()
    }
    fn name_class(&mut self, depth: usize) -> Option<NameClass> {
        if depth > MAX_NAME_CLASS_DEPTH {
            return None;
        }
        let except = |input: &mut Self| -> Option<Option<Box<NameClass>>> {
            match input.u8()? {
                0 => Some(None),
                1 => Some(Some(Box::new(input.name_class(depth + 1)?))),
                _ => None,
            }
        };
        Some(match self.u8()? {
            0 => NameClass::AnyName(except(self)?),
            1 => {
                let ns = self.str()?;
                NameClass::NsName(ns, except(self)?)
            }
            2 => NameClass::Name(self.str()?, self.str()?),
            3 => NameClass::Choice(
                Box::new(self.name_class(depth + 1)?),
                Box::new(self.name_class(depth + 1)?),
            ),
            _ => return None,
        })
    }
}

#[cfg(test)]
mod tests;
