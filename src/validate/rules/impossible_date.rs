//! Rule: @when, @from, @to, @notBefore and @notAfter hold real calendar dates
//! (ISO 8601 as W3C schema dates: 1920, 1920-11, 1920-11-05, dateTime…).

use super::{Rule, Tree};
use crate::diagnostic::Diagnostic;
use crate::validate::datatypes;

pub const RULE: Rule = Rule {
    code: "teikit::rules::impossible-date",
    description: "@when/@from/@to/@notBefore/@notAfter are real calendar dates",
    fix: "write the date as YYYY, YYYY-MM or YYYY-MM-DD with a day that exists in that month",
    check,
};

const DATING: &[&str] = &["when", "from", "to", "notBefore", "notAfter"];
/// Elements whose @from/@to are page or folio references, not dates.
const CITING: &[&str] = &["citedRange", "biblScope", "locus", "locusGrp"];
const FORMS: &[&str] = &[
    "date",
    "dateTime",
    "gYear",
    "gYearMonth",
    "gMonthDay",
    "gMonth",
    "gDay",
    "time",
];

fn check(tree: &Tree) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for id in tree.iter() {
        let Some(element) = tree.element(id) else {
            continue;
        };
        if CITING.contains(&element.name.local.as_str()) {
            continue;
        }
        for attribute in &element.attributes {
            if attribute.name.namespace.is_some()
                || !DATING.contains(&attribute.name.local.as_str())
            {
                continue;
            }
            let value = attribute.value.trim();
            if !FORMS.iter().any(|form| datatypes::matches(form, value)) {
                out.push(
                    Diagnostic::error(
                        RULE.code,
                        attribute.span,
                        format!(
                            "@{}=\"{value}\" of <{}> is not a real calendar date",
                            attribute.name.qname, element.name.qname
                        ),
                    )
                    .with_label("no such date"),
                );
            }
        }
    }
    out
}
