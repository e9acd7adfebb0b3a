//! The chronology of the HTML edition: documents in date order, grouped by
//! year. A document dated by a range or by bounds (`@notBefore`/`@notAfter`)
//! stands at its earliest possible day and is marked inexact, with its bounds;
//! a document without a machine-readable date is listed apart as undated.

use serde::Serialize;

use super::view::DocumentSummary;

#[derive(Debug, Serialize)]
pub struct Chronology {
    pub years: Vec<ChronologyYear>,
    pub undated: Vec<ChronologyEntry>,
    pub inexact: usize,
}

#[derive(Debug, Serialize)]
pub struct ChronologyYear {
    pub year: String,
    pub entries: Vec<ChronologyEntry>,
}

#[derive(Debug, Serialize)]
pub struct ChronologyEntry {
    pub href: String,
    pub label: String,
    pub title: String,
    pub date_html: Option<String>,
    /// `YYYY-MM-DD` the entry is sorted by (its earliest possible day).
    pub sort_date: Option<String>,
    /// Why the place is approximate, for an inexact date.
    pub inexact: Option<String>,
}

pub fn chronology(documents: &[DocumentSummary]) -> Chronology {
    let mut dated: Vec<(String, String, usize, ChronologyEntry)> = Vec::new();
    let mut undated = Vec::new();
    for (i, view) in documents.iter().enumerate() {
        let range = view.date_range.clone();
        let mut entry = ChronologyEntry {
            href: view.href.clone(),
            label: view.label.clone(),
            title: view.title_text.clone(),
            date_html: view.date_html.clone(),
            sort_date: None,
            inexact: None,
        };
        match range {
            Some(r) => {
                if !r.exact {
                    entry.inexact = Some(if r.from == r.to {
                        format!("Date not exact: placed at {}", r.from)
                    } else {
                        format!(
                            "Date not exact: between {} and {}, placed at the earlier",
                            r.from, r.to
                        )
                    });
                }
                entry.sort_date = Some(r.from.clone());
                dated.push((r.from, r.to, i, entry));
            }
            None => undated.push(entry),
        }
    }
    // Earliest day first; a narrower range before a wider one; then edition order.
    dated.sort_by(|a, b| (&a.0, &a.1, a.2).cmp(&(&b.0, &b.1, b.2)));
    let inexact = dated.iter().filter(|d| d.3.inexact.is_some()).count();
    let mut years: Vec<ChronologyYear> = Vec::new();
    for (from, _, _, entry) in dated {
        let year: String = from.chars().take(4).collect();
        match years.last_mut() {
            Some(y) if y.year == year => y.entries.push(entry),
            _ => years.push(ChronologyYear {
                year,
                entries: vec![entry],
            }),
        }
    }
    Chronology {
        years,
        undated,
        inexact,
    }
}
