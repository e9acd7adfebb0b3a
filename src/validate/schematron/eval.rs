//! Runs the extracted Schematron on one document with xee's XPath 3.1
//! engine: rule contexts select their nodes, `let`s bind variables, each
//! `assert` and `report` gives a diagnostic at the node's tag with the
//! rule's own message. A rule that cannot be compiled or that fails at run
//! time is reported once (a warning) and never counts as an error.

// A rule fails once per file, so its warning is returned unboxed.
#![allow(clippy::result_large_err)]

use std::cell::RefCell;
use std::rc::Rc;

use rustc_hash::FxHashSet;
use xee_xpath::context::{StaticContextBuilder, Variables};
use xee_xpath::{Item, Queries, Query, Sequence, query::SequenceQuery};
use xot::xmlname::OwnedName;

use super::codes;
use super::extract::{Check, CheckKind, Extracted, Part, Rule};
use super::tree::Document;
use crate::diagnostic::{Diagnostic, Severity};

/// The variable `current()` is rewritten to: XSLT's `current()` (the rule's
/// context node) is not an XPath function.
const CURRENT: &str = "teikit-current";

/// A rule with every expression compiled.
struct CompiledRule {
    /// The rule's context as written, for messages.
    shown: String,
    /// What each alternative of the context needs in a document to match
    /// anything: a rule none of whose needs is met is not run.
    needs: Vec<Need>,
    context: SequenceQuery,
    lets: Vec<(OwnedName, SequenceQuery)>,
    checks: Vec<(Check, SequenceQuery, Vec<CompiledPart>)>,
}

enum CompiledPart {
    Text(String),
    Value(SequenceQuery),
}

/// Every pattern compiled: its id and its rules in order, each compiled or
/// the reason it does not compile.
struct Compiled {
    patterns: Vec<(String, Vec<Result<CompiledRule, String>>)>,
}

thread_local! {
    /// Compiled Schematron by [`super::Schematron`] id: xee's programs are
    /// not `Send`, so each thread compiles a schema's rules once and reuses
    /// them for every file it validates.
    static COMPILED: RefCell<Vec<(u64, Rc<Compiled>)>> = const { RefCell::new(Vec::new()) };
}

/// The compiled form of `schematron` (identified by `id`) on this thread.
fn compiled_for(id: u64, schematron: &Extracted) -> Rc<Compiled> {
    COMPILED.with(|cache| {
        let mut cache = cache.borrow_mut();
        if let Some((_, compiled)) = cache.iter().find(|(i, _)| *i == id) {
            return compiled.clone();
        }
        let compiled = Rc::new(compile_all(schematron));
        // A run loads at most a schema and the profile; a long-lived process
        // (the Python module) may load more: the oldest is dropped.
        if cache.len() >= 4 {
            cache.remove(0);
        }
        cache.push((id, compiled.clone()));
        compiled
    })
}

fn compile_all(schematron: &Extracted) -> Compiled {
    let patterns = schematron
        .patterns
        .iter()
        .map(|pattern| {
            let id = pattern.id.clone().unwrap_or_else(|| "(no id)".to_string());
            let rules = pattern
                .rules
                .iter()
                .map(|rule| compile(schematron, rule))
                .collect();
            (id, rules)
        })
        .collect();
    Compiled { patterns }
}

/// Runs every pattern of `schematron` (identified by `id`) on `document`.
pub fn run(id: u64, schematron: &Extracted, document: &mut Document) -> Vec<Diagnostic> {
    let mut diagnostics = Vec::new();
    for reason in &schematron.unsupported {
        diagnostics.push(unsupported(document, reason));
    }
    let compiled = compiled_for(id, schematron);
    for (pattern_id, rules) in &compiled.patterns {
        // A node is checked by the first rule of the pattern that matches it.
        let mut matched: FxHashSet<xot::Node> = FxHashSet::default();
        for rule in rules {
            let rule = match rule {
                Ok(rule) => rule,
                Err(error) => {
                    diagnostics.push(unsupported(
                        document,
                        &format!("pattern {pattern_id}, {error}"),
                    ));
                    continue;
                }
            };
            if let Err(error) = run_rule(rule, pattern_id, document, &mut matched, &mut diagnostics)
            {
                diagnostics.push(error);
            }
        }
    }
    diagnostics
}

