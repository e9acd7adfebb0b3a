//! What must hold at a node for a `report` to fire, read from its test
//! without an XPath parser, so that the walk skips the evaluation where it
//! cannot: a test `A and B and …` is false wherever one conjunct is, and
//! two shapes of conjunct are known from the walk alone, an attribute
//! (`@target`) and an ancestor of some names (`ancestor::tei:p`,
//! `(ancestor::tei:l or ancestor::tei:lg)`). Most of tei_all's abstract
//! model reports on `p`, `ab` and `div` are of this kind. Two tests of the
//! content are known too, alone or in a disjunction (`local-name(*[1])='idno'
//! or normalize-space(.)=''`, as tei_all's report on every `msIdentifier`).

use super::xpath_text::squeeze;

/// One thing a report's test needs, names as (namespace, local name).
#[derive(Debug, Clone, PartialEq)]
pub enum Requirement {
    /// The context node has this attribute.
    Attribute(String, String),
    /// The context node has one of these attributes (a test
    /// `@notBefore|@notAfter|@from|@to`).
    AnyAttribute(Vec<(String, String)>),
    /// The context node has an ancestor of one of these names.
    Ancestor(Vec<(String, String)>),
    /// The first child element of the context node has this local name
    /// (`local-name(*[1])='idno'`).
    FirstChildNamed(String),
    /// The string value of the context node is white space alone
    /// (`normalize-space(.)=''`).
    NoText,
    /// One of these holds: a disjunction with a test of the content
    /// (`local-name(*[1])='idno' or normalize-space(.)=''`).
    AnyOf(Vec<Requirement>),
}

/// What `test` needs to be true; nothing when no conjunct is of a known
/// shape.
pub fn requirements(test: &str, namespaces: &[(String, String)]) -> Vec<Requirement> {
    let test = squeeze(test);
    split_keyword(&test, "and")
        .into_iter()
        .filter_map(|conjunct| requirement(unwrap(conjunct), namespaces))
        .collect()
}

/// Whether `test` is wholly made of what [`requirements`] reads (every
/// conjunct of a known shape): its value at a node is then whether they
/// all hold, and no XPath evaluation is needed, for an `assert` as for a
/// `report`.
pub fn decided(test: &str, namespaces: &[(String, String)]) -> bool {
    let test = squeeze(test);
    split_keyword(&test, "and")
        .into_iter()
        .all(|conjunct| requirement(unwrap(conjunct), namespaces).is_some())
}

fn requirement(conjunct: &str, namespaces: &[(String, String)]) -> Option<Requirement> {
    if let Some(content) = content_test(conjunct) {
        return Some(content);
    }
    let disjuncts = split_keyword(conjunct, "or");
    if disjuncts.len() > 1 && disjuncts.iter().any(|d| content_test(unwrap(d)).is_some()) {
        return disjuncts
            .into_iter()
            .map(|disjunct| requirement(unwrap(disjunct), namespaces))
            .collect::<Option<Vec<_>>>()
            .map(Requirement::AnyOf);
    }
    let union = super::xpath_text::split_top_level(conjunct, '|');
    if union.len() > 1 {
        let names = union
            .into_iter()
            .map(|part| qname(unwrap(part).strip_prefix('@')?, namespaces, true))
            .collect::<Option<Vec<_>>>()?;
        return Some(Requirement::AnyAttribute(names));
    }
    if let Some(name) = conjunct.strip_prefix('@') {
        let (namespace, local) = qname(name, namespaces, true)?;
        return Some(Requirement::Attribute(namespace, local));
    }
    let names = split_keyword(conjunct, "or")
        .into_iter()
        .map(|part| {
            let name = unwrap(part).strip_prefix("ancestor::")?;
            qname(name, namespaces, false)
        })
        .collect::<Option<Vec<_>>>()?;
    Some(Requirement::Ancestor(names))
}

/// A test of the context node's content that the walk decides on the
/// tree: `local-name(*[1]) = 'name'` (the first child element's local
/// name) or `normalize-space(.) = ''` (`eq` as `=`, either quote).
fn content_test(test: &str) -> Option<Requirement> {
    let quote = test.chars().last().filter(|c| *c == '\'' || *c == '"')?;
    let body = &test[..test.len() - 1];
    let open = body.rfind(quote)?;
    let literal = &body[open + 1..];
    let left = body[..open].trim_end();
    let left = left
        .strip_suffix('=')
        .or_else(|| left.strip_suffix(" eq"))?;
    let left: String = left.chars().filter(|c| !c.is_whitespace()).collect();
    let name = |s: &str| {
        s.starts_with(super::xpath_text::is_name_start)
            && s.chars()
                .all(|c| super::xpath_text::is_name_char(c) && c != ':')
    };
    match left.as_str() {
        "local-name(*[1])" if name(literal) => Some(Requirement::FirstChildNamed(literal.into())),
        "normalize-space(.)" | "normalize-space()" if literal.is_empty() => {
            Some(Requirement::NoText)
        }
        _ => None,
    }
}

/// A plain QName (no wildcard, predicate or call) resolved with the
/// schema's prefixes; an unprefixed name is in no namespace.
fn qname(name: &str, namespaces: &[(String, String)], attribute: bool) -> Option<(String, String)> {
    let plain = |s: &str| {
        s.starts_with(super::xpath_text::is_name_start)
            && s.chars().all(super::xpath_text::is_name_char)
    };
    match name.split_once(':') {
        Some((prefix, local)) if plain(prefix) && plain(local) => {
            let namespace = if prefix == "xml" && attribute {
                "http://www.w3.org/XML/1998/namespace".to_string()
            } else {
                namespaces.iter().find(|(p, _)| p == prefix)?.1.clone()
            };
            Some((namespace, local.to_string()))
        }
        None if plain(name) => Some((String::new(), name.to_string())),
        _ => None,
    }
}

