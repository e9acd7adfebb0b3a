//! teikit's XSD datatype library for its RELAX NG engine: the types tei_all
//! and the RELAX NG test suite use, checked as jing checks them
//! (calendar-valid dates, anyURI escapes, NCName, QName in its namespace
//! context, …). A type and its facets compile once, when the schema loads
//! (`pattern` regexes included), so a check is a lexical test and a match.

use std::collections::HashMap;
use std::sync::{Arc, OnceLock};

use regex::Regex;

use super::datatypes;

/// The namespace URI of the XSD datatype library.
pub const XSD_LIBRARY: &str = "http://www.w3.org/2001/XMLSchema-datatypes";

/// Types this library knows; anything else fails schema loading loudly.
const TYPES: &[&str] = &[
    "string",
    "normalizedString",
    "token",
    "ID",
    "IDREF",
    "IDREFS",
    "ENTITY",
    "ENTITIES",
    "NCName",
    "Name",
    "QName",
    "NOTATION",
    "NMTOKEN",
    "NMTOKENS",
    "anyURI",
    "boolean",
    "decimal",
    "integer",
    "nonNegativeInteger",
    "positiveInteger",
    "nonPositiveInteger",
    "negativeInteger",
    "long",
    "int",
    "short",
    "byte",
    "unsignedLong",
    "unsignedInt",
    "unsignedShort",
    "unsignedByte",
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
    "hexBinary",
    "base64Binary",
];

/// Resolves a prefix to a namespace URI where a value appears (for QName).
pub trait NsContext {
    fn resolve(&self, prefix: &str) -> Option<String>;
}

/// The bindings in scope at a point of the document being validated.
impl NsContext for crate::xml::Scope {
    fn resolve(&self, prefix: &str) -> Option<String> {
        match self.resolve_prefix(prefix) {
            // `xmlns=""` undeclares the default namespace.
            Some(uri) => Some(uri.to_string()),
            None if prefix.is_empty() => Some(String::new()),
            None => None,
        }
    }
}

/// No namespace bindings beyond `xml`.
pub struct NoContext;

impl NsContext for NoContext {
    fn resolve(&self, prefix: &str) -> Option<String> {
        (prefix == "xml").then(|| crate::xml::XML_NS.to_string())
    }
}

/// A `pattern` facet: its XSD source and the regex made from it. A schema
/// compiled from its text compiles the regex at once (a bad one is a schema
/// error); a schema read back from the compiled-schema cache, whose patterns
/// compiled when it was written, compiles each on its first use, so starting
/// costs no regex compilation.
#[derive(Debug)]
struct PatternFacet {
    source: String,
    regex: OnceLock<Option<Regex>>,
}

impl PatternFacet {
    fn regex(&self) -> Option<&Regex> {
        self.regex
            .get_or_init(|| compile_pattern(&self.source).ok())
            .as_ref()
    }
}

fn compile_pattern(source: &str) -> Result<Regex, String> {
    Regex::new(&format!("^(?:{})$", translate_regex(source)))
        .map_err(|e| format!("pattern {source:?} does not compile: {e}"))
}

/// One facet of a derived type.
#[derive(Debug, Clone)]
enum Facet {
    Pattern(Arc<PatternFacet>),
    MinLength(f64),
    MaxLength(f64),
    Length(f64),
    MinInclusive(f64),
    MaxInclusive(f64),
    MinExclusive(f64),
    MaxExclusive(f64),
}

/// A type with its facets, compiled.
#[derive(Debug, Clone)]
pub struct XsdType {
    pub name: String,
    /// The parameters as the schema wrote them (the compiled-schema cache
    /// stores these and compiles the type again when it reads them).
    pub params: Vec<(String, String)>,
    facets: Vec<Facet>,
}

/// Compiles types, sharing compiled `pattern` regexes between them.
#[derive(Default)]
pub struct XsdLibrary {
    patterns: HashMap<String, Arc<PatternFacet>>,
    /// Leave `pattern` regexes to their first use (types read back from the
    /// compiled-schema cache, checked when they were first compiled).
    lazy: bool,
}

impl XsdLibrary {
    /// A library whose `pattern` regexes compile on first use: for types
    /// whose patterns are known to compile.
    pub fn lazy() -> Self {
        XsdLibrary {
            lazy: true,
            ..Self::default()
        }
    }

    fn pattern(&mut self, source: &str) -> Result<Arc<PatternFacet>, String> {
        if let Some(pattern) = self.patterns.get(source) {
            return Ok(pattern.clone());
        }
        let regex = OnceLock::new();
        if !self.lazy {
            let _ = regex.set(Some(compile_pattern(source)?));
        }
        let pattern = Arc::new(PatternFacet {
            source: source.to_string(),
            regex,
        });
        self.patterns.insert(source.to_string(), pattern.clone());
        Ok(pattern)
    }