/// Compiles a rule; the error names the rule and the expression that does
/// not compile.
fn compile(schematron: &Extracted, rule: &Rule) -> Result<CompiledRule, String> {
    let shown = squeeze(&rule.context);
    let mut variables: Vec<OwnedName> = vec![variable(CURRENT)];
    let compile_one = |expression: &str, variables: &[OwnedName]| {
        let mut builder = StaticContextBuilder::default();
        for (prefix, uri) in &schematron.namespaces {
            builder.add_namespace(prefix, uri);
        }
        builder.variable_names(variables.iter().cloned());
        Queries::new(builder)
            .sequence(&rewrite(expression, &schematron.namespaces))
            .map_err(|error| {
                format!(
                    "rule {shown}: `{}` does not compile: {error}",
                    squeeze(expression)
                )
            })
    };
    let context = compile_one(&selector(&rule.context), &[])?;
    let mut lets = Vec::new();
    for binding in &rule.lets {
        let query = compile_one(&binding.value, &variables)?;
        let name = variable(&binding.name);
        variables.push(name.clone());
        lets.push((name, query));
    }
    let mut checks = Vec::new();
    for check in &rule.checks {
        let test = compile_one(&check.test, &variables)?;
        let mut message = Vec::new();
        for part in &check.message {
            message.push(match part {
                Part::Text(text) => CompiledPart::Text(text.clone()),
                Part::Value(select) => CompiledPart::Value(compile_one(select, &variables)?),
            });
        }
        checks.push((check.clone(), test, message));
    }
    Ok(CompiledRule {
        needs: split_top_level(rule.context.trim(), '|')
            .into_iter()
            .map(|alternative| need(alternative, &schematron.namespaces))
            .collect(),
        shown,
        context,
        lets,
        checks,
    })
}

fn variable(name: &str) -> OwnedName {
    OwnedName::new(name.to_string(), String::new(), String::new())
}

