//! Compiling the extracted Schematron for xee once per schema and thread:
//! every `let`, `assert`, `report` and `value-of` becomes a query that
//! declares only the variables it mentions, and every rule context becomes
//! an entry that says how the walk (`eval`) picks its nodes.

// A rule fails once per file, so its warning is returned unboxed.
#![allow(clippy::result_large_err)]

use std::cell::RefCell;
use std::rc::Rc;

use xee_xpath::context::StaticContextBuilder;
use xee_xpath::{Queries, query::SequenceQuery};
use xot::xmlname::{NameStrInfo, OwnedName};

use super::dispatch::{Matcher, Target, matcher, plain_parents};
use super::extract::{Check, CheckKind, Extracted, Part, Rule};
use super::precondition::{self, Requirement, requirements};
use super::xpath_text::{CURRENT, rewrite, split_top_level, squeeze};

/// An expression of the schema compiled, with the variables it uses.
pub(super) struct Expr {
    pub(super) query: SequenceQuery,
    /// Its number among every expression of the schema: its dynamic
    /// context builder in a run.
    pub(super) id: usize,
    /// The rule's variables it mentions, with their indices among the
    /// rule's (`current()`'s, then each `let`'s in order): only these are
    /// declared and bound, so most evaluations bind no variables at all.
    pub(super) variables: Vec<(usize, OwnedName)>,
}

/// A rule with its checks compiled.
pub(super) struct CompiledRule {
    pub(super) pattern: usize,
    /// The rule's context as written, for messages.
    pub(super) shown: String,
    /// Each `let`'s value, in order.
    pub(super) lets: Vec<Expr>,
    pub(super) checks: Vec<(Check, Expr, Vec<CompiledPart>)>,
    /// For each check, what must hold at the node for it to fire (reports,
    /// and asserts whose test is decided: see `precondition`).
    pub(super) requires: Vec<Vec<Requirement>>,
    /// For each check, whether its test is exactly `requires` holding
    /// (then it is decided on the tree, not evaluated).
    pub(super) decided: Vec<bool>,
}

pub(super) enum CompiledPart {
    Text(String),
    Value(Expr),
}

/// One alternative of one rule's context, compiled.
pub(super) enum Entry {
    Name {
        target: Target,
        test: Option<Expr>,
        /// The parents the node must have, innermost first (namespace,
        /// local name), checked on the tree: set instead of `test` when
        /// they are all it would test.
        parents: Vec<(String, String)>,
    },
    Selected(SequenceQuery),
}

/// Every rule compiled. `entries` are in pattern, rule, alternative order,
/// so that sorting entry numbers sorts candidates by rule.
pub(super) struct Compiled {
    pub(super) pattern_ids: Vec<String>,
    /// Each rule, or why it does not compile (with its pattern).
    pub(super) rules: Vec<Result<CompiledRule, (usize, String)>>,
    /// (rule number, how it matches).
    pub(super) entries: Vec<(usize, Entry)>,
    /// How many [`Expr`]s there are.
    pub(super) expressions: usize,
}

/// A [`super::Schematron`] id, and whether every context is selected over
/// the document.
pub(super) type CacheKey = (u64, bool);

thread_local! {
    /// Compiled Schematron by [`super::Schematron`] id (and whether every
    /// context is selected over the document): xee's programs are not
    /// `Send`, so each thread compiles a schema's rules once and reuses them
    /// for every file it validates.
    static COMPILED: RefCell<Vec<(CacheKey, Rc<Compiled>)>> = const { RefCell::new(Vec::new()) };
}

/// The compiled form of `schematron` (identified by `id`) on this thread.
pub(super) fn compiled_for(id: u64, schematron: &Extracted, select_each: bool) -> Rc<Compiled> {
    COMPILED.with(|cache| {
        let mut cache = cache.borrow_mut();
        let key = (id, select_each);
        if let Some((_, compiled)) = cache.iter().find(|(k, _)| *k == key) {
            return compiled.clone();
        }
        let compiled = Rc::new(compile_all(schematron, select_each));
        // A run loads at most a schema and the profile; a long-lived process
        // (the Python module) may load more: the oldest is dropped.
        if cache.len() >= 4 {
            cache.remove(0);
        }
        cache.push((key, compiled.clone()));
        compiled
    })
}

fn compile_all(schematron: &Extracted, select_each: bool) -> Compiled {
    let mut compiled = Compiled {
        pattern_ids: Vec::new(),
        rules: Vec::new(),
        entries: Vec::new(),
        expressions: 0,
    };
    for (p, pattern) in schematron.patterns.iter().enumerate() {
        let id = pattern.id.clone().unwrap_or_else(|| "(no id)".to_string());
        compiled.pattern_ids.push(id);
        for rule in &pattern.rules {
            let number = compiled.rules.len();
            let mut compiler = Compiler {
                schematron,
                expressions: &mut compiled.expressions,
            };
            let entries = match compiler.compile(rule, p, select_each) {
                Ok((rule, entries)) => {
                    compiled.rules.push(Ok(rule));
                    entries
                }
                Err(error) => {
                    compiled.rules.push(Err((p, error)));
                    continue;
                }
            };
            compiled
                .entries
                .extend(entries.into_iter().map(|entry| (number, entry)));
        }
    }
    compiled
}

