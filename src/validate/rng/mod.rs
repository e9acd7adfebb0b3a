//! teikit's own RELAX NG engine, on the derivative algorithm (James Clark,
//! "An algorithm for RELAX NG validation", as jing does it): schemas read
//! and simplified ([`read`], [`compile`]), patterns hash-consed
//! ([`pattern`]), derivatives memoised ([`derive`](mod@derive)), documents validated as
//! an event stream with no tree ([`stream`]).
//!
//! A [`Grammar`] is compiled once and shared by threads; each validation
//! borrows an [`derive::Engine`] (patterns plus memo tables) from a pool, so
//! threads never wait on each other and warm memo tables are reused.

pub mod cache;
pub mod check;
pub mod compile;
pub mod derive;
pub mod expected;
pub mod ids;
pub mod pattern;
pub mod pipe;
pub mod read;
pub mod stream;
mod syntax;

use std::cell::RefCell;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use derive::Engine;

/// A compiled schema.
pub struct Grammar {
    base: Engine,
    pool: Mutex<Vec<Engine>>,
}

/// A loader that remembers what it served (the cache checks those files).
struct Recording<'l> {
    loader: &'l dyn read::Loader,
    loaded: RefCell<Vec<cache::Included>>,
    bytes: RefCell<usize>,
}

impl read::Loader for Recording<'_> {
    fn load(&self, path: &Path) -> Result<String, String> {
        let text = self.loader.load(path)?;
        self.loaded.borrow_mut().push(cache::Included {
            path: PathBuf::from(path),
            hash: cache::content_hash(&text),
        });
        *self.bytes.borrow_mut() += text.len();
        Ok(text)
    }
}

/// An engine whose memo tables grew beyond this many entries is not kept
/// for the next file (memory stays bounded by the schema).
const MAX_POOLED_WEIGHT: usize = 4_000_000;

impl Grammar {
    /// Reads and compiles the schema `text` found at `path`; `loader`
    /// serves included files. A large schema is taken from the
    /// compiled-schema cache ([`cache::default_dir`]) when it is there, and
    /// put there when it is not.
    pub fn compile(text: &str, path: &Path, loader: &dyn read::Loader) -> Result<Grammar, String> {
        Self::compile_cached(text, path, loader, cache::default_dir().as_deref())
    }

    /// As [`Self::compile`], with the cache in `cache_dir` (`None`: no cache).
    pub fn compile_cached(
        text: &str,
        path: &Path,
        loader: &dyn read::Loader,
        cache_dir: Option<&Path>,
    ) -> Result<Grammar, String> {
        let key = cache::Key::new(text, path);
        if let Some(dir) = cache_dir
            && let Some((store, start)) = cache::read(dir, &key, &|p| loader.load(p).ok())
        {
            return Ok(Self::from_engine(Engine::new(store, start)));
        }
        let recording = Recording {
            loader,
            loaded: RefCell::new(Vec::new()),
            bytes: RefCell::new(text.len()),
        };
        let raw = read::Reader::new(&recording).read_root(text, path)?;
        let mut compiler = compile::Compiler::new();
        let start = compiler.compile_root(&raw)?;
        if let Some(dir) = cache_dir
            && *recording.bytes.borrow() >= cache::MIN_CACHED_BYTES
        {
            cache::write(
                dir,
                &key,
                &recording.loaded.borrow(),
                &compiler.store,
                start,
            );
        }
        Ok(Self::from_engine(Engine::new(compiler.store, start)))
    }

    fn from_engine(base: Engine) -> Grammar {
        Grammar {
            base,
            pool: Mutex::new(Vec::new()),
        }
    }

    /// Runs `f` with an engine of this grammar's own.
    pub fn with_engine<T>(&self, f: impl FnOnce(&mut Engine) -> T) -> T {
        let pooled = self.pool.lock().ok().and_then(|mut pool| pool.pop());
        let mut engine = pooled.unwrap_or_else(|| self.base.clone());
        let out = f(&mut engine);
        if engine.weight() <= MAX_POOLED_WEIGHT
            && let Ok(mut pool) = self.pool.lock()
        {
            pool.push(engine);
        }
        out
    }
}
