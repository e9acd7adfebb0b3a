//! How a node is found to match a rule context without evaluating every
//! context over the whole document: most contexts (`tei:p`,
//! `tei:list[@type='gloss']`, `tei:*[@when]`, `tei:rt/@target`) are a name
//! test on the node itself, some predicates and a chain of parents. Such a
//! context is matched at each node of the one walk over the tree: the name
//! (or a required attribute) picks the candidate rules, then the
//! predicates and parents are one XPath with the node as context item.
//! Any other context (absolute, `//`, axes, positional predicates) is
//! evaluated once over the document and its nodes looked up.

use super::xpath_text::{Need, first_predicate, need, selector, split_top_level, squeeze};

/// The XML namespace, bound to the prefix `xml` in every expression.
const XML_NS: &str = "http://www.w3.org/XML/1998/namespace";

/// What kind of node an alternative of a context can match, read from its
/// last step.
#[derive(Debug, Clone, PartialEq)]
pub enum Target {
    /// Elements of this (namespace, local name).
    Element(String, String),
    /// Elements in this namespace (`None`: any) that have an attribute of
    /// this local name (`tei:*[not(@a)][@when]`; the test says the rest).
    WithAttribute(Option<String>, String),
    /// Elements in this namespace (`None`: any) that have this attribute,
    /// (namespace, local name), and nothing else to test (`tei:*[@when]`).
    HavingAttribute(Option<String>, (String, String)),
    /// Every element in this namespace (`None`: any).
    AnyElement(Option<String>),
    /// Attributes of this (namespace, local name).
    Attribute(String, String),
}

/// How one alternative of a rule context (split at top-level `|`) is
/// matched.
#[derive(Debug, Clone, PartialEq)]
pub enum Matcher {
    /// The node is a [`Target`] and, when there is one, `test` (XPath, the
    /// node as context item) is true.
    Name {
        target: Target,
        test: Option<String>,
    },
    /// The node is among those `selector` selects from the document node.
    Selected { selector: String },
}

/// How the alternative `alternative` of a context is matched; `namespaces`
/// are the schema's `sch:ns`.
pub fn matcher(alternative: &str, namespaces: &[(String, String)]) -> Matcher {
    let alternative = alternative.trim();
    name_matcher(alternative, namespaces).unwrap_or_else(|| Matcher::Selected {
        selector: selector(alternative),
    })
}

/// The parents an alternative matched by name requires, innermost first,
/// as (namespace, local name), when they are all it tests besides the
/// node's own name (`tei:rt/@target`, `tei:a/tei:b/tei:c`: no predicates,
/// no wildcards): the walk then checks them on the tree instead of running
/// the alternative's test as XPath. `None` otherwise.
pub fn plain_parents(
    alternative: &str,
    namespaces: &[(String, String)],
) -> Option<Vec<(String, String)>> {
    let steps = relative_steps(alternative.trim())?;
    let (_, parents) = steps.split_last()?;
    if parents.is_empty() || steps.iter().any(|s| !s.predicates.is_empty()) {
        return None;
    }
    parents
        .iter()
        .rev()
        .map(|parent| {
            if parent.test.starts_with('@') || parent.test.contains('*') {
                return None;
            }
            resolve(parent.test, namespaces, "")
        })
        .collect()
}

/// One step of a relative path: its name test and its predicates' text.
struct Step<'a> {
    /// The whole step as written (`tei:x[@n]`).
    text: &'a str,
    test: &'a str,
    predicates: Vec<&'a str>,
}

/// The steps of a relative path (`None` for an absolute one or a step
/// that is not a name test with predicates).
fn relative_steps(alternative: &str) -> Option<Vec<Step<'_>>> {
    if alternative.starts_with('/') {
        return None;
    }
    split_top_level(alternative, '/')
        .into_iter()
        .map(|s| step(s.trim()))
        .collect()
}

