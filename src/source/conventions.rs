//! The edition config's source conventions, compiled once per config.
//!
//! Compiling the config's patterns costs more than reading a typical source, so
//! a batch of files read with the same config compiles them once: the compiled
//! form is kept in a small process-wide cache keyed by the config itself.

use std::ops::Deref;
use std::sync::{Arc, LazyLock, Mutex};

use regex::Regex;

use super::pattern::{Pattern, compile_all};
use crate::config::Config;

/// The config, with its patterns compiled; derefs to the [`Compiled`] patterns.
#[derive(Debug, Clone)]
pub struct Conventions<'c> {
    pub config: &'c Config,
    compiled: Arc<Compiled>,
}

impl Deref for Conventions<'_> {
    type Target = Compiled;
    fn deref(&self) -> &Compiled {
        &self.compiled
    }
}

/// How many configs' compiled patterns are kept (a batch usually has one).
const CACHED_CONFIGS: usize = 16;

/// Configs with their compiled patterns, most recent last.
type Cache = Vec<(Config, Arc<Compiled>)>;

static CACHE: LazyLock<Mutex<Cache>> = LazyLock::new(|| Mutex::new(Vec::new()));

/// Patterns the reader consults, ready to match.
#[derive(Debug)]
pub struct Compiled {
    /// Whole-line number patterns (`No. {n}`).
    pub number_lines: Vec<Pattern>,
    /// Number patterns that carry the first title line (`{n}. {title}`).
    pub number_titles: Vec<Pattern>,
    pub emphasis_notes: Vec<Pattern>,
    pub body_markings: Vec<Pattern>,
    pub certification: Vec<Pattern>,
    pub sic: Vec<Pattern>,
    pub source_line: Option<Pattern>,
    /// A registration number in a closer: a number-line prefix, digits, maybe `/xx.`.
    pub registration: Regex,
    /// Patterns in the config that did not compile.
    pub invalid_patterns: Vec<String>,
}

fn registration_regex(config: &Config) -> Regex {
    let mut alternatives = Vec::new();
    for p in &config.conventions.number_lines {
        if let Some(prefix) = p.strip_suffix("{n}")
            && !prefix.contains('{')
            && !prefix.is_empty()
        {
            alternatives.push(regex::escape(prefix));
        }
    }
    if alternatives.is_empty() {
        alternatives.push(regex::escape("No. "));
    }
    let pattern = format!(r"^(?:{})\d+(?:/\p{{Ll}}+\.)?", alternatives.join("|"));
    Regex::new(&pattern)
        .unwrap_or_else(|_| Regex::new(r"^No\. \d+(?:/\p{Ll}+\.)?").expect("static regex"))
}

impl<'c> Conventions<'c> {
    /// The conventions of `config`, compiled or taken from the cache.
    pub fn new(config: &'c Config) -> Self {
        let cached = CACHE.lock().ok().and_then(|cache| {
            cache
                .iter()
                .find(|(c, _)| c == config)
                .map(|(_, p)| p.clone())
        });
        let compiled = cached.unwrap_or_else(|| {
            let compiled = Arc::new(Compiled::new(config));
            if let Ok(mut cache) = CACHE.lock() {
                if cache.len() >= CACHED_CONFIGS {
                    cache.remove(0);
                }
                cache.push((config.clone(), compiled.clone()));
            }
            compiled
        });
        Conventions { config, compiled }
    }
}

impl Compiled {
    fn new(config: &Config) -> Self {
        let initials: Vec<String> = config
            .editor
            .as_ref()
            .map(|e| e.initials.clone())
            .unwrap_or_default();
        let c = &config.conventions;
        let mut invalid = Vec::new();
        let mut compile = |list: &[String]| {
            let (ok, bad) = compile_all(list, &initials);
            invalid.extend(bad);
            ok
        };
        let all_numbers = compile(&c.number_lines);
        let (number_titles, number_lines): (Vec<_>, Vec<_>) = all_numbers
            .into_iter()
            .partition(|p| p.ends_with_placeholder("title"));
        let emphasis_notes = compile(&c.emphasis_notes);
        let body_markings = compile(&c.body_markings);
        let certification = compile(&c.certification);
        let sic = compile(&config.notes.sic);
        let source_line = compile(std::slice::from_ref(&c.source_line))
            .into_iter()
            .next();
        Compiled {
            number_lines,
            number_titles,
            emphasis_notes,
            body_markings,
            certification,
            sic,
            source_line,
            registration: registration_regex(config),
            invalid_patterns: invalid,
        }
    }
}

impl Conventions<'_> {
    /// The document number of a whole number line (`No. 556`, `№215`).
    pub fn number_line(&self, text: &str) -> Option<String> {
        self.number_lines.iter().find_map(|p| {
            p.match_whole(text)
                .and_then(|m| m.get("n").map(|(n, _)| n.to_string()))
        })
    }

    /// A number line that carries its title: the number and the title's offset.
    pub fn number_title_line(&self, text: &str) -> Option<(String, usize)> {
        self.number_titles.iter().find_map(|p| {
            let m = p.match_whole(text)?;
            let (n, _) = m.get("n")?;
            let (_, offset) = m.get("title")?;
            Some((n.to_string(), offset))
        })
    }

    pub fn is_trailing_marker(&self, text: &str) -> bool {
        self.config
            .conventions
            .trailing_markers
            .iter()
            .any(|m| text.starts_with(m.as_str()))
    }

    pub fn is_abbreviation(&self, word: &str) -> bool {
        self.config
            .conventions
            .abbreviations
            .iter()
            .any(|a| a == word)
    }

    pub fn is_role_word(&self, word: &str) -> bool {
        self.config.conventions.role_words.iter().any(|a| a == word)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_config_compiles_once_and_another_gets_its_own() {
        let a = Config::builtin();
        let first = Conventions::new(&a);
        let copy = a.clone();
        let again = Conventions::new(&copy);
        assert!(
            Arc::ptr_eq(&first.compiled, &again.compiled),
            "same config, same compiled patterns"
        );
        let mut b = Config::builtin();
        b.conventions.number_lines = vec!["Nr. {n}".into()];
        let other = Conventions::new(&b);
        assert!(!Arc::ptr_eq(&first.compiled, &other.compiled));
        assert_eq!(other.number_line("Nr. 7"), Some("7".into()));
        assert_eq!(other.number_line("No. 7"), None);
    }
}
