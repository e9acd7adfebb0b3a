//! Numbers the documents: stated numbers as written, numbers of unnumbered
//! documents inferred from their neighbours (docs/encoding.md §2.1 rule 11, §7.1 rule 22).

use std::collections::{HashMap, HashSet};

use super::codes;
use super::document::Numbered;
use crate::diagnostic::Diagnostic;
use crate::model::{Cert, Span};

/// What numbering needs to know of a document.
pub struct NumberInput {
    pub stated: Option<(String, Span)>,
    pub fragment: bool,
    /// Line where the title starts, for ids and help texts.
    pub title_line: usize,
    pub title_span: Span,
}

/// At most this many candidate numbers are listed one by one.
const MAX_LISTED: u64 = 10;

fn value(n: &str) -> Option<u64> {
    n.parse().ok()
}

fn list_numbers(numbers: &[u64]) -> String {
    match numbers {
        [] => String::new(),
        [a] => format!("No. {a}"),
        [rest @ .., last] => {
            let head: Vec<String> = rest.iter().map(|n| format!("No. {n}")).collect();
            format!("{} or No. {last}", head.join(", "))
        }
    }
}

/// Assigns `n`, `xml:id` and `cert` to every document.
pub fn assign(inputs: &[NumberInput], number_line: &str) -> (Vec<Numbered>, Vec<Diagnostic>) {
    let mut diagnostics = Vec::new();
    let mut out: Vec<Numbered> = Vec::with_capacity(inputs.len());
    let mut fragments = 0;
    let stated: Vec<Option<u64>> = inputs
        .iter()
        .map(|d| d.stated.as_ref().and_then(|(n, _)| value(n)))
        .collect();
    let mut previous: Option<(u64, String)> = None;
    let mut i = 0;
    while i < inputs.len() {
        let input = &inputs[i];
        if input.fragment {
            fragments += 1;
            out.push(Numbered {
                n: None,
                id: format!("fragment-{fragments}"),
                cert: None,
            });
            i += 1;
            continue;
        }
        if let Some((n, span)) = &input.stated {
            if let (Some((p, pn)), Some(v)) = (&previous, value(n))
                && v <= *p
            {
                diagnostics.push(
                    Diagnostic::warning(
                        codes::NUMBER_ORDER,
                        *span,
                        format!("No. {n} follows No. {pn}"),
                    )
                    .with_help(
                        "numbers are kept as written; a repeated number gets the id suffix -2",
                    ),
                );
            }
            out.push(Numbered {
                n: Some(n.clone()),
                id: format!("d{n}"),
                cert: None,
            });
            if let Some(v) = value(n) {
                previous = Some((v, n.clone()));
            }
            i += 1;
            continue;
        }
        // A run of unnumbered documents from i to j (exclusive).
        let j = (i..inputs.len())
            .find(|&k| inputs[k].stated.is_some() || inputs[k].fragment)
            .unwrap_or(inputs.len());
        let next = (j < inputs.len()).then(|| stated[j]).flatten();
        let k = (j - i) as u64;
        let p = previous.as_ref().map(|(v, _)| *v);
        for (offset, input) in inputs[i..j].iter().enumerate() {
            let idx = offset as u64 + 1;
            let fallback = Numbered {
                n: None,
                id: format!("doc-L{}", input.title_line),
                cert: None,
            };
            let at = input.title_span;
            let help_line = |n: u64| {
                format!(
                    "add the line \"{}\" before line {} to confirm",
                    number_line.replace("{n}", &n.to_string()),
                    input.title_line
                )
            };
            let numbered = match (p, next) {
                (Some(p), Some(q)) if q > p && k == q - p - 1 => {
                    let n = p + idx;
                    diagnostics.push(
                        Diagnostic::warning(
                            codes::MISSING_NUMBER,
                            at,
                            format!("document has no number line; numbered {n} (between No. {p} and No. {q})"),
                        )
                        .with_help(help_line(n)),
                    );
                    Numbered {
                        n: Some(n.to_string()),
                        id: format!("d{n}"),
                        cert: Some(Cert::Medium),
                    }
                }
                (Some(p), Some(q)) if q > p && k < q - p - 1 => {
                    let n = p + idx;
                    let (first, last) = (p + idx, q - k - 1 + idx);
                    // A gap of thousands of numbers is named by its ends.
                    let named = if last - first < MAX_LISTED {
                        list_numbers(&(first..=last).collect::<Vec<u64>>())
                    } else {
                        format!("one of No. {first} to No. {last}")
                    };
                    diagnostics.push(
                        Diagnostic::warning(
                            codes::AMBIGUOUS_NUMBER,
                            at,
                            format!("document has no number line; it is {named}"),
                        )
                        .with_help(format!(
                            "numbered {n} with cert=\"low\"; the other number does not occur in this source; add the right number line"
                        )),
                    );
                    Numbered {
                        n: Some(n.to_string()),
                        id: format!("d{n}"),
                        cert: Some(Cert::Low),
                    }
                }
                (Some(p), Some(q)) => {
                    diagnostics.push(
                        Diagnostic::warning(codes::NUMBER_ORDER, at, format!("No. {q} follows No. {p}"))
                            .with_help(format!(
                                "{k} documents without number line stand between No. {p} and No. {q}; they get no number"
                            )),
                    );
                    fallback
                }
                (None, Some(q)) if q > k => {
                    let n = q - k + idx - 1;
                    diagnostics.push(
                        Diagnostic::warning(
                            codes::MISSING_NUMBER,
                            at,
                            format!("document has no number line; numbered {n} (before No. {q})"),
                        )
                        .with_help(help_line(n)),
                    );
                    Numbered {
                        n: Some(n.to_string()),
                        id: format!("d{n}"),
                        cert: Some(Cert::Medium),
                    }
                }
                (Some(p), None) => {
                    let n = p + idx;
                    diagnostics.push(
                        Diagnostic::warning(
                            codes::MISSING_NUMBER,
                            at,
                            format!("document has no number line; numbered {n} (after No. {p})"),
                        )
                        .with_help(help_line(n)),
                    );
                    Numbered {
                        n: Some(n.to_string()),
                        id: format!("d{n}"),
                        cert: Some(Cert::Low),
                    }
                }
                _ => fallback,
            };
            out.push(numbered);
        }
        i = j;
    }
    dedupe_ids(&mut out);
    (out, diagnostics)
}