    /// Compiles a type with its parameters (facets); an unknown type or
    /// facet is a schema error.
    pub fn compile(
        &mut self,
        type_name: &str,
        params: &[(String, String)],
    ) -> Result<XsdType, String> {
        if !TYPES.contains(&type_name) {
            return Err(format!("unsupported XSD type `{type_name}`"));
        }
        let mut facets = Vec::new();
        for (name, value) in params {
            let number = || {
                value
                    .trim()
                    .parse::<f64>()
                    .map_err(|_| format!("facet {name}={value:?} is not a number"))
            };
            facets.push(match name.as_str() {
                "pattern" => Facet::Pattern(self.pattern(value)?),
                "minLength" => Facet::MinLength(number()?),
                "maxLength" => Facet::MaxLength(number()?),
                "length" => Facet::Length(number()?),
                "minInclusive" => Facet::MinInclusive(number()?),
                "maxInclusive" => Facet::MaxInclusive(number()?),
                "minExclusive" => Facet::MinExclusive(number()?),
                "maxExclusive" => Facet::MaxExclusive(number()?),
                "totalDigits" | "fractionDigits" => {
                    number()?;
                    continue;
                }
                other => return Err(format!("unsupported facet `{other}` for {type_name}")),
            });
        }
        Ok(XsdType {
            name: type_name.to_string(),
            params: params.to_vec(),
            facets,
        })
    }
}

/// XSD regexes differ from Rust's: `\i`, `\c` and character-class
/// subtraction; the first two are translated, the rest passes through.
fn translate_regex(source: &str) -> String {
    source
        .replace("\\i", "[_:A-Za-z\\u{C0}-\\u{2FF}\\u{370}-\\u{1FFF}]")
        .replace(
            "\\c",
            "[-._:A-Za-z0-9\\u{B7}\\u{C0}-\\u{2FF}\\u{300}-\\u{1FFF}]",
        )
}

impl XsdType {
    /// Whether `value` is in the type (after its whitespace processing).
    pub fn allows(&self, value: &str, context: &dyn NsContext) -> bool {
        let value = normalize(&self.name, value);
        if !lexical(&self.name, &value) {
            return false;
        }
        if matches!(self.name.as_str(), "QName" | "NOTATION")
            && resolve_qname(&value, context).is_none()
        {
            return false;
        }
        let length = || match self.name.as_str() {
            "hexBinary" => value.len() as f64 / 2.0,
            "base64Binary" => {
                let chars = value.bytes().filter(|b| !b.is_ascii_whitespace()).count();
                let pad = value.bytes().filter(|b| *b == b'=').count();
                (chars / 4 * 3) as f64 - pad as f64
            }
            "IDREFS" | "NMTOKENS" | "ENTITIES" => value.split(' ').count() as f64,
            _ => value.chars().count() as f64,
        };
        self.facets.iter().all(|facet| match facet {
            Facet::Pattern(pattern) => pattern.regex().is_some_and(|r| r.is_match(&value)),
            Facet::MinLength(b) => length() >= *b,
            Facet::MaxLength(b) => length() <= *b,
            Facet::Length(b) => length() == *b,
            Facet::MinInclusive(b) => value.parse::<f64>().is_ok_and(|v| v >= *b),
            Facet::MaxInclusive(b) => value.parse::<f64>().is_ok_and(|v| v <= *b),
            Facet::MinExclusive(b) => value.parse::<f64>().is_ok_and(|v| v > *b),
            Facet::MaxExclusive(b) => value.parse::<f64>().is_ok_and(|v| v < *b),
        })
    }

    /// Whether two values of the type are equal (a `value` pattern).
    pub fn equal(
        &self,
        expected: &str,
        expected_context: &dyn NsContext,
        actual: &str,
        actual_context: &dyn NsContext,
    ) -> bool {
        if !self.allows(actual, actual_context) {
            return false;
        }
        let a = normalize(&self.name, expected);
        let b = normalize(&self.name, actual);
        match self.name.as_str() {
            "QName" | "NOTATION" => {
                resolve_qname(&a, expected_context).is_some()
                    && resolve_qname(&a, expected_context) == resolve_qname(&b, actual_context)
            }
            "decimal" | "integer" | "nonNegativeInteger" | "positiveInteger"
            | "nonPositiveInteger" | "negativeInteger" | "long" | "int" | "short" | "byte"
            | "unsignedLong" | "unsignedInt" | "unsignedShort" | "unsignedByte" => {
                canonical_decimal(&a) == canonical_decimal(&b)
            }
            "double" | "float" => match (a.parse::<f64>(), b.parse::<f64>()) {
                (Ok(x), Ok(y)) => x == y || (x.is_nan() && y.is_nan()),
                _ => a == b,
            },
            "boolean" => (a == "true" || a == "1") == (b == "true" || b == "1"),
            "hexBinary" => a.eq_ignore_ascii_case(&b),
            _ => a == b,
        }
    }
}

/// `prefix:local` resolved to (namespace, local).
fn resolve_qname(value: &str, context: &dyn NsContext) -> Option<(String, String)> {
    match value.split_once(':') {
        Some((prefix, local)) => Some((context.resolve(prefix)?, local.to_string())),
        None => Some((context.resolve("").unwrap_or_default(), value.to_string())),
    }
}

