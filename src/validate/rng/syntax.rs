//! The rules of RELAX NG's XML syntax that the schema reader ([`super::read`])
//! checks element by element (names, attributes, `combine`), and the
//! resolution of `href`s against the schema's base URI.

use super::super::xml::{Element, Tree};
use super::pattern::NameClass;
use super::read::{Combine, RNG_NS, Result};

/// An NCName as jing reads schema names: XML 1.0 (second edition) names,
/// which may not start with a combining character.
pub(super) fn is_ncname(s: &str) -> bool {
    super::super::xsd::is_ncname(s) && s.chars().next().is_some_and(|c| !is_combining(c))
}

/// XML 1.0 (second edition) `CombiningChar`, the ranges that matter for a
/// name's first character.
fn is_combining(c: char) -> bool {
    const RANGES: &[(u32, u32)] = &[
        (0x0300, 0x036F),
        (0x0483, 0x0486),
        (0x0591, 0x05C4),
        (0x064B, 0x0652),
        (0x0670, 0x0670),
        (0x06D6, 0x06ED),
        (0x0901, 0x0903),
        (0x093C, 0x094D),
        (0x0951, 0x0954),
        (0x0962, 0x0963),
        (0x0981, 0x0983),
        (0x09BC, 0x09E3),
        (0x0A02, 0x0A4D),
        (0x0A70, 0x0A71),
        (0x0A81, 0x0ACD),
        (0x0B01, 0x0B57),
        (0x0B82, 0x0BD7),
        (0x0C01, 0x0C56),
        (0x0C82, 0x0CD6),
        (0x0D02, 0x0D57),
        (0x0E31, 0x0E31),
        (0x0E34, 0x0E3A),
        (0x0E47, 0x0E4E),
        (0x0EB1, 0x0EB1),
        (0x0EB4, 0x0EBC),
        (0x0EC8, 0x0ECD),
        (0x0F18, 0x0F19),
        (0x0F35, 0x0F39),
        (0x0F3E, 0x0F3F),
        (0x0F71, 0x0F84),
        (0x0F86, 0x0F8B),
        (0x0F90, 0x0FB9),
        (0x20D0, 0x20E1),
        (0x302A, 0x302F),
        (0x3099, 0x309A),
    ];
    let c = u32::from(c);
    RANGES.iter().any(|&(low, high)| (low..=high).contains(&c))
}

pub(super) fn contains_any_name(nc: &NameClass) -> bool {
    match nc {
        NameClass::AnyName(_) => true,
        NameClass::Choice(a, b) => contains_any_name(a) || contains_any_name(b),
        _ => false,
    }
}

pub(super) fn contains_ns_name(nc: &NameClass) -> bool {
    match nc {
        NameClass::NsName(..) => true,
        NameClass::Choice(a, b) => contains_ns_name(a) || contains_ns_name(b),
        _ => false,
    }
}

/// §4.16: an attribute may not be named `xmlns` or be in the xmlns namespace.
pub(super) fn check_attribute_name(nc: &NameClass) -> Result<()> {
    match nc {
        NameClass::Name(ns, local) if ns.is_empty() && local == "xmlns" => {
            Err("an attribute cannot be named xmlns".into())
        }
        NameClass::Name(ns, _) | NameClass::NsName(ns, _)
            if ns == crate::xml::XMLNS_NS.trim_end_matches('/') =>
        {
            Err("an attribute cannot be in the xmlns namespace".into())
        }
        NameClass::Choice(a, b) => {
            check_attribute_name(a)?;
            check_attribute_name(b)
        }
        NameClass::AnyName(Some(except)) | NameClass::NsName(_, Some(except)) => {
            check_attribute_name(except)
        }
        _ => Ok(()),
    }
}

/// An attribute of a schema element in no namespace.
pub(super) fn rng_attr<'e>(element: &'e Element, name: &str) -> Option<&'e str> {
    element
        .attributes
        .iter()
        .find(|a| a.name.namespace.is_none() && a.name.local == name)
        .map(|a| a.value.as_str())
}

