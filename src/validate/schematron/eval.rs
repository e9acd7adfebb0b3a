//! Runs the extracted Schematron on one document with xee's XPath 3.1
//! engine: rule contexts select their nodes, `let`s bind variables, each
//! `assert` and `report` gives a diagnostic at the node's tag with the
//! rule's own message. A rule that cannot be compiled or that fails at run
//! time is reported once (a warning) and never counts as an error.

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
struct CompiledRule<'r> {
    rule: &'r Rule,
    context: SequenceQuery,
    lets: Vec<(OwnedName, SequenceQuery)>,
    checks: Vec<(&'r Check, SequenceQuery, Vec<CompiledPart>)>,
}

enum CompiledPart {
    Text(String),
    Value(SequenceQuery),
}

/// Runs every pattern of `schematron` on `document`.
pub fn run(schematron: &Extracted, document: &mut Document) -> Vec<Diagnostic> {
    let mut diagnostics = Vec::new();
    for reason in &schematron.unsupported {
        diagnostics.push(unsupported(document, reason));
    }
    for pattern in &schematron.patterns {
        let pattern_id = pattern.id.as_deref().unwrap_or("(no id)");
        // A node is checked by the first rule of the pattern that matches it.
        let mut matched: FxHashSet<xot::Node> = FxHashSet::default();
        for rule in &pattern.rules {
            let compiled = match compile(schematron, rule) {
                Ok(compiled) => compiled,
                Err(error) => {
                    diagnostics.push(unsupported(
                        document,
                        &format!(
                            "pattern {pattern_id}, rule {}: {error}",
                            rule.context.trim()
                        ),
                    ));
                    continue;
                }
            };
            if let Err(error) = run_rule(
                &compiled,
                pattern_id,
                document,
                &mut matched,
                &mut diagnostics,
            ) {
                diagnostics.push(error);
            }
        }
    }
    diagnostics
}

/// Compiles a rule; the error names the expression that does not compile.
fn compile<'r>(schematron: &'r Extracted, rule: &'r Rule) -> Result<CompiledRule<'r>, String> {
    let mut variables: Vec<OwnedName> = vec![variable(CURRENT)];
    let compile_one = |expression: &str, variables: &[OwnedName]| {
        let mut builder = StaticContextBuilder::default();
        for (prefix, uri) in &schematron.namespaces {
            builder.add_namespace(prefix, uri);
        }
        builder.variable_names(variables.iter().cloned());
        Queries::new(builder)
            .sequence(&rewrite_current(expression))
            .map_err(|error| format!("`{}` does not compile: {error}", squeeze(expression)))
    };
    let context = rule.context.trim();
    let selector = if context.starts_with('/') {
        context.to_string()
    } else {
        format!("//({context})")
    };
    let context = compile_one(&selector, &[])?;
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
        checks.push((check, test, message));
    }
    Ok(CompiledRule {
        rule,
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
    compiled: &CompiledRule<'_>,
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
                squeeze(&compiled.rule.context)
            ),
        )
        .with_label("here")
        .with_help("the rule's XPath raised an error on this document; its checks were not made")
    };
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

/// Rewrites XSLT's `current()` outside string literals to the variable
/// [`CURRENT`], bound to the rule's context node.
pub fn rewrite_current(expression: &str) -> String {
    let mut out = String::with_capacity(expression.len());
    let mut rest = expression;
    let mut quote: Option<char> = None;
    while let Some(c) = rest.chars().next() {
        if let Some(q) = quote {
            if c == q {
                quote = None;
            }
        } else if c == '\'' || c == '"' {
            quote = Some(c);
        } else if let Some(after) = rest.strip_prefix("current") {
            let name_before = out
                .chars()
                .next_back()
                .is_some_and(|p| p.is_alphanumeric() || matches!(p, '-' | '_' | '.' | ':' | '$'));
            let args = after.trim_start();
            if !name_before && args.starts_with('(') && args[1..].trim_start().starts_with(')') {
                out.push('$');
                out.push_str(CURRENT);
                let close = args[1..].find(')').map_or(0, |i| i + 2);
                rest = &args[close..];
                continue;
            }
        }
        out.push(c);
        rest = &rest[c.len_utf8()..];
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn current_is_rewritten_outside_literals() {
        let cases = [
            ("current()/@spanTo", "$teikit-current/@spanTo"),
            ("a[. = current( )]", "a[. = $teikit-current]"),
            ("'current()' = concurrent()", "'current()' = concurrent()"),
            ("my:current() or current", "my:current() or current"),
        ];
        for (input, expect) in cases {
            assert_eq!(rewrite_current(input), expect, "{input}");
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
