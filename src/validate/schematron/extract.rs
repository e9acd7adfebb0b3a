//! Reads the ISO Schematron embedded in a RELAX NG schema: `sch:ns`,
//! `sch:pattern` with its `sch:rule`s, `sch:let`s, `sch:assert`s and
//! `sch:report`s, wherever they stand in the grammar and in the files it
//! includes, as the Schematron extraction of the TEI stylesheets does.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use crate::validate::schema::read_schema_text;
use crate::validate::xml::{self as tree, Child, Tree};

/// The ISO Schematron namespace.
pub const SCH_NS: &str = "http://purl.oclc.org/dsdl/schematron";
const RNG_NS: &str = "http://relaxng.org/ns/structure/1.0";

/// All the Schematron a schema carries.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Extracted {
    /// `sch:ns` declarations: (prefix, uri).
    pub namespaces: Vec<(String, String)>,
    pub patterns: Vec<Pattern>,
    /// Constructs that are read but not run (abstract patterns, `extends`),
    /// each with the reason.
    pub unsupported: Vec<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Pattern {
    pub id: Option<String>,
    /// Rules in order: a node is checked by the first rule whose context
    /// matches it (ISO Schematron §6.5).
    pub rules: Vec<Rule>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Rule {
    /// An XSLT pattern (`tei:p`, `tei:rt/@target`, `/TEI`).
    pub context: String,
    /// Variables in order: the pattern's, then the rule's own.
    pub lets: Vec<Let>,
    pub checks: Vec<Check>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Let {
    pub name: String,
    pub value: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CheckKind {
    /// Fires when the test is false.
    Assert,
    /// Fires when the test is true.
    Report,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Check {
    pub kind: CheckKind,
    pub test: String,
    pub role: Option<String>,
    pub id: Option<String>,
    pub message: Vec<Part>,
}

/// A piece of an assert's or report's message.
#[derive(Debug, Clone, PartialEq)]
pub enum Part {
    Text(String),
    /// `sch:value-of select="…"` (and `sch:name`, read as `name(…)`).
    Value(String),
}

/// Reads the Schematron of the schema `text` (at `base`) and of the files it
/// includes; a file that cannot be read or parsed contributes nothing (the
/// RELAX NG loader reports it).
pub fn extract(text: &str, base: &Path) -> Extracted {
    let mut out = Extracted::default();
    let mut seen = HashSet::new();
    read_file(text, base, &mut out, &mut seen);
    out
}

fn read_file(text: &str, base: &Path, out: &mut Extracted, seen: &mut HashSet<PathBuf>) {
    if !seen.insert(base.to_path_buf()) {
        return;
    }
    let Ok(tree) = tree::parse(text) else {
        return;
    };
    for id in tree.iter() {
        let Some(element) = tree.element(id) else {
            continue;
        };
        let ns = element.name.namespace.as_deref();
        if ns == Some(RNG_NS) && matches!(element.name.local.as_str(), "include" | "externalRef") {
            if let Some(href) = element.attr("href") {
                let path = base.parent().unwrap_or(Path::new("")).join(href);
                if let Ok(text) = read_schema_text(&path) {
                    read_file(&text, &path, out, seen);
                }
            }
            continue;
        }
        if ns != Some(SCH_NS) {
            continue;
        }
        match element.name.local.as_str() {
            "ns" => {
                if let (Some(prefix), Some(uri)) = (element.attr("prefix"), element.attr("uri")) {
                    let pair = (prefix.to_string(), uri.to_string());
                    if !out.namespaces.contains(&pair) {
                        out.namespaces.push(pair);
                    }
                }
            }
            "pattern" => read_pattern(&tree, id, out),
            _ => {}
        }
    }
}

fn sch_children<'t>(
    tree: &'t Tree,
    id: usize,
) -> impl Iterator<Item = (usize, &'t tree::Element)> + 't {
    tree.element(id)
        .into_iter()
        .flat_map(|e| e.child_elements())
        .filter_map(move |c| tree.element(c).map(|e| (c, e)))
        .filter(|(_, e)| e.name.namespace.as_deref() == Some(SCH_NS))
}

fn read_pattern(tree: &Tree, id: usize, out: &mut Extracted) {
    let Some(pattern) = tree.element(id) else {
        return;
    };
    let name = pattern.attr("id").map(str::to_string);
    let shown = name.as_deref().unwrap_or("(no id)");
    if pattern.attr("abstract") == Some("true") || pattern.attr("is-a").is_some() {
        out.unsupported
            .push(format!("pattern {shown}: abstract patterns are not run"));
        return;
    }
    let mut lets = Vec::new();
    let mut rules = Vec::new();
    for (child, element) in sch_children(tree, id) {
        match element.name.local.as_str() {
            "let" => lets.extend(read_let(element)),
            "rule" => {
                if element.attr("abstract") == Some("true") {
                    continue;
                }
                let Some(context) = element.attr("context") else {
                    continue;
                };
                let mut rule = Rule {
                    context: context.to_string(),
                    lets: lets.clone(),
                    checks: Vec::new(),
                };
                let mut extends = false;
                for (part, element) in sch_children(tree, child) {
                    match element.name.local.as_str() {
                        "let" => rule.lets.extend(read_let(element)),
                        "extends" => extends = true,
                        kind @ ("assert" | "report") => {
                            let Some(test) = element.attr("test") else {
                                continue;
                            };
                            rule.checks.push(Check {
                                kind: if kind == "assert" {
                                    CheckKind::Assert
                                } else {
                                    CheckKind::Report
                                },
                                test: test.to_string(),
                                role: element.attr("role").map(str::to_string),
                                id: element.attr("id").map(str::to_string),
                                message: read_message(tree, part),
                            });
                        }
                        _ => {}
                    }
                }
                if extends {
                    out.unsupported.push(format!(
                        "pattern {shown}, rule {context}: rules that extend abstract rules are not run"
                    ));
                } else {
                    rules.push(rule);
                }
            }
            _ => {}
        }
    }
    out.patterns.push(Pattern { id: name, rules });
}

fn read_let(element: &tree::Element) -> Option<Let> {
    Some(Let {
        name: element.attr("name")?.to_string(),
        value: element.attr("value")?.to_string(),
    })
}

/// The message of an assert or report: its text, `sch:name` and
/// `sch:value-of` kept as expressions, other markup read for its text.
fn read_message(tree: &Tree, id: usize) -> Vec<Part> {
    let mut parts = Vec::new();
    let Some(element) = tree.element(id) else {
        return parts;
    };
    for child in &element.children {
        match child {
            Child::Text(text, _) => parts.push(Part::Text(text.clone())),
            Child::Element(c) => {
                let Some(inner) = tree.element(*c) else {
                    continue;
                };
                let sch = inner.name.namespace.as_deref() == Some(SCH_NS);
                match inner.name.local.as_str() {
                    "name" if sch => parts.push(Part::Value(format!(
                        "name({})",
                        inner.attr("path").unwrap_or(".")
                    ))),
                    "value-of" if sch => {
                        if let Some(select) = inner.attr("select") {
                            parts.push(Part::Value(select.to_string()));
                        }
                    }
                    _ => parts.extend(read_message(tree, *c)),
                }
            }
        }
    }
    parts
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(schema: &str, expect: &str) {
        let got = extract(schema, Path::new("test.rng"));
        let shown: Vec<String> = got
            .patterns
            .iter()
            .flat_map(|p| {
                p.rules.iter().map(|r| {
                    let checks: Vec<String> = r
                        .checks
                        .iter()
                        .map(|c| format!("{:?}[{}]{:?}", c.kind, c.test, c.message))
                        .collect();
                    let lets: Vec<&str> = r.lets.iter().map(|l| l.name.as_str()).collect();
                    format!("{} lets={lets:?} {}", r.context, checks.join(" "))
                })
            })
            .chain(got.unsupported.iter().cloned())
            .chain(got.namespaces.iter().map(|(p, u)| format!("ns {p}={u}")))
            .collect();
        assert_eq!(shown.join("\n"), expect);
    }

    const HEAD: &str = r#"<grammar xmlns="http://relaxng.org/ns/structure/1.0" xmlns:sch="http://purl.oclc.org/dsdl/schematron"><start><element name="a"><empty/></element></start>"#;

    #[test]
    fn reads_patterns_lets_messages_and_namespaces() {
        let cases = [
            (
                r#"<sch:ns prefix="t" uri="urn:t"/><sch:pattern><sch:rule context="t:p"><sch:let name="v" value="1"/><sch:assert test="@n">The <sch:name/> of <sch:value-of select="@n"/> <b>bold</b></sch:assert></sch:rule></sch:pattern>"#,
                "t:p lets=[\"v\"] Assert[@n][Text(\"The \"), Value(\"name(.)\"), Text(\" of \"), Value(\"@n\"), Text(\" \"), Text(\"bold\")]\nns t=urn:t",
            ),
            (
                r#"<sch:pattern><sch:let name="g" value="2"/><sch:rule context="x"><sch:report test="y" role="warning">m</sch:report></sch:rule><sch:rule context="z" abstract="true"><sch:report test="1">n</sch:report></sch:rule></sch:pattern>"#,
                "x lets=[\"g\"] Report[y][Text(\"m\")]",
            ),
            (
                r#"<sch:pattern abstract="true" id="abs"><sch:rule context="$c"><sch:report test="1">n</sch:report></sch:rule></sch:pattern><pattern xmlns="http://purl.oclc.org/dsdl/schematron" id="d"><rule context="q"><assert test="1">ok</assert></rule></pattern>"#,
                "q lets=[] Assert[1][Text(\"ok\")]\npattern abs: abstract patterns are not run",
            ),
        ];
        for (body, expect) in cases {
            check(&format!("{HEAD}{body}</grammar>"), expect);
        }
    }
}