/// Checks every node the rule's context selects (and no earlier rule of the
/// pattern took); the error is the rule's one evaluation warning.
fn run_rule(
    compiled: &CompiledRule,
    pattern_id: &str,
    document: &mut Document,
    matched: &mut FxHashSet<xot::Node>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Result<(), Diagnostic> {
    let failed = |document: &Document, node: Option<xot::Node>, error: String| {
        let span = node.map_or(document.root_span, |n| document.span_of(n));
        Diagnostic::warning(
            codes::EVALUATION,
            span,
            format!(
                "Schematron rule {} (pattern {pattern_id}) failed here and is skipped: {error}",
                compiled.shown
            ),
        )
        .with_label("here")
        .with_help("the rule's XPath raised an error on this document; its checks were not made")
    };
    if !compiled.needs.iter().any(|need| need.met(document)) {
        return Ok(());
    }
    let root = Item::Node(document.root);
    let selected = compiled
        .context
        .execute(&mut document.documents, &root)
        .map_err(|e| failed(document, None, e.to_string()))?;
    let nodes: Vec<xot::Node> = selected
        .iter()
        .filter_map(|item| match item {
            Item::Node(node) => Some(node),
            _ => None,
        })
        .filter(|node| matched.insert(*node))
        .collect();
    for node in nodes {
        let mut variables = Variables::default();
        variables.insert(variable(CURRENT), Sequence::from(vec![Item::Node(node)]));
        let evaluate = |query: &SequenceQuery, document: &mut Document, variables: &Variables| {
            query.execute_build_context(&mut document.documents, |builder| {
                builder.context_item(Item::Node(node));
                builder.variables(variables.clone());
            })
        };
        for (name, query) in &compiled.lets {
            let value = evaluate(query, document, &variables)
                .map_err(|e| failed(document, Some(node), e.to_string()))?;
            variables.insert(name.clone(), value);
        }
        for (check, test, message) in &compiled.checks {
            let verdict = evaluate(test, document, &variables)
                .and_then(|value| value.effective_boolean_value().map_err(Into::into))
                .map_err(|e| failed(document, Some(node), e.to_string()))?;
            let fires = match check.kind {
                CheckKind::Assert => !verdict,
                CheckKind::Report => verdict,
            };
            if !fires {
                continue;
            }
            let mut text = String::new();
            for part in message {
                match part {
                    CompiledPart::Text(t) => text.push_str(t),
                    CompiledPart::Value(query) => {
                        let value = evaluate(query, document, &variables)
                            .map_err(|e| failed(document, Some(node), e.to_string()))?;
                        let xot = document.documents.xot();
                        let strings: Vec<String> = value
                            .iter()
                            .filter_map(|item| item.string_value(xot).ok())
                            .collect();
                        text.push_str(&strings.join(" "));
                    }
                }
            }
            diagnostics.push(finding(
                check,
                pattern_id,
                squeeze(&text),
                document.span_of(node),
            ));
        }
    }
    Ok(())
}

/// The diagnostic of an assert that failed or a report that fired.
fn finding(
    check: &Check,
    pattern_id: &str,
    message: String,
    span: crate::model::Span,
) -> Diagnostic {
    let (code, kind) = match check.kind {
        CheckKind::Assert => (codes::ASSERT, "assert"),
        CheckKind::Report => (codes::REPORT, "report"),
    };
    let message = if message.is_empty() {
        format!(
            "Schematron {kind} `{}` of pattern {pattern_id}",
            squeeze(&check.test)
        )
    } else {
        message
    };
    let named = check
        .id
        .as_deref()
        .map_or(String::new(), |id| format!(" {id}"));
    Diagnostic::new(code, severity(check.role.as_deref()), span, message)
        .with_label("here")
        .with_help(format!(
            "the schema's Schematron {kind}{named} (pattern {pattern_id}) tests `{}`",
            squeeze(&check.test)
        ))
}

/// Severity from `@role`: an error unless the role says it is not one.
pub fn severity(role: Option<&str>) -> Severity {
    match role.map(|r| r.trim().to_ascii_lowercase()).as_deref() {
        Some("warning" | "warn" | "nonfatal") => Severity::Warning,
        Some("info" | "information") => Severity::Advice,
        _ => Severity::Error,
    }
}

fn unsupported(document: &Document, reason: &str) -> Diagnostic {
    Diagnostic::warning(
        codes::UNSUPPORTED,
        document.root_span,
        format!("Schematron {reason}; the rule is not checked"),
    )
    .with_label("in this document")
    .with_help("teikit's XPath engine cannot run this rule of the schema; check it with another Schematron processor")
}

/// Whitespace runs as one space, trimmed (messages are indented in schemas).
fn squeeze(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The XPath that selects every node a rule's context pattern matches.
///
/// A relative pattern `P` matches the nodes of `//(P)`; xee evaluates that
/// as a child step from every node of the document, merged and sorted, which
/// costs tens of times more than one walk down the tree. So each
/// alternative of the pattern that starts with a name test and has no
/// positional predicate on its first step is selected as `/descendant::P`
/// (the same nodes); any other stays `//(P)`.
pub fn selector(context: &str) -> String {
    let alternatives: Vec<String> = split_top_level(context.trim(), '|')
        .into_iter()
        .map(|alternative| {
            let alternative = alternative.trim();
            let first_step = split_top_level(alternative, '/')
                .first()
                .map(|s| s.trim().to_string())
                .unwrap_or_default();
            let starts_with_name = alternative
                .chars()
                .next()
                .is_some_and(|c| is_name_start(c) || c == '*');
            let positional = first_step.contains("position()")
                || first_step.contains("last()")
                || first_step
                    .split('[')
                    .skip(1)
                    .any(|p| p.trim_end_matches(']').trim().parse::<f64>().is_ok());
            if alternative.starts_with('/') {
                alternative.to_string()
            } else if starts_with_name && !first_step.contains("::") && !positional {
                format!("/descendant::{alternative}")
            } else {
                format!("//({alternative})")
            }
        })
        .collect();
    alternatives.join(" | ")
}

/// What one alternative of a rule context needs in a document to match
/// anything, read from its last step.
#[derive(Debug, PartialEq)]
enum Need {
    /// Nothing known: always run.
    Anything,
    /// An element of this (namespace, local name).
    Element(String, String),
    /// An attribute of this local name (`@n`, or `*[@n …]`).
    Attribute(String),
}

impl Need {
    fn met(&self, document: &Document) -> bool {
        match self {
            Need::Anything => true,
            Need::Element(namespace, local) => document
                .element_names
                .contains(&(namespace.clone(), local.clone())),
            Need::Attribute(local) => document.attribute_names.contains(local),
        }
    }
}

/// The need of one alternative: its last step's name test, or for a
/// wildcard the attribute its first predicate requires (`tei:*[@when]`,
/// `*[ @minOccurs and …]`); anything unusual needs [`Need::Anything`].
fn need(alternative: &str, namespaces: &[(String, String)]) -> Need {
    let last = split_top_level(alternative.trim(), '/')
        .pop()
        .unwrap_or_default()
        .trim();
    let (test, predicates) = match last.find('[') {
        Some(i) => (last[..i].trim(), &last[i..]),
        None => (last, ""),
    };
    if test.contains("::") || test.contains('(') || test.is_empty() {
        return Need::Anything;
    }
    let local_of = |name: &str| name.rsplit(':').next().unwrap_or(name).to_string();
    if let Some(attribute) = test.strip_prefix('@') {
        return if attribute.ends_with('*') {
            Need::Anything
        } else {
            Need::Attribute(local_of(attribute))
        };
    }
    if test == "*" || test.ends_with(":*") {
        // Predicates are all required: any one that is `@n` (or `@n and …`)
        // makes the attribute a need.
        let mut rest = predicates;
        while rest.starts_with('[') {
            let predicate = first_predicate(rest);
            let first = squeeze(predicate);
            let required = first
                .strip_prefix('@')
                .map(|r| r.split(|c: char| c.is_whitespace()).next().unwrap_or(""))
                .filter(|name| {
                    !name.is_empty()
                        && name.chars().all(|c| is_name_char(c) || c == ':')
                        && (first == format!("@{name}")
                            || first.starts_with(&format!("@{name} and ")))
                });
            if let Some(name) = required {
                return Need::Attribute(local_of(name));
            }
            rest = rest[predicate.len() + 2..].trim_start();
        }
        return Need::Anything;
    }
    if test.starts_with('*') {
        return Need::Anything;
    }
    match test.split_once(':') {
        Some((prefix, local)) => namespaces
            .iter()
            .find(|(p, _)| p == prefix)
            .map_or(Need::Anything, |(_, uri)| {
                Need::Element(uri.clone(), local.to_string())
            }),
        None => Need::Element(String::new(), test.to_string()),
    }
}

/// The text of the first predicate of `predicates` (`[a][b]` → `a`).
fn first_predicate(predicates: &str) -> &str {
    let Some(body) = predicates.strip_prefix('[') else {
        return "";
    };
    let (mut depth, mut quote) = (0usize, None::<char>);
    for (i, c) in body.char_indices() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '\'' | '"') => quote = Some(c),
            (None, '[' | '(') => depth += 1,
            (None, ']') if depth == 0 => return &body[..i],
            (None, ']' | ')') => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    ""
}

/// Splits at `separator` outside brackets, parentheses and string literals.
fn split_top_level(text: &str, separator: char) -> Vec<&str> {
    let mut parts = Vec::new();
    let (mut depth, mut quote, mut start) = (0usize, None::<char>, 0);
    for (i, c) in text.char_indices() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '\'' | '"') => quote = Some(c),
            (None, '[' | '(') => depth += 1,
            (None, ']' | ')') => depth = depth.saturating_sub(1),
            (None, c) if c == separator && depth == 0 => {
                parts.push(&text[start..i]);
                start = i + c.len_utf8();
            }
            _ => {}
        }
    }
    parts.push(&text[start..]);
    parts
}

