//! The diagnostics of a Schematron run: a finding (an assert that failed
//! or a report that fired) with its severity from `@role`, and the warning
//! for a rule that is not run.

use super::codes;
use super::extract::{Check, CheckKind};
use super::xpath_text::squeeze;
use crate::diagnostic::{Diagnostic, Severity};
use crate::model::Span;

/// The diagnostic of an assert that failed or a report that fired.
pub fn finding(check: &Check, pattern_id: &str, message: String, span: Span) -> Diagnostic {
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

pub fn unsupported(span: Span, reason: &str) -> Diagnostic {
    Diagnostic::warning(
        codes::UNSUPPORTED,
        span,
        format!("Schematron {reason}; the rule is not checked"),
    )
    .with_label("in this document")
    .with_help("teikit's XPath engine cannot run this rule of the schema; check it with another Schematron processor")
}

#[cfg(test)]
mod tests {
    use super::*;

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
