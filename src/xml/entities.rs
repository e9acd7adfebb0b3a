//! Entities a document may use: the five predefined ones and internal
//! general entities declared in its DOCTYPE, expanded at declaration time
//! within a size budget ("billion laughs" is refused). External entities are
//! remembered only so that a reference to one is refused by name: teikit
//! never fetches anything a document points to.

use std::collections::HashMap;

/// Internal general entities declared in the DOCTYPE, fully expanded at
/// declaration time within a budget; external ones are remembered only to be
/// refused by name.
#[derive(Debug, Default)]
pub(crate) struct Entities {
    internal: HashMap<String, String>,
    external: Vec<String>,
}

/// Largest replacement text one entity may expand to.
const MAX_ENTITY_VALUE: usize = 64 * 1024;

impl Entities {
    pub(crate) fn lookup(&self, name: &str) -> Option<&str> {
        match name {
            "lt" => Some("<"),
            "gt" => Some(">"),
            "amp" => Some("&"),
            "apos" => Some("'"),
            "quot" => Some("\""),
            _ => self.internal.get(name).map(String::as_str),
        }
    }

    pub(crate) fn resolve(&self, name: &str) -> Result<String, String> {
        if let Some(value) = self.lookup(name) {
            return Ok(value.to_string());
        }
        if self.external.iter().any(|e| e == name) {
            return Err(format!(
                "external entity `{name}` is never expanded (teikit does not read external entities)"
            ));
        }
        Err(format!("undeclared entity `{name}`"))
    }

    /// Reads `<!ENTITY …>` declarations out of the DOCTYPE body.
    pub(crate) fn declare(doctype: &str) -> Result<Self, String> {
        let mut raw: Vec<(String, String)> = Vec::new();
        let mut entities = Entities::default();
        let mut rest = doctype;
        while let Some(at) = rest.find("<!ENTITY") {
            rest = &rest[at + "<!ENTITY".len()..];
            let body = rest.trim_start();
            if body.starts_with('%') {
                return Err("parameter entities are not supported".to_string());
            }
            let name_end = body
                .find(|c: char| c.is_whitespace())
                .ok_or("malformed entity declaration")?;
            let name = body[..name_end].to_string();
            let after = body[name_end..].trim_start();
            if after.starts_with("SYSTEM") || after.starts_with("PUBLIC") {
                entities.external.push(name);
                continue;
            }
            let quote = after.chars().next().ok_or("malformed entity declaration")?;
            if quote != '"' && quote != '\'' {
                return Err(format!("malformed declaration of entity `{name}`"));
            }
            let value_end = after[1..]
                .find(quote)
                .ok_or_else(|| format!("unterminated value of entity `{name}`"))?;
            raw.push((name, after[1..1 + value_end].to_string()));
        }
        for (name, _) in &raw {
            let value = expand(name, &raw, 0)?;
            if value.contains('<') {
                return Err(format!(
                    "entity `{name}` contains markup; teikit expands only text entities"
                ));
            }
            entities.internal.insert(name.clone(), value);
        }
        Ok(entities)
    }
}

/// Expands one entity's value recursively with a depth and size bound.
fn expand(name: &str, raw: &[(String, String)], depth: usize) -> Result<String, String> {
    if depth > 8 {
        return Err(format!(
            "entity `{name}` nests too deeply or refers to itself"
        ));
    }
    let value = raw
        .iter()
        .find(|(n, _)| n == name)
        .map(|(_, v)| v.as_str())
        .ok_or_else(|| format!("undeclared entity `{name}`"))?;
    let mut out = String::new();
    let mut rest = value;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        let after = &rest[at + 1..];
        let end = after
            .find(';')
            .ok_or_else(|| format!("unterminated reference in entity `{name}`"))?;
        let reference = &after[..end];
        if let Some(number) = reference.strip_prefix('#') {
            let code = match number.strip_prefix('x') {
                Some(hex) => u32::from_str_radix(hex, 16),
                None => number.parse(),
            }
            .map_err(|_| format!("bad character reference in entity `{name}`"))?;
            out.push(char::from_u32(code).ok_or("bad character reference")?);
        } else if let Some(pre) = Entities::default().lookup(reference) {
            out.push_str(pre);
        } else {
            out.push_str(&expand(reference, raw, depth + 1)?);
        }
        if out.len() > MAX_ENTITY_VALUE {
            return Err(format!(
                "entity `{name}` expands beyond {MAX_ENTITY_VALUE} bytes (entity expansion attack refused)"
            ));
        }
        rest = &after[end + 1..];
    }
    out.push_str(rest);
    if out.len() > MAX_ENTITY_VALUE {
        return Err(format!(
            "entity `{name}` expands beyond {MAX_ENTITY_VALUE} bytes (entity expansion attack refused)"
        ));
    }
    Ok(out)
}