/// A decimal without sign noise, leading or trailing zeros.
fn canonical_decimal(value: &str) -> String {
    let (negative, digits) = match value.strip_prefix('-') {
        Some(d) => (true, d),
        None => (false, value.strip_prefix('+').unwrap_or(value)),
    };
    let (whole, fraction) = digits.split_once('.').unwrap_or((digits, ""));
    let whole = whole.trim_start_matches('0');
    let fraction = fraction.trim_end_matches('0');
    let body = format!(
        "{}.{}",
        if whole.is_empty() { "0" } else { whole },
        fraction
    );
    if negative && body != "0." {
        format!("-{body}")
    } else {
        body
    }
}

/// Whitespace processing per type: `string` keeps it, the rest collapse.
pub fn normalize<'v>(type_name: &str, value: &'v str) -> std::borrow::Cow<'v, str> {
    match type_name {
        "string" => std::borrow::Cow::Borrowed(value),
        "normalizedString" => value.replace(['\t', '\n', '\r'], " ").into(),
        _ => {
            let bytes = value.as_bytes();
            let collapsed_already = bytes.first().is_none_or(|b| *b != b' ')
                && bytes.last().is_none_or(|b| *b != b' ')
                && !bytes.iter().any(|b| matches!(b, b'\t' | b'\n' | b'\r'))
                && !value.contains("  ");
            if collapsed_already {
                std::borrow::Cow::Borrowed(value)
            } else {
                value
                    .split_whitespace()
                    .collect::<Vec<_>>()
                    .join(" ")
                    .into()
            }
        }
    }
}

/// Whether a whitespace-processed value is in the type's lexical space.
pub fn lexical(type_name: &str, value: &str) -> bool {
    match type_name {
        "string" | "normalizedString" | "token" => true,
        "ID" | "IDREF" | "NCName" | "ENTITY" => is_ncname(value),
        "ENTITIES" => !value.is_empty() && value.split(' ').all(is_ncname),
        "QName" | "NOTATION" => match value.split_once(':') {
            Some((p, l)) => is_ncname(p) && is_ncname(l),
            None => is_ncname(value),
        },
        "nonPositiveInteger" => {
            is_integer(value)
                && (value.starts_with('-')
                    || value.trim_start_matches('+').bytes().all(|b| b == b'0'))
        }
        "negativeInteger" => {
            is_integer(value)
                && value.starts_with('-')
                && value.bytes().any(|b| (b'1'..=b'9').contains(&b))
        }
        "long" | "int" | "short" | "byte" => {
            is_integer(value)
                && in_range(
                    value,
                    match type_name {
                        "long" => (i64::MIN as i128, i64::MAX as i128),
                        "int" => (i32::MIN as i128, i32::MAX as i128),
                        "short" => (i16::MIN as i128, i16::MAX as i128),
                        _ => (i8::MIN as i128, i8::MAX as i128),
                    },
                )
        }
        "unsignedLong" | "unsignedInt" | "unsignedShort" | "unsignedByte" => {
            is_integer(value)
                && in_range(
                    value,
                    match type_name {
                        "unsignedLong" => (0, u64::MAX as i128),
                        "unsignedInt" => (0, u32::MAX as i128),
                        "unsignedShort" => (0, u16::MAX as i128),
                        _ => (0, u8::MAX as i128),
                    },
                )
        }
        "hexBinary" => {
            value.len().is_multiple_of(2) && value.bytes().all(|b| b.is_ascii_hexdigit())
        }
        "base64Binary" => {
            let compact: Vec<u8> = value.bytes().filter(|b| *b != b' ').collect();
            compact.len().is_multiple_of(4)
                && compact
                    .iter()
                    .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'/' | b'='))
        }
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

fn in_range(value: &str, (low, high): (i128, i128)) -> bool {
    value
        .trim_start_matches('+')
        .parse::<i128>()
        .is_ok_and(|v| v >= low && v <= high)
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

pub(crate) fn is_ncname(value: &str) -> bool {
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
        let mut library = XsdLibrary::default();
        let params = [("pattern".to_string(), r"[^\p{C}\p{Z}]+".to_string())];
        let token = library.compile("token", &params).unwrap();
        assert!(token.allows(" abc ", &NoContext));
        assert!(!token.allows("a b", &NoContext));
        library.compile("NCName", &params).unwrap();
        assert_eq!(library.patterns.len(), 1);
        assert!(
            library
                .compile("token", &[("pattern".into(), "(".into())])
                .is_err()
        );
        assert!(library.compile("gibberish", &[]).is_err());
    }

    #[test]
    fn values_compare_in_the_value_space() {
        let mut library = XsdLibrary::default();
        let integer = library.compile("integer", &[]).unwrap();
        assert!(integer.equal("1", &NoContext, " +001 ", &NoContext));
        assert!(!integer.equal("1", &NoContext, "2", &NoContext));
        let qname = library.compile("QName", &[]).unwrap();
        assert!(qname.equal("xml:lang", &NoContext, "xml:lang", &NoContext));
        assert!(!qname.allows("nope:x", &NoContext));
    }
}
