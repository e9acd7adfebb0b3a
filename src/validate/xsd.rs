//! teikit's XSD datatype library for the RELAX NG engine: the types tei_all
//! uses, checked as jing checks them (calendar-valid dates, anyURI escapes,
//! NCName, decimal, …), with compiled `pattern` facets cached across files.
//!
//! It replaces the engine's own XSD library, which recompiles every pattern
//! regex on each use (most of the time of a small file) and accepts
//! impossible dates such as 1787-02-30.

use std::collections::HashMap;
use std::sync::{Arc, RwLock};

use regex::Regex;
use relax_ng::{DatatypeContext, DatatypeLibrary};

use super::datatypes;

/// Types this library knows; anything else fails schema loading loudly.
const TYPES: &[&str] = &[
    "string",
    "normalizedString",
    "token",
    "ID",
    "IDREF",
    "IDREFS",
    "NCName",
    "Name",
    "NMTOKEN",
    "NMTOKENS",
    "anyURI",
    "boolean",
    "decimal",
    "integer",
    "nonNegativeInteger",
    "positiveInteger",
    "double",
    "float",
    "language",
    "duration",
    "date",
    "dateTime",
    "time",
    "gYear",
    "gYearMonth",
    "gMonth",
    "gMonthDay",
    "gDay",
];

/// The XSD library with a shared cache of compiled patterns.
#[derive(Default)]
pub struct XsdLibrary {
    patterns: RwLock<HashMap<String, Arc<Regex>>>,
}

impl XsdLibrary {
    fn pattern(&self, source: &str) -> Result<Arc<Regex>, String> {
        if let Ok(cache) = self.patterns.read()
            && let Some(regex) = cache.get(source)
        {
            return Ok(regex.clone());
        }
        let regex = Regex::new(&format!("^(?:{source})$"))
            .map(Arc::new)
            .map_err(|e| format!("pattern {source:?} does not compile: {e}"))?;
        if let Ok(mut cache) = self.patterns.write() {
            cache.insert(source.to_string(), regex.clone());
        }
        Ok(regex)
    }
}

/// Whitespace processing per type: `string` keeps it, the rest collapse.
fn normalize<'v>(type_name: &str, value: &'v str) -> std::borrow::Cow<'v, str> {
    match type_name {
        "string" => std::borrow::Cow::Borrowed(value),
        "normalizedString" => value.replace(['\t', '\n', '\r'], " ").into(),
        _ => {
            let collapsed = value.split_whitespace().collect::<Vec<_>>().join(" ");
            if collapsed == value {
                std::borrow::Cow::Borrowed(value)
            } else {
                collapsed.into()
            }
        }
    }
}

impl DatatypeLibrary for XsdLibrary {
    fn validate_params(&self, type_name: &str, params: &[(&str, &str)]) -> Result<(), String> {
        if !TYPES.contains(&type_name) {
            return Err(format!("unsupported XSD type `{type_name}`"));
        }
        for (name, value) in params {
            match *name {
                "pattern" => {
                    self.pattern(value)?;
                }
                "minLength" | "maxLength" | "length" | "minInclusive" | "maxInclusive" => {
                    value
                        .trim()
                        .parse::<f64>()
                        .map_err(|_| format!("facet {name}={value:?} is not a number"))?;
                }
                other => return Err(format!("unsupported facet `{other}`")),
            }
        }
        Ok(())
    }

    fn matches(
        &self,
        type_name: &str,
        params: &[(&str, &str)],
        value: &str,
        _context: &DatatypeContext,
    ) -> bool {
        let value = normalize(type_name, value);
        if !lexical(type_name, &value) {
            return false;
        }
        params.iter().all(|(name, facet)| match *name {
            "pattern" => self.pattern(facet).is_ok_and(|r| r.is_match(&value)),
            "minLength" | "maxLength" | "length" => {
                let length = value.chars().count() as f64;
                let Ok(bound) = facet.trim().parse::<f64>() else {
                    return false;
                };
                match *name {
                    "minLength" => length >= bound,
                    "maxLength" => length <= bound,
                    _ => length == bound,
                }
            }
            "minInclusive" | "maxInclusive" => {
                match (value.parse::<f64>(), facet.trim().parse::<f64>()) {
                    (Ok(v), Ok(b)) if *name == "minInclusive" => v >= b,
                    (Ok(v), Ok(b)) => v <= b,
                    _ => false,
                }
            }
            _ => false,
        })
    }

    fn values_equal(
        &self,
        type_name: &str,
        expected: &str,
        _expected_context: &DatatypeContext,
        actual: &str,
        _actual_context: &DatatypeContext,
    ) -> bool {
        lexical(type_name, &normalize(type_name, actual))
            && normalize(type_name, expected) == normalize(type_name, actual)
    }
}

/// Whether a whitespace-processed value is in the type's lexical space.
pub fn lexical(type_name: &str, value: &str) -> bool {
    match type_name {
        "string" | "normalizedString" | "token" => true,
        "ID" | "IDREF" | "NCName" => is_ncname(value),
        "IDREFS" => !value.is_empty() && value.split(' ').all(is_ncname),
        "Name" => is_name(value),
        "NMTOKEN" => !value.is_empty() && value.chars().all(is_name_char),
        "NMTOKENS" => !value.is_empty() && value.split(' ').all(|t| t.chars().all(is_name_char)),
        "boolean" => matches!(value, "true" | "false" | "1" | "0"),
        "decimal" => is_decimal(value),
        "integer" => is_integer(value),
        "nonNegativeInteger" => {
            is_integer(value) && (!value.starts_with('-') || value[1..].bytes().all(|b| b == b'0'))
        }
        "positiveInteger" => {
            is_integer(value)
                && !value.starts_with('-')
                && value.bytes().any(|b| (b'1'..=b'9').contains(&b))
        }
        "double" | "float" => is_double(value),
        "language" => is_language(value),
        "duration" => is_duration(value),
        other => datatypes::matches(other, value),
    }
}

