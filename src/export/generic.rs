//! How the text-like exports show markup kept as a generic [`Element`]:
//! both sides of a `choice`, an `app`'s lemma and readings with their
//! witnesses, `del`/`add`, `gap`/`desc`, verse lines, cells and items apart,
//! untyped notes as notes, and an `lb` that breaks no word joining it.

use crate::model::{Element, Inline, InlineKind};

/// What an exporter shows for one generic element.
#[derive(Debug, PartialEq)]
pub enum Display<'a> {
    /// Its content, as it stands.
    Content,
    /// Nothing: a page or column break, a line break inside a word.
    Nothing,
    /// A line break (`lb`).
    LineBreak,
    /// Its content on a line of its own (`l`, `item`, `p`, `head`, `row`…).
    Line,
    /// Its content as one cell of a table row.
    Cell,
    /// Parts shown one after another: the first plainly, the others in
    /// brackets; each with its label (an `app`'s witnesses) when it has one.
    Alternatives(Vec<Part<'a>>),
    /// Its content between two marks (`del`, `add`, a note).
    Marked {
        open: &'static str,
        close: &'static str,
    },
    /// A `gap` with a `desc`: the description in brackets.
    Described(&'a [Inline]),
    /// A `gap` without description: the omission mark.
    Omission,
}

/// One side of a `choice` or one reading of an `app`.
#[derive(Debug, PartialEq)]
pub struct Part<'a> {
    pub label: Option<String>,
    pub content: &'a [Inline],
}

/// The name without its prefix (`tei:l` → `l`).
pub fn local_name(element: &Element) -> &str {
    element
        .name
        .rsplit_once(':')
        .map_or(element.name.as_str(), |(_, local)| local)
}

fn attribute<'a>(element: &'a Element, key: &str) -> Option<&'a str> {
    element
        .attributes
        .iter()
        .find(|(k, _)| k == key)
        .map(|(_, v)| v.as_str())
}

/// Elements whose content stands on lines of its own.
const LINES: &[&str] = &[
    "l",
    "lg",
    "item",
    "list",
    "p",
    "ab",
    "head",
    "div",
    "div1",
    "div2",
    "div3",
    "div4",
    "div5",
    "row",
    "table",
    "sp",
    "speaker",
    "stage",
    "trailer",
    "byline",
    "dateline",
    "salute",
    "signed",
    "opener",
    "closer",
    "postscript",
    "titlePage",
    "titlePart",
    "docTitle",
    "docAuthor",
    "docImprint",
    "docDate",
    "argument",
    "epigraph",
    "bibl",
    "listBibl",
    "biblStruct",
    "label",
    "castList",
    "castItem",
    "figure",
    "figDesc",
    "line",
    "zone",
    "surface",
    "entry",
    "sense",
    "listWit",
    "witness",
    "front",
    "back",
    "body",
    "group",
    "text",
    "sourceDoc",
    "facsimile",
    "fw",
    "floatingText",
];

/// How `element` is shown. `lem` and `rdg` outside an `app`, `sic`, `corr`,
/// `abbr`, `expan`, `orig`, `reg` outside a `choice`, and `subst` (its `del`
/// and `add` are marked) show their content.
pub fn display(element: &Element) -> Display<'_> {
    match local_name(element) {
        "lb" => {
            let joins = attribute(element, "break") == Some("no")
                || attribute(element, "type") == Some("hyphenInWord");
            if joins {
                Display::Nothing
            } else {
                Display::LineBreak
            }
        }
        "pb" | "cb" | "milestone" | "anchor" => Display::Nothing,
        "gap" => match described(element) {
            Some(desc) => Display::Described(desc),
            None => Display::Omission,
        },
        "cell" => Display::Cell,
        "choice" => Display::Alternatives(parts(element, false)),
        "app" => Display::Alternatives(parts(element, true)),
        "del" => Display::Marked {
            open: "[-",
            close: "-]",
        },
        "add" => Display::Marked {
            open: "[+",
            close: "+]",
        },
        "note" => Display::Marked {
            open: "[Note: ",
            close: "]",
        },
        name if LINES.contains(&name) => Display::Line,
        _ => Display::Content,
    }
}

/// Markup kept as read carries the layout of the XML it came from (indented
/// lines, blank lines between elements): one line per line of content, runs
/// of spaces as one, no blank lines.
pub fn tidy_layout(text: &str) -> String {
    text.lines()
        .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join("\n")
}

/// The `desc` of a `gap`, when it has one.
fn described(gap: &Element) -> Option<&[Inline]> {
    gap.content.iter().find_map(|i| match &i.kind {
        InlineKind::Element(e) if local_name(e) == "desc" => Some(e.content.as_slice()),
        _ => None,
    })
}

/// The children of a `choice` or `app` that are elements; with `witnesses`,
/// each labelled by its `@wit` (pointers without `#`).
fn parts(element: &Element, witnesses: bool) -> Vec<Part<'_>> {
    element
        .content
        .iter()
        .filter_map(|inline| match &inline.kind {
            InlineKind::Text(t) if t.trim().is_empty() => None,
            InlineKind::Element(e) => Some(Part {
                label: witnesses.then(|| attribute(e, "wit")).flatten().map(|w| {
                    w.split_whitespace()
                        .map(|p| p.trim_start_matches('#'))
                        .collect::<Vec<_>>()
                        .join(" ")
                }),
                content: e.content.as_slice(),
            }),
            _ => Some(Part {
                label: None,
                content: std::slice::from_ref(inline),
            }),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Span;

    fn element(name: &str, attributes: &[(&str, &str)], content: Vec<Inline>) -> Element {
        Element {
            span: Span::default(),
            name: name.into(),
            attributes: attributes
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
            content,
        }
    }

    fn text(s: &str) -> Inline {
        Inline::text(Span::default(), s)
    }

    fn child(e: Element) -> Inline {
        Inline::new(Span::default(), InlineKind::Element(e))
    }

    #[test]
    fn each_construct_is_shown_distinctly() {
        let check = |e: Element, expect: Display| assert_eq!(display(&e), expect, "{}", e.name);
        check(element("lb", &[("break", "no")], vec![]), Display::Nothing);
        check(
            element("tei:lb", &[("type", "hyphenInWord")], vec![]),
            Display::Nothing,
        );
        check(element("lb", &[], vec![]), Display::LineBreak);
        check(element("l", &[], vec![]), Display::Line);
        check(element("cell", &[], vec![]), Display::Cell);
        check(element("gap", &[], vec![]), Display::Omission);
        let desc = vec![text("two words")];
        let gap = element("gap", &[], vec![child(element("desc", &[], desc.clone()))]);
        check(gap, Display::Described(&desc));
        let (lem, rdg) = (vec![text("butchery")], vec![text("bûchers")]);
        let app = element(
            "app",
            &[],
            vec![
                child(element("lem", &[("wit", "#gp")], lem.clone())),
                text(" "),
                child(element("rdg", &[("wit", "#fr #x")], rdg.clone())),
            ],
        );
        check(
            app,
            Display::Alternatives(vec![
                Part {
                    label: Some("gp".into()),
                    content: &lem,
                },
                Part {
                    label: Some("fr x".into()),
                    content: &rdg,
                },
            ]),
        );
        check(
            element("del", &[], vec![]),
            Display::Marked {
                open: "[-",
                close: "-]",
            },
        );
        check(element("w", &[], vec![]), Display::Content);
    }
}