fn name_matcher(alternative: &str, namespaces: &[(String, String)]) -> Option<Matcher> {
    let steps = relative_steps(alternative)?;
    let (last, parents) = steps.split_last()?;
    // The parents as a predicate on the node: `a/b/c` → `[parent::b[parent::a]]`.
    let parent_test = parents.iter().fold(String::new(), |inner, step| {
        format!("[parent::{}{inner}]", step.text)
    });
    if parents.iter().any(|s| s.test.starts_with('@')) {
        return None;
    }
    if let Some(attribute) = last.test.strip_prefix('@') {
        if !last.predicates.is_empty() || attribute.contains('*') {
            return None;
        }
        let (namespace, local) = resolve(attribute, namespaces, "")?;
        let test = (!parents.is_empty()).then(|| format!("exists(self::node(){parent_test})"));
        return Some(Matcher::Name {
            target: Target::Attribute(namespace, local),
            test,
        });
    }
    let predicates: String = last.predicates.iter().map(|p| format!("[{p}]")).collect();
    let test = (!predicates.is_empty() || !parents.is_empty())
        .then(|| format!("exists(self::node(){predicates}{parent_test})"));
    let target = if last.test == "*" || last.test.ends_with(":*") {
        let namespace = match last.test.strip_suffix(":*") {
            Some(prefix) => Some(namespace_of(prefix, namespaces)?),
            None => None,
        };
        let only_attribute = match last.predicates.as_slice() {
            [predicate] if parents.is_empty() => squeeze(predicate)
                .strip_prefix('@')
                .filter(|name| {
                    name.chars()
                        .all(|c| super::xpath_text::is_name_char(c) || c == ':')
                })
                .and_then(|name| resolve(name, namespaces, "")),
            _ => None,
        };
        if let Some(attribute) = only_attribute {
            return Some(Matcher::Name {
                target: Target::HavingAttribute(namespace, attribute),
                test: None,
            });
        }
        match need(last.text, namespaces) {
            Need::Attribute(local) => Target::WithAttribute(namespace, local),
            _ => Target::AnyElement(namespace),
        }
    } else {
        let (namespace, local) = resolve(last.test, namespaces, "")?;
        Target::Element(namespace, local)
    };
    Some(Matcher::Name { target, test })
}

/// A step with a plain name test (`p`, `tei:p`, `*`, `tei:*`, `@n`) and
/// predicates that are not positional; `None` for anything else (axes,
/// kind tests, `//`, numbers, `position()`, `last()`, variables).
fn step(text: &str) -> Option<Step<'_>> {
    let end = text.find('[').unwrap_or(text.len());
    let test = text[..end].trim();
    let name = test.strip_prefix('@').unwrap_or(test);
    let plain = !name.is_empty()
        && !name.starts_with(':')
        && !name.ends_with(':')
        && name.matches(':').count() <= 1
        && name
            .chars()
            .all(|c| super::xpath_text::is_name_char(c) || c == ':' || c == '*');
    if !plain || name.starts_with(|c: char| c.is_ascii_digit() || c == '-' || c == '.') {
        return None;
    }
    let mut predicates = Vec::new();
    let mut rest = text[end..].trim_start();
    while !rest.is_empty() {
        if !rest.starts_with('[') {
            return None;
        }
        let predicate = first_predicate(rest);
        // `first_predicate` gives "" for an unclosed bracket.
        if !rest[1..].trim_start().starts_with(']') && predicate.is_empty() {
            return None;
        }
        let squeezed = squeeze(predicate);
        let positional = squeezed.is_empty()
            || squeezed.contains("position()")
            || squeezed.contains("last()")
            || squeezed.starts_with('$')
            || squeezed.parse::<f64>().is_ok();
        if positional {
            return None;
        }
        predicates.push(predicate);
        rest = rest[predicate.len() + 2..].trim_start();
    }
    Some(Step {
        text,
        test,
        predicates,
    })
}

/// The (namespace, local name) of a QName; an unprefixed name is in
/// `default`.
fn resolve(name: &str, namespaces: &[(String, String)], default: &str) -> Option<(String, String)> {
    match name.split_once(':') {
        Some((prefix, local)) => Some((namespace_of(prefix, namespaces)?, local.to_string())),
        None if name == "*" => None,
        None => Some((default.to_string(), name.to_string())),
    }
}