fn is_integer(value: &str) -> bool {
    let digits = value.strip_prefix(['+', '-']).unwrap_or(value);
    !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit())
}

fn is_decimal(value: &str) -> bool {
    let unsigned = value.strip_prefix(['+', '-']).unwrap_or(value);
    let (whole, fraction) = unsigned.split_once('.').unwrap_or((unsigned, ""));
    (!whole.is_empty() || !fraction.is_empty())
        && whole.bytes().all(|b| b.is_ascii_digit())
        && fraction.bytes().all(|b| b.is_ascii_digit())
}

fn is_double(value: &str) -> bool {
    if matches!(value, "INF" | "-INF" | "NaN") {
        return true;
    }
    let (mantissa, exponent) = match value.split_once(['e', 'E']) {
        Some((m, e)) => (m, Some(e)),
        None => (value, None),
    };
    is_decimal(mantissa) && exponent.is_none_or(is_integer)
}

fn is_language(value: &str) -> bool {
    let mut parts = value.split('-');
    let first_ok = parts
        .next()
        .is_some_and(|p| (1..=8).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_alphabetic()));
    first_ok
        && parts.all(|p| (1..=8).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_alphanumeric()))
}

fn is_duration(value: &str) -> bool {
    let Some(body) = value.strip_prefix('-').unwrap_or(value).strip_prefix('P') else {
        return false;
    };
    let (date, time) = match body.split_once('T') {
        Some((d, t)) => (d, Some(t)),
        None => (body, None),
    };
    let fields = |part: &str, units: &str, seconds: bool| -> Option<usize> {
        let mut count = 0;
        let mut rest = part;
        let mut allowed = units;
        while !rest.is_empty() {
            let end = rest.find(|c: char| !(c.is_ascii_digit() || (seconds && c == '.')))?;
            let number = &rest[..end];
            let unit = rest[end..].chars().next()?;
            let at = allowed.find(unit)?;
            if number.is_empty() || (number.contains('.') && unit != 'S') {
                return None;
            }
            allowed = &allowed[at + 1..];
            rest = &rest[end + unit.len_utf8()..];
            count += 1;
        }
        Some(count)
    };
    let Some(date_fields) = fields(date, "YMD", false) else {
        return false;
    };
    match time {
        None => date_fields > 0,
        Some(t) => fields(t, "HMS", true).is_some_and(|n| n > 0),
    }
}

fn is_name_start_char(c: char) -> bool {
    matches!(c,
        'A'..='Z' | '_' | 'a'..='z' | '\u{C0}'..='\u{D6}' | '\u{D8}'..='\u{F6}'
        | '\u{F8}'..='\u{2FF}' | '\u{370}'..='\u{37D}' | '\u{37F}'..='\u{1FFF}'
        | '\u{200C}'..='\u{200D}' | '\u{2070}'..='\u{218F}' | '\u{2C00}'..='\u{2FEF}'
        | '\u{3001}'..='\u{D7FF}' | '\u{F900}'..='\u{FDCF}' | '\u{FDF0}'..='\u{FFFD}'
        | '\u{10000}'..='\u{EFFFF}')
}

fn is_name_char(c: char) -> bool {
    is_name_start_char(c)
        || c == ':'
        || matches!(c, '-' | '.' | '0'..='9' | '\u{B7}' | '\u{300}'..='\u{36F}' | '\u{203F}'..='\u{2040}')
}

fn is_ncname(value: &str) -> bool {
    let mut chars = value.chars();
    chars.next().is_some_and(is_name_start_char) && chars.all(|c| c != ':' && is_name_char(c))
}

fn is_name(value: &str) -> bool {
    let mut chars = value.chars();
    chars
        .next()
        .is_some_and(|c| c == ':' || is_name_start_char(c))
        && chars.all(is_name_char)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lexical_spaces() {
        assert!(lexical("NCName", "d562-fn1"));
        assert!(!lexical("NCName", "1bad"));
        assert!(!lexical("NCName", "a:b"));
        assert!(lexical("decimal", "-1.5"));
        assert!(!lexical("decimal", "1.5e3"));
        assert!(lexical("double", "1.5e3"));
        assert!(lexical("nonNegativeInteger", "+12"));
        assert!(!lexical("nonNegativeInteger", "-1"));
        assert!(lexical("nonNegativeInteger", "-0"));
        assert!(lexical("language", "en-GB"));
        assert!(!lexical("language", "englishlanguage"));
        assert!(!lexical("language", "en_GB"));
        assert!(lexical("duration", "P1Y2M3DT4H5M6.5S"));
        assert!(!lexical("duration", "P"));
        assert!(!lexical("duration", "P1DT"));
        assert!(!lexical("date", "1787-02-30"));
        assert!(lexical("boolean", "true"));
        assert!(!lexical("boolean", "yes"));
    }

    #[test]
    fn patterns_are_compiled_once_and_applied() {
        let library = XsdLibrary::default();
        let context = DatatypeContext::default();
        let params = [("pattern", r"[^\p{C}\p{Z}]+")];
        assert!(library.validate_params("token", &params).is_ok());
        assert!(library.matches("token", &params, " abc ", &context));
        assert!(!library.matches("token", &params, "a b", &context));
        assert_eq!(library.patterns.read().unwrap().len(), 1);
        assert!(
            library
                .validate_params("token", &[("pattern", "(")])
                .is_err()
        );
        assert!(library.validate_params("hexBinary", &[]).is_err());
    }
}