/// Compiles one rule's expressions, numbering them.
pub(super) struct Compiler<'s> {
    pub(super) schematron: &'s Extracted,
    /// How many expressions are numbered so far.
    pub(super) expressions: &'s mut usize,
}

impl Compiler<'_> {
    /// Compiles an expression of the schema; `variables` are those in scope
    /// (a rule's, in order), of which only the ones it mentions are
    /// declared. The error names the rule and the expression that does not
    /// compile.
    fn expression(
        &mut self,
        shown: &str,
        expression: &str,
        variables: &[OwnedName],
    ) -> Result<Expr, String> {
        let rewritten = rewrite(expression, &self.schematron.namespaces);
        let used: Vec<(usize, OwnedName)> = (variables.iter().enumerate())
            .filter(|(_, name)| mentions(&rewritten, name.local_name()))
            .map(|(index, name)| (index, name.clone()))
            .collect();
        let mut builder = StaticContextBuilder::default();
        for (prefix, uri) in &self.schematron.namespaces {
            builder.add_namespace(prefix, uri);
        }
        builder.variable_names(used.iter().map(|(_, name)| name.clone()));
        let query = Queries::new(builder)
            .sequence(&rewritten)
            .map_err(|error| {
                format!(
                    "rule {shown}: `{}` does not compile: {error}",
                    squeeze(expression)
                )
            })?;
        let id = *self.expressions;
        *self.expressions += 1;
        Ok(Expr {
            query,
            id,
            variables: used,
        })
    }

    /// Compiles an expression run once over the document (no variables).
    fn selector(&mut self, shown: &str, expression: &str) -> Result<SequenceQuery, String> {
        Ok(self.expression(shown, expression, &[])?.query)
    }

    /// Compiles a rule and the alternatives of its context; with
    /// `select_each` every alternative is selected over the whole document
    /// (the reference the one walk is tested against).
    fn compile(
        &mut self,
        rule: &Rule,
        pattern: usize,
        select_each: bool,
    ) -> Result<(CompiledRule, Vec<Entry>), String> {
        let shown = squeeze(&rule.context);
        let mut entries = Vec::new();
        for alternative in split_top_level(rule.context.trim(), '|') {
            let matcher = match matcher(alternative, &self.schematron.namespaces) {
                Matcher::Name { .. } if select_each => Matcher::Selected {
                    selector: super::xpath_text::selector(alternative),
                },
                matcher => matcher,
            };
            entries.push(match matcher {
                Matcher::Name { target, test } => {
                    match plain_parents(alternative, &self.schematron.namespaces) {
                        Some(parents) => Entry::Name {
                            target,
                            test: None,
                            parents,
                        },
                        None => Entry::Name {
                            target,
                            test: test.map(|t| self.expression(&shown, &t, &[])).transpose()?,
                            parents: Vec::new(),
                        },
                    }
                }
                Matcher::Selected { selector } => {
                    Entry::Selected(self.selector(&shown, &selector)?)
                }
            });
        }
        let mut variables: Vec<OwnedName> = vec![variable(CURRENT)];
        let mut lets = Vec::new();
        for binding in &rule.lets {
            lets.push(self.expression(&shown, &binding.value, &variables)?);
            variables.push(variable(&binding.name));
        }
        let mut checks = Vec::new();
        let mut requires = Vec::new();
        let mut decided = Vec::new();
        for check in &rule.checks {
            let namespaces = &self.schematron.namespaces;
            let is_decided = precondition::decided(&check.test, namespaces);
            requires.push(match check.kind {
                CheckKind::Report => requirements(&check.test, namespaces),
                CheckKind::Assert if is_decided => requirements(&check.test, namespaces),
                CheckKind::Assert => Vec::new(),
            });
            decided.push(is_decided);
            let test = self.expression(&shown, &check.test, &variables)?;
            let mut message = Vec::new();
            for part in &check.message {
                message.push(match part {
                    Part::Text(text) => CompiledPart::Text(text.clone()),
                    Part::Value(select) => {
                        CompiledPart::Value(self.expression(&shown, select, &variables)?)
                    }
                });
            }
            checks.push((check.clone(), test, message));
        }
        let rule = CompiledRule {
            pattern,
            shown,
            lets,
            checks,
            requires,
            decided,
        };
        Ok((rule, entries))
    }
}

/// Whether `expression` mentions the variable `$name` (`$` and the name
/// may be apart by spaces; a mention in a string literal counts too, which
/// only declares a variable needlessly).
pub(super) fn mentions(expression: &str, name: &str) -> bool {
    expression.match_indices('$').any(|(at, _)| {
        let rest = expression[at + 1..].trim_start();
        rest.strip_prefix(name).is_some_and(|after| {
            !after.starts_with(|c: char| super::xpath_text::is_name_char(c) || c == ':')
        })
    })
}

pub(super) fn variable(name: &str) -> OwnedName {
    OwnedName::new(name.to_string(), String::new(), String::new())
}