fn namespace_of(prefix: &str, namespaces: &[(String, String)]) -> Option<String> {
    if prefix == "xml" {
        return Some(XML_NS.to_string());
    }
    namespaces
        .iter()
        .find(|(p, _)| p == prefix)
        .map(|(_, uri)| uri.clone())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(context: &str, expect: Matcher) {
        let namespaces = [("tei".to_string(), "urn:t".to_string())];
        assert_eq!(matcher(context, &namespaces), expect, "{context}");
    }

    fn name(target: Target, test: Option<&str>) -> Matcher {
        Matcher::Name {
            target,
            test: test.map(str::to_string),
        }
    }

    fn selected(selector: &str) -> Matcher {
        Matcher::Selected {
            selector: selector.to_string(),
        }
    }

    #[test]
    fn name_tests_predicates_and_parents_are_matched_at_the_node() {
        let element = |l: &str| Target::Element("urn:t".into(), l.into());
        check("tei:p", name(element("p"), None));
        check(" tei:div ", name(element("div"), None));
        check("p", name(Target::Element(String::new(), "p".into()), None));
        check(
            "tei:list[@type='gloss']",
            name(element("list"), Some("exists(self::node()[@type='gloss'])")),
        );
        check(
            "tei:macroSpec/tei:constraintSpec[@scheme eq 'schematron']/tei:constraint",
            name(
                element("constraint"),
                Some(
                    "exists(self::node()[parent::tei:constraintSpec[@scheme eq 'schematron'][parent::tei:macroSpec]])",
                ),
            ),
        );
        check(
            "tei:rt/@target",
            name(
                Target::Attribute(String::new(), "target".into()),
                Some("exists(self::node()[parent::tei:rt])"),
            ),
        );
        check(
            "@xml:id",
            name(Target::Attribute(XML_NS.into(), "id".into()), None),
        );
        check(
            "tei:*[not(self::tei:schemaSpec)][@targetLang]",
            name(
                Target::WithAttribute(Some("urn:t".into()), "targetLang".into()),
                Some("exists(self::node()[not(self::tei:schemaSpec)][@targetLang])"),
            ),
        );
        check(
            "tei:*[ @when ]",
            name(
                Target::HavingAttribute(Some("urn:t".into()), (String::new(), "when".into())),
                None,
            ),
        );
        check(
            "tei:*[@a = 'b']",
            name(
                Target::AnyElement(Some("urn:t".into())),
                Some("exists(self::node()[@a = 'b'])"),
            ),
        );
        check(
            "*[@xml:lang]",
            name(
                Target::HavingAttribute(None, (XML_NS.into(), "lang".into())),
                None,
            ),
        );
        check(
            "*[ @minOccurs and not( @maxOccurs ) ]",
            name(
                Target::WithAttribute(None, "minOccurs".into()),
                Some("exists(self::node()[ @minOccurs and not( @maxOccurs ) ])"),
            ),
        );
        check(
            "tei:*[not(@a)]",
            name(
                Target::AnyElement(Some("urn:t".into())),
                Some("exists(self::node()[not(@a)])"),
            ),
        );
    }

    #[test]
    fn only_parents_without_predicates_are_checked_on_the_tree() {
        let namespaces = [("tei".to_string(), "urn:t".to_string())];
        let tei = |l: &str| ("urn:t".to_string(), l.to_string());
        for (context, expect) in [
            ("tei:rt/@target", Some(vec![tei("rt")])),
            ("tei:a/tei:b/tei:c", Some(vec![tei("b"), tei("a")])),
            ("a/tei:b", Some(vec![(String::new(), "a".to_string())])),
            ("tei:p", None),
            ("@n", None),
            ("tei:a[@n]/tei:b", None),
            ("tei:a/tei:b[@n]", None),
            ("tei:a/@n[. = '1']", None),
            ("*/tei:b", None),
            ("tei:*/tei:b", None),
            ("/tei:a/tei:b", None),
            ("tei:a//tei:b", None),
            ("x:a/tei:b", None),
        ] {
            assert_eq!(plain_parents(context, &namespaces), expect, "{context}");
        }
    }

    #[test]
    fn other_contexts_are_selected_over_the_document() {
        for (context, selector) in [
            ("/tei:TEI", "/tei:TEI"),
            ("tei:p[1]", "//(tei:p[1])"),
            ("tei:p[last()]", "//(tei:p[last()])"),
            ("tei:p[ position() gt 1 ]", "//(tei:p[ position() gt 1 ])"),
            ("tei:a//tei:b", "/descendant::tei:a//tei:b"),
            ("child::tei:p", "//(child::tei:p)"),
            ("text()", "/descendant::text()"),
            ("x:p", "/descendant::x:p"),
            ("@*", "//(@*)"),
            ("tei:p/@n[. = '1']", "/descendant::tei:p/@n[. = '1']"),
            ("tei:p[$v]", "/descendant::tei:p[$v]"),
        ] {
            check(context, selected(selector));
        }
    }
}
