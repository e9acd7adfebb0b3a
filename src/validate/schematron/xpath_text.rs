//! The text of Schematron XPath, read and rewritten without an XPath
//! parser: splitting a rule context into alternatives and steps, what an
//! alternative needs in a document, and the rewrites xee needs (`current()`,
//! keyword local names, `id()`).

/// The variable `current()` is rewritten to: XSLT's `current()` (the rule's
/// context node) is not an XPath function.
pub const CURRENT: &str = "teikit-current";

/// Whitespace runs as one space, trimmed (messages are indented in schemas).
pub fn squeeze(text: &str) -> String {
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
pub enum Need {
    /// Nothing known: always run.
    Anything,
    /// An element of this (namespace, local name).
    Element(String, String),
    /// An attribute of this local name (`@n`, or `*[@n …]`).
    Attribute(String),
}

/// The need of one alternative: its last step's name test, or for a
/// wildcard the attribute its first predicate requires (`tei:*[@when]`,
/// `*[ @minOccurs and …]`); anything unusual needs [`Need::Anything`].
pub fn need(alternative: &str, namespaces: &[(String, String)]) -> Need {
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
pub fn first_predicate(predicates: &str) -> &str {
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
pub fn split_top_level(text: &str, separator: char) -> Vec<&str> {
    split_outside(text, |rest| {
        rest.starts_with(separator).then_some(separator.len_utf8())
    })
}

/// Splits where `separator_at` finds a separator (and says its length),
/// looking only outside brackets, parentheses and string literals.
pub fn split_outside(text: &str, separator_at: impl Fn(&str) -> Option<usize>) -> Vec<&str> {
    let mut parts = Vec::new();
    let (mut depth, mut quote, mut start) = (0usize, None::<char>, 0);
    let mut i = 0;
    while let Some(c) = text[i..].chars().next() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '\'' | '"') => quote = Some(c),
            (None, '[' | '(') => depth += 1,
            (None, ']' | ')') => depth = depth.saturating_sub(1),
            (None, _) if depth == 0 => {
                if let Some(length) = separator_at(&text[i..]) {
                    parts.push(&text[start..i]);
                    i += length;
                    start = i;
                    continue;
                }
            }
            _ => {}
        }
        i += c.len_utf8();
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

pub fn is_name_start(c: char) -> bool {
    c.is_alphabetic() || c == '_'
}

pub fn is_name_char(c: char) -> bool {
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
        // `id(…)`: xee looks ids up in an index that only xot's parser
        // fills, and the tree is built from teikit's events; the same
        // elements (in document order) are found by a walk.
        if name == "id" {
            let open = (name_end..chars.len()).find(|&j| !chars[j].is_whitespace());
            if let Some(open) = open.filter(|&j| chars[j] == '(')
                && let Some(close) = closing_parenthesis(&chars, open)
            {
                let inner: String = chars[open + 1..close].iter().collect();
                let arguments = split_top_level(&inner, ',');
                if !inner.trim().is_empty() && arguments.len() <= 2 {
                    let idrefs = rewrite(arguments[0], namespaces);
                    let node = arguments
                        .get(1)
                        .map_or(".".to_string(), |n| rewrite(n, namespaces));
                    out.push_str(&format!(
                        "(let $teikit-idrefs := (for $teikit-idref in ({idrefs}) return \
                         tokenize(normalize-space($teikit-idref), ' ')) return \
                         root({node})/descendant::*[@xml:id = $teikit-idrefs])"
                    ));
                    i = close + 1;
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

/// Each parenthesis outside string literals, with its place and the
/// nesting depth after it (one home for the literal-aware scan that finding
/// a closing parenthesis and checking balance both need).
pub fn parentheses(
    chars: impl Iterator<Item = (usize, char)>,
) -> impl Iterator<Item = (usize, i32)> {
    let (mut depth, mut quote) = (0i32, None::<char>);
    chars.filter_map(move |(i, c)| {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '\'' | '"') => quote = Some(c),
            (None, '(') => {
                depth += 1;
                return Some((i, depth));
            }
            (None, ')') => {
                depth -= 1;
                return Some((i, depth));
            }
            _ => {}
        }
        None
    })
}

/// The index of the `)` that closes the `(` at `open`, outside string
/// literals.
fn closing_parenthesis(chars: &[char], open: usize) -> Option<usize> {
    parentheses(chars.iter().copied().enumerate().skip(open))
        .find(|&(_, depth)| depth == 0)
        .map(|(i, _)| i)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn current_keyword_names_and_id_are_rewritten_outside_literals() {
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
            (
                "id(substring(@to, 2)) and generate-id(.) and fn:id('a')",
                "(let $teikit-idrefs := (for $teikit-idref in (substring(@to, 2)) return \
                 tokenize(normalize-space($teikit-idref), ' ')) return \
                 root(.)/descendant::*[@xml:id = $teikit-idrefs]) and generate-id(.) and fn:id('a')",
            ),
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
}