/// `text` without parentheses that enclose all of it.
fn unwrap(text: &str) -> &str {
    let mut text = text.trim();
    while text.starts_with('(') && text.ends_with(')') {
        let inner = &text[1..text.len() - 1];
        // `(a) or (b)` is not enclosed whole: the inside must balance.
        if !balanced(inner) {
            break;
        }
        text = inner.trim();
    }
    text
}

/// Whether no `)` in `text` closes a `(` before it (string literals
/// aside).
fn balanced(text: &str) -> bool {
    let mut depth = 0;
    for (_, after) in super::xpath_text::parentheses(text.chars().enumerate()) {
        if after < 0 {
            return false;
        }
        depth = after;
    }
    depth == 0
}

/// Splits at the operator `keyword` (between spaces) outside brackets,
/// parentheses and string literals.
fn split_keyword<'a>(text: &'a str, keyword: &str) -> Vec<&'a str> {
    let separator = format!(" {keyword} ");
    super::xpath_text::split_outside(text, |rest| {
        rest.starts_with(&separator).then_some(separator.len())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn attributes_and_ancestors_a_report_needs() {
        let namespaces = [("tei".to_string(), "urn:t".to_string())];
        let tei = |l: &str| ("urn:t".to_string(), l.to_string());
        let cases = [
            (
                "@target and @cRef",
                vec![
                    Requirement::Attribute(String::new(), "target".into()),
                    Requirement::Attribute(String::new(), "cRef".into()),
                ],
            ),
            (
                "not(ancestor::tei:floatingText) and (ancestor::tei:p or ancestor::tei:ab) and not(parent::tei:x | parent::tei:y)",
                vec![Requirement::Ancestor(vec![tei("p"), tei("ab")])],
            ),
            (
                "(ancestor::tei:l or ancestor::tei:lg)\n and not(ancestor::tei:floatingText)",
                vec![Requirement::Ancestor(vec![tei("l"), tei("lg")])],
            ),
            (
                "@xml:id and x",
                vec![Requirement::Attribute(
                    "http://www.w3.org/XML/1998/namespace".into(),
                    "id".into(),
                )],
            ),
            (
                "@notBefore|@notAfter | (@tei:from)",
                vec![Requirement::AnyAttribute(vec![
                    (String::new(), "notBefore".into()),
                    (String::new(), "notAfter".into()),
                    tei("from"),
                ])],
            ),
            ("@a | b", vec![]),
            ("@a | @b[. = 'x']", vec![]),
            ("@a | @* ", vec![]),
            ("(@a | @b) = 'x'", vec![]),
            ("@a or @b", vec![]),
            ("@a = 'x and y'", vec![]),
            ("(@a) or (@b)", vec![]),
            ("ancestor::tei:p[1] and ancestor::*", vec![]),
            ("ancestor::x:p", vec![]),
            ("count(@a and @b)", vec![]),
        ];
        for (test, expect) in cases {
            assert_eq!(requirements(test, &namespaces), expect, "{test}");
        }
    }

    #[test]
    fn a_test_made_only_of_known_shapes_is_decided_on_the_tree() {
        let namespaces = [("tei".to_string(), "urn:t".to_string())];
        for (test, expect) in [
            ("@type", true),
            ("@target and @cRef", true),
            ("@notBefore|@notAfter | @from", true),
            ("(ancestor::tei:l or ancestor::tei:lg)", true),
            ("local-name(*[1])='idno' or normalize-space(.)=''", true),
            ("@n and (local-name(*[1])='a' or @m)", true),
            ("@a and x", false),
            ("not(@a)", false),
            ("@a = 'x'", false),
            ("@a or @b", false),
            ("string-length(.) gt 0", false),
            ("", false),
        ] {
            assert_eq!(decided(test, &namespaces), expect, "{test}");
        }
    }

    #[test]
    fn tests_of_the_content_a_report_needs() {
        let namespaces = [("tei".to_string(), "urn:t".to_string())];
        let first = |l: &str| Requirement::FirstChildNamed(l.to_string());
        let cases = [
            (
                "not(parent::tei:msPart) and (local-name(*[1])='idno' or local-name(*[1])='altIdentifier' or normalize-space(.)='')",
                vec![Requirement::AnyOf(vec![
                    first("idno"),
                    first("altIdentifier"),
                    Requirement::NoText,
                ])],
            ),
            (
                "local-name( * [1] ) eq \"a\" or @n or ancestor::tei:p",
                vec![Requirement::AnyOf(vec![
                    first("a"),
                    Requirement::Attribute(String::new(), "n".into()),
                    Requirement::Ancestor(vec![("urn:t".into(), "p".into())]),
                ])],
            ),
            ("normalize-space() = ''", vec![Requirement::NoText]),
            (
                "@n and normalize-space(.) eq ''",
                vec![
                    Requirement::Attribute(String::new(), "n".into()),
                    Requirement::NoText,
                ],
            ),
            // Anything else in the disjunction, and it is unknown.
            ("local-name(*[1])='a' or count(*) = 2", vec![]),
            ("local-name(*[1])='a' or local-name(*[2])='b'", vec![]),
            ("local-name(*[1])=''", vec![]),
            ("local-name(*[1])='t:a'", vec![]),
            ("local-name(*[1])!='a'", vec![]),
            ("normalize-space(.)='x'", vec![]),
            ("normalize-space(..)=''", vec![]),
            ("string(.)=''", vec![]),
            ("normalize-space(.)='' = false()", vec![]),
        ];
        for (test, expect) in cases {
            assert_eq!(requirements(test, &namespaces), expect, "{test}");
        }
    }
}
