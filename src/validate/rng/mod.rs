//! teikit's own RELAX NG engine, on the derivative algorithm (James Clark,
//! "An algorithm for RELAX NG validation", as jing does it): schemas read
//! and simplified ([`read`], [`compile`]), patterns hash-consed
//! ([`pattern`]), derivatives memoised ([`derive`](mod@derive)), documents validated as
//! an event stream with no tree ([`stream`]).
//!
//! A [`Grammar`] is compiled once and shared by threads; each validation
//! borrows an [`derive::Engine`] (patterns plus memo tables) from a pool, so
//! threads never wait on each other and warm memo tables are reused.

pub mod check;
pub mod compile;
pub mod derive;
pub mod pattern;
pub mod read;
pub mod stream;

use std::path::Path;
use std::sync::Mutex;

use derive::Engine;

/// A compiled schema.
pub struct Grammar {
    base: Engine,
    pool: Mutex<Vec<Engine>>,
}

/// An engine whose memo tables grew beyond this many entries is not kept
/// for the next file (memory stays bounded by the schema).
const MAX_POOLED_WEIGHT: usize = 4_000_000;

impl Grammar {
    /// Reads and compiles the schema `text` found at `path`; `loader`
    /// serves included files.
    pub fn compile(text: &str, path: &Path, loader: &dyn read::Loader) -> Result<Grammar, String> {
        let raw = read::Reader::new(loader).read_root(text, path)?;
        let mut compiler = compile::Compiler::new();
        let start = compiler.compile_root(&raw)?;
        let base = Engine::new(compiler.store, start);
        Ok(Grammar {
            base,
            pool: Mutex::new(Vec::new()),
        })
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