/// Unknown unqualified attributes on a RELAX NG element are errors.
pub(super) fn check_attributes(element: &Element) -> Result<()> {
    let known: &[&str] = match element.name.local.as_str() {
        "element" | "attribute" | "ref" | "parentRef" | "param" => &["name"],
        "define" => &["name", "combine"],
        "start" => &["combine"],
        "externalRef" | "include" => &["href"],
        "data" | "value" => &["type"],
        _ => &[],
    };
    for attribute in &element.attributes {
        if attribute.name.namespace.as_deref() == Some(RNG_NS) {
            return Err(format!(
                "attribute {} in the RELAX NG namespace",
                attribute.name.qname
            ));
        }
        let local = attribute.name.local.as_str();
        if attribute.name.namespace.is_none()
            && !matches!(local, "ns" | "datatypeLibrary")
            && !known.contains(&local)
        {
            return Err(format!(
                "attribute {} not allowed on <{}>",
                attribute.name.local, element.name.local
            ));
        }
    }
    Ok(())
}

pub(super) fn combine_of(element: &Element) -> Result<Option<Combine>> {
    match rng_attr(element, "combine").map(str::trim) {
        None => Ok(None),
        Some("choice") => Ok(Some(Combine::Choice)),
        Some("interleave") => Ok(Some(Combine::Interleave)),
        Some(other) => Err(format!(
            "combine=\"{other}\" is neither choice nor interleave"
        )),
    }
}

pub(super) fn text_of(tree: &Tree, id: usize) -> String {
    tree.text_of(id)
}

/// The element's namespace bindings with the inherited `ns` as the default.
pub(super) fn bindings_with_default(tree: &Tree, id: usize, ns: &str) -> Vec<(String, String)> {
    let mut bindings: Vec<(String, String)> = tree
        .bindings(id)
        .into_iter()
        .filter(|(p, _)| !p.is_empty())
        .collect();
    bindings.push((String::new(), ns.to_string()));
    bindings
}

pub(super) fn is_absolute_uri(s: &str) -> bool {
    let Some((scheme, rest)) = s.split_once(':') else {
        return false;
    };
    let bytes = s.as_bytes();
    let escapes_ok = bytes.iter().enumerate().all(|(i, &b)| {
        b != b'%'
            || (bytes.get(i + 1).is_some_and(u8::is_ascii_hexdigit)
                && bytes.get(i + 2).is_some_and(u8::is_ascii_hexdigit))
    });
    !rest.is_empty()
        && escapes_ok
        && !s.chars().any(|c| {
            c.is_whitespace() || matches!(c, '<' | '>' | '"' | '{' | '}' | '|' | '\\' | '^' | '`')
        })
        && !s.contains('#')
        && scheme
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphabetic())
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
}

/// `href` resolved against `base` as URI references resolve (RFC 3986 for
/// relative paths): a base ending in `/` is a directory.
pub(super) fn resolve_uri(href: &str, base: &str) -> String {
    let href = href.strip_prefix("file://").unwrap_or(href);
    let base = base.strip_prefix("file://").unwrap_or(base);
    if href.starts_with('/') || href.contains("://") {
        return href.to_string();
    }
    let dir = match base.rfind('/') {
        Some(at) => &base[..=at],
        None => "",
    };
    let joined = format!("{dir}{href}");
    let absolute = joined.starts_with('/');
    let mut parts: Vec<&str> = Vec::new();
    let segments: Vec<&str> = joined.split('/').collect();
    let last = segments.len().saturating_sub(1);
    for (i, segment) in segments.iter().enumerate() {
        match *segment {
            "." => {}
            "" if i != last => {}
            ".." => {
                parts.pop();
            }
            other => parts.push(other),
        }
    }
    let body = parts.join("/");
    if absolute { format!("/{body}") } else { body }
}