/// Local names that xee 0.1.5's lexer reads as operators after a prefix:
/// `tei:div` does not compile (nor `Q{uri}div`, `*:div` or
/// `element(tei:div)`), so such a name test is written as a wildcard with
/// predicates on the local name and namespace.
const KEYWORDS: &[&str] = &[
    "and",
    "or",
    "div",
    "idiv",
    "mod",
    "eq",
    "ne",
    "lt",
    "le",
    "gt",
    "ge",
    "is",
    "to",
    "union",
    "intersect",
    "except",
    "instance",
    "treat",
    "castable",
    "cast",
    "return",
    "satisfies",
    "then",
    "else",
    "in",
    "as",
    "of",
];

fn is_name_start(c: char) -> bool {
    c.is_alphabetic() || c == '_'
}

fn is_name_char(c: char) -> bool {
    c.is_alphanumeric() || matches!(c, '_' | '-' | '.' | '\u{B7}')
}

/// Rewrites an XPath of the schema for xee, outside string literals: XSLT's
/// `current()` becomes the variable [`CURRENT`] (bound to the rule's context
/// node), and a prefixed name whose local part is an XPath keyword becomes
/// a wildcard with predicates (`tei:div` →
/// `*[local-name() = 'div'][namespace-uri() = '…tei…']`; positional
/// predicates after it keep their meaning, as they apply to the filtered
/// nodes).
pub fn rewrite(expression: &str, namespaces: &[(String, String)]) -> String {
    let chars: Vec<char> = expression.chars().collect();
    let mut out = String::with_capacity(expression.len());
    let mut i = 0;
    let mut quote: Option<char> = None;
    while i < chars.len() {
        let c = chars[i];
        if let Some(q) = quote {
            if c == q {
                quote = None;
            }
            out.push(c);
            i += 1;
            continue;
        }
        if c == '\'' || c == '"' {
            quote = Some(c);
            out.push(c);
            i += 1;
            continue;
        }
        let after_name = i > 0 && (is_name_char(chars[i - 1]) || chars[i - 1] == '$');
        if !is_name_start(c) || after_name {
            out.push(c);
            i += 1;
            continue;
        }
        let name_end = (i..chars.len())
            .find(|&j| !is_name_char(chars[j]))
            .unwrap_or(chars.len());
        let name: String = chars[i..name_end].iter().collect();
        // `current()` (spaces allowed inside the parentheses).
        if name == "current" {
            let mut j = name_end;
            while chars.get(j).is_some_and(|c| c.is_whitespace()) {
                j += 1;
            }
            if chars.get(j) == Some(&'(') {
                let mut k = j + 1;
                while chars.get(k).is_some_and(|c| c.is_whitespace()) {
                    k += 1;
                }
                if chars.get(k) == Some(&')') {
                    out.push('$');
                    out.push_str(CURRENT);
                    i = k + 1;
                    continue;
                }
            }
        }
        // `prefix:keyword` (a single colon: `child::div` is an axis).
        if chars.get(name_end) == Some(&':')
            && chars.get(name_end + 1).is_some_and(|c| is_name_start(*c))
        {
            let local_end = (name_end + 1..chars.len())
                .find(|&j| !is_name_char(chars[j]))
                .unwrap_or(chars.len());
            let local: String = chars[name_end + 1..local_end].iter().collect();
            let uri = namespaces.iter().find(|(p, _)| *p == name).map(|(_, u)| u);
            if let (true, Some(uri)) = (KEYWORDS.contains(&local.as_str()), uri) {
                out.push_str(&format!(
                    "*[local-name() = '{local}'][namespace-uri() = '{uri}']"
                ));
            } else {
                out.push_str(&name);
                out.push(':');
                out.push_str(&local);
            }
            i = local_end;
            continue;
        }
        out.push_str(&name);
        i = name_end;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn current_and_keyword_names_are_rewritten_outside_literals() {
        let namespaces = [("tei".to_string(), "urn:t".to_string())];
        let cases = [
            ("current()/@spanTo", "$teikit-current/@spanTo"),
            ("a[. = current( )]", "a[. = $teikit-current]"),
            ("'current()' = concurrent()", "'current()' = concurrent()"),
            ("my:current() or current", "my:current() or current"),
            (
                "//(tei:div)",
                "//(*[local-name() = 'div'][namespace-uri() = 'urn:t'])",
            ),
            (
                "parent::tei:div | tei:divGen",
                "parent::*[local-name() = 'div'][namespace-uri() = 'urn:t'] | tei:divGen",
            ),
            (
                "child::div and x:div and 'tei:div'",
                "child::div and x:div and 'tei:div'",
            ),
            ("$tei:div + 1.5e3", "$tei:div + 1.5e3"),
        ];
        for (input, expect) in cases {
            assert_eq!(rewrite(input, &namespaces), expect, "{input}");
        }
    }

    #[test]
    fn contexts_become_descendant_walks_where_that_selects_the_same_nodes() {
        let cases = [
            ("tei:p", "/descendant::tei:p"),
            ("tei:rt/@target", "/descendant::tei:rt/@target"),
            (
                "tei:elementSpec[@module]|tei:classSpec[@module]",
                "/descendant::tei:elementSpec[@module] | /descendant::tei:classSpec[@module]",
            ),
            ("*[ @a | @b ]", "/descendant::*[ @a | @b ]"),
            (
                "tei:x[@n = 'a|b']/tei:y",
                "/descendant::tei:x[@n = 'a|b']/tei:y",
            ),
            ("/tei:TEI", "/tei:TEI"),
            ("@xml:id", "//(@xml:id)"),
            ("tei:p[1]", "//(tei:p[1])"),
            ("tei:p[last()]/tei:q", "//(tei:p[last()]/tei:q)"),
            ("child::tei:p", "//(child::tei:p)"),
        ];
        for (input, expect) in cases {
            assert_eq!(selector(input), expect, "{input}");
        }
    }

    #[test]
    fn contexts_need_their_last_step_in_the_document() {
        let namespaces = [("tei".to_string(), "urn:t".to_string())];
        let element = |l: &str| Need::Element("urn:t".into(), l.into());
        let cases = [
            ("tei:p", element("p")),
            ("tei:list[@type='gloss']", element("list")),
            (
                "tei:macroSpec/tei:constraintSpec[@s eq 'x']/tei:constraint",
                element("constraint"),
            ),
            ("tei:rt/@target", Need::Attribute("target".into())),
            ("tei:*[@when]", Need::Attribute("when".into())),
            (
                "*[ @minOccurs  and  not( @maxOccurs ) ]",
                Need::Attribute("minOccurs".into()),
            ),
            (
                "tei:*[not(self::tei:schemaSpec)][@targetLang]",
                Need::Attribute("targetLang".into()),
            ),
            ("tei:*[not(@a)]", Need::Anything),
            ("tei:*[@a or @b]", Need::Anything),
            ("x:p", Need::Anything),
            ("p", Need::Element(String::new(), "p".into())),
            ("child::tei:p", Need::Anything),
        ];
        for (input, expect) in cases {
            assert_eq!(need(input, &namespaces), expect, "{input}");
        }
    }

    #[test]
    fn role_gives_severity() {
        let cases = [
            (None, Severity::Error),
            (Some("fatal"), Severity::Error),
            (Some("error"), Severity::Error),
            (Some("Warning"), Severity::Warning),
            (Some("nonfatal"), Severity::Warning),
            (Some("info"), Severity::Advice),
        ];
        for (role, expect) in cases {
            assert_eq!(severity(role), expect, "{role:?}");
        }
    }
}