/// A repeated id gets `-2`, `-3`.
fn dedupe_ids(numbered: &mut [Numbered]) {
    let mut seen: HashSet<String> = HashSet::new();
    // The last suffix given to (or found taken for) each id: base, base-2 …
    // base-k are all taken, so the search goes on from k (linear, not cubic,
    // in a source that repeats one number thousands of times).
    let mut last_suffix: HashMap<String, usize> = HashMap::new();
    for n in numbered.iter_mut() {
        let base = n.id.clone();
        let mut k = last_suffix.get(&base).copied().unwrap_or(1);
        if k > 1 {
            n.id = format!("{base}-{k}");
        }
        while seen.contains(&n.id) {
            k += 1;
            n.id = format!("{base}-{k}");
        }
        last_suffix.insert(base, k);
        seen.insert(n.id.clone());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input(n: Option<&str>, line: usize) -> NumberInput {
        NumberInput {
            stated: n.map(|n| (n.to_string(), Span::default())),
            fragment: false,
            title_line: line,
            title_span: Span::default(),
        }
    }

    fn check(ns: &[Option<&str>], expect: &[(&str, Option<&str>)]) -> Vec<Diagnostic> {
        let inputs: Vec<_> = ns
            .iter()
            .enumerate()
            .map(|(i, n)| input(*n, i + 1))
            .collect();
        let (out, diags) = assign(&inputs, "No. {n}");
        let got: Vec<(String, Option<&str>)> = out
            .iter()
            .map(|n| (n.id.clone(), n.cert.map(|c| c.as_str())))
            .collect();
        let expect: Vec<(String, Option<&str>)> =
            expect.iter().map(|(a, b)| (a.to_string(), *b)).collect();
        assert_eq!(got, expect);
        diags
    }

    #[test]
    fn certain_and_ambiguous_gaps() {
        let d = check(
            &[Some("557"), None, Some("559"), None, Some("562")],
            &[
                ("d557", None),
                ("d558", Some("medium")),
                ("d559", None),
                ("d560", Some("low")),
                ("d562", None),
            ],
        );
        assert_eq!(
            d[1].message,
            "document has no number line; it is No. 560 or No. 561"
        );
    }

    #[test]
    fn before_first_after_last_and_too_many() {
        check(
            &[None, Some("212")],
            &[("d211", Some("medium")), ("d212", None)],
        );
        check(&[Some("5"), None], &[("d5", None), ("d6", Some("low"))]);
        let d = check(
            &[Some("5"), None, None, Some("6")],
            &[
                ("d5", None),
                ("doc-L2", None),
                ("doc-L3", None),
                ("d6", None),
            ],
        );
        assert!(d.iter().all(|d| d.code == codes::NUMBER_ORDER));
        let d = check(&[Some("5"), Some("5")], &[("d5", None), ("d5-2", None)]);
        assert_eq!(d[0].message, "No. 5 follows No. 5");
    }
}
