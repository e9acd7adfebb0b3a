//! Config patterns such as `No. {n}` or `(Emphasis added – {initials})`, compiled to regexes.
//!
//! In a pattern `{n}` matches digits, `{initials}` initials such as `Y.B.` or
//! `Yu.B.` (and any configured form), `{text}`, `{sic}` and `{title}` any text up
//! to the pattern's next literal; every other character matches itself.

use regex::Regex;

/// A compiled config pattern; placeholders become capture groups named after them
/// (a second `{text}` is `text2`).
#[derive(Debug, Clone)]
pub struct Pattern {
    pub source: String,
    regex: Regex,
    anchored: Regex,
}

/// What a pattern matched: the whole range and the placeholders' values.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PatternMatch<'t> {
    pub start: usize,
    pub end: usize,
    pub captures: Vec<(String, &'t str, usize)>,
}

impl<'t> PatternMatch<'t> {
    /// The value of a placeholder and its offset in the matched text.
    pub fn get(&self, name: &str) -> Option<(&'t str, usize)> {
        self.captures
            .iter()
            .find(|(n, _, _)| n == name)
            .map(|(_, v, o)| (*v, *o))
    }
}

const INITIALS: &str = r"\p{Lu}\p{Ll}{0,2}\.(?:\s?\p{Lu}\p{Ll}{0,2}\.)+";

impl Pattern {
    /// Compiles `pattern`; `initials` are extra literal forms `{initials}` accepts.
    pub fn new(pattern: &str, initials: &[String]) -> Result<Pattern, regex::Error> {
        let mut out = String::new();
        let mut rest = pattern;
        let mut counts: Vec<(String, usize)> = Vec::new();
        while let Some(open) = rest.find('{') {
            let Some(close) = rest[open..].find('}').map(|c| open + c) else {
                break;
            };
            let name = &rest[open + 1..close];
            if !matches!(name, "n" | "initials" | "text" | "sic" | "title") {
                out.push_str(&regex::escape(&rest[..close + 1]));
                rest = &rest[close + 1..];
                continue;
            }
            out.push_str(&regex::escape(&rest[..open]));
            let count = match counts.iter_mut().find(|(n, _)| n == name) {
                Some((_, c)) => {
                    *c += 1;
                    *c
                }
                None => {
                    counts.push((name.to_string(), 1));
                    1
                }
            };
            let group = if count == 1 {
                name.to_string()
            } else {
                format!("{name}{count}")
            };
            let body = match name {
                "n" => r"\d+".to_string(),
                "initials" => {
                    let mut alts: Vec<String> = initials.iter().map(|i| regex::escape(i)).collect();
                    alts.push(INITIALS.to_string());
                    alts.join("|")
                }
                // The last placeholder of a pattern runs to the end of the text.
                _ => ".+?".to_string(),
            };
            out.push_str(&format!("(?P<{group}>{body})"));
            rest = &rest[close + 1..];
        }
        out.push_str(&regex::escape(rest));
        Ok(Pattern {
            source: pattern.to_string(),
            regex: Regex::new(&out)?,
            anchored: Regex::new(&format!("^(?:{out})$"))?,
        })
    }

    fn to_match<'t>(&self, caps: regex::Captures<'t>) -> Option<PatternMatch<'t>> {
        let whole = caps.get(0)?;
        let captures = self
            .regex
            .capture_names()
            .flatten()
            .filter_map(|name| {
                caps.name(name)
                    .map(|m| (name.to_string(), m.as_str(), m.start() - whole.start()))
            })
            .collect();
        Some(PatternMatch {
            start: whole.start(),
            end: whole.end(),
            captures,
        })
    }

    /// The pattern matches all of `text`.
    pub fn match_whole<'t>(&self, text: &'t str) -> Option<PatternMatch<'t>> {
        let anchored = &self.anchored;
        let caps = anchored.captures(text)?;
        let whole = caps.get(0)?;
        let captures = anchored
            .capture_names()
            .flatten()
            .filter_map(|name| {
                caps.name(name)
                    .map(|m| (name.to_string(), m.as_str(), m.start()))
            })
            .collect();
        Some(PatternMatch {
            start: whole.start(),
            end: whole.end(),
            captures,
        })
    }

    /// The pattern matches a prefix of `text`.
    pub fn match_prefix<'t>(&self, text: &'t str) -> Option<PatternMatch<'t>> {
        let caps = self.regex.captures(text)?;
        if caps.get(0)?.start() != 0 {
            return None;
        }
        self.to_match(caps)
    }

    /// Every non-overlapping match in `text`.
    pub fn find_all<'t>(&self, text: &'t str) -> Vec<PatternMatch<'t>> {
        self.regex
            .captures_iter(text)
            .filter_map(|c| self.to_match(c))
            .collect()
    }

    /// Whether the pattern ends in a placeholder that takes the rest of the line.
    pub fn ends_with_placeholder(&self, name: &str) -> bool {
        self.source.ends_with(&format!("{{{name}}}"))
    }
}

/// Compiles a list of patterns, skipping (and returning) those that do not compile.
pub fn compile_all(patterns: &[String], initials: &[String]) -> (Vec<Pattern>, Vec<String>) {
    let mut ok = Vec::new();
    let mut bad = Vec::new();
    for p in patterns {
        match Pattern::new(p, initials) {
            Ok(c) => ok.push(c),
            Err(_) => bad.push(p.clone()),
        }
    }
    (ok, bad)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn number_line_patterns() {
        let p = Pattern::new("No. {n}", &[]).unwrap();
        assert_eq!(p.match_whole("No. 556").unwrap().get("n"), Some(("556", 4)));
        assert!(p.match_whole("No. 556 x").is_none());
        assert!(p.match_whole("Nox 556").is_none(), "the dot is literal");
        let p = Pattern::new("№{n}", &[]).unwrap();
        assert_eq!(p.match_whole("№215").unwrap().get("n").unwrap().0, "215");
    }

    #[test]
    fn initials_and_text() {
        let p = Pattern::new("(Emphasis added – {initials})", &[]).unwrap();
        for s in ["(Emphasis added – Y.B.)", "(Emphasis added – Yu.B.)"] {
            assert!(p.match_whole(s).is_some(), "{s}");
        }
        assert!(p.match_whole("(Emphasis added – yb)").is_none());
        let p = Pattern::new("Marked “{text}”", &[]).unwrap();
        let m = p
            .match_prefix("Marked “Extremely urgent. Out of turn.” At the")
            .unwrap();
        assert_eq!(m.get("text").unwrap().0, "Extremely urgent. Out of turn.");
        let p = Pattern::new("{text} “{text}”", &[]).unwrap();
        let m = p.match_whole("Yuri Barsegov “Nagorno-Karabakh”").unwrap();
        assert_eq!(m.get("text").unwrap().0, "Yuri Barsegov");
        assert_eq!(m.get("text2").unwrap().0, "Nagorno-Karabakh");
    }
}
