//! Presets: the conventions of edition families as TOML built into the
//! binary, and detection: which preset a source looks like and why.
//!
//! A preset is a partial edition config (`[config]`) with the signals that
//! give the family away (`[preset] signals`: line patterns with weights). With
//! no config, `teikit convert` scores a source against every preset and reads
//! it with the best; `teikit detect` prints that reasoning, and `teikit init`
//! writes the chosen conventions as a commented config.

use std::sync::LazyLock;

use regex::Regex;
use serde::Deserialize;

use super::codes;
use super::conventions::Conventions;
use super::layout;
use super::lines::split_lines;
use crate::config::Config;
use crate::diagnostic::Diagnostic;
use crate::model::Span;

/// The built-in presets, in order of preference on a tie (the defaults first).
const SOURCES: &[&str] = &[
    include_str!("../presets/barsegov.toml"),
    include_str!("../presets/frus.toml"),
    include_str!("../presets/soviet-archival-en.toml"),
    include_str!("../presets/russian-archival.toml"),
    include_str!("../presets/collected-works.toml"),
];

/// How many lines one signal may count: a long source does not outvote a
/// short one by repeating one feature.
const MAX_HITS_PER_SIGNAL: usize = 3;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct PresetFile {
    preset: PresetHead,
    #[serde(default)]
    config: toml::Table,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct PresetHead {
    name: String,
    description: String,
    signals: Vec<SignalSpec>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct SignalSpec {
    pattern: String,
    weight: u32,
    what: String,
}

/// One built-in preset.
#[derive(Debug)]
pub struct Preset {
    pub name: String,
    pub description: String,
    /// The partial config merged under the user's.
    pub config: toml::Table,
    /// The preset file as shipped (for `teikit init`).
    pub source: &'static str,
    signals: Vec<(Regex, u32, String)>,
}

static PRESETS: LazyLock<Vec<Preset>> = LazyLock::new(|| {
    SOURCES
        .iter()
        .map(|source| {
            let file: PresetFile = toml::from_str(source).expect("built-in preset parses");
            let signals = file
                .preset
                .signals
                .into_iter()
                .map(|s| {
                    let re = Regex::new(&s.pattern).expect("built-in preset pattern compiles");
                    (re, s.weight, s.what)
                })
                .collect();
            Preset {
                name: file.preset.name,
                description: file.preset.description,
                config: file.config,
                source,
                signals,
            }
        })
        .collect()
});

/// Every built-in preset.
pub fn presets() -> &'static [Preset] {
    &PRESETS
}

/// The preset called `name`.
pub fn preset(name: &str) -> Option<&'static Preset> {
    PRESETS.iter().find(|p| p.name == name)
}

/// Names of the built-in presets, for help texts.
pub fn names() -> Vec<&'static str> {
    PRESETS.iter().map(|p| p.name.as_str()).collect()
}

/// One piece of evidence for a preset.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Evidence {
    pub line: usize,
    pub weight: u32,
    pub what: String,
}

/// How well a source fits one preset.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fit {
    pub name: &'static str,
    pub score: u32,
    pub evidence: Vec<Evidence>,
}

/// Below this score a source keeps the built-in defaults: one stray signal
/// (a number alone on a line) is no evidence of a family.
pub const MIN_SCORE: u32 = 3;

/// Every preset's fit, best first (ties keep the built-in order).
pub fn detect(text: &str) -> Vec<Fit> {
    let lines = split_lines(text);
    let mut fits: Vec<Fit> = PRESETS
        .iter()
        .map(|p| {
            let mut evidence = Vec::new();
            for (re, weight, what) in &p.signals {
                let hits = lines
                    .iter()
                    .filter(|l| !l.is_blank() && re.is_match(l.text))
                    .take(MAX_HITS_PER_SIGNAL);
                for l in hits {
                    evidence.push(Evidence {
                        line: l.number,
                        weight: *weight,
                        what: what.clone(),
                    });
                }
            }
            evidence.sort_by_key(|e| e.line);
            Fit {
                name: p.name.as_str(),
                score: evidence.iter().map(|e| e.weight).sum(),
                evidence,
            }
        })
        .collect();
    fits.sort_by_key(|f| std::cmp::Reverse(f.score));
    if fits[0].score < MIN_SCORE && fits[0].name != PRESETS[0].name {
        // Weak evidence: the defaults stay first.
        if let Some(at) = fits.iter().position(|f| f.name == PRESETS[0].name) {
            let defaults = fits.remove(at);
            fits.insert(0, defaults);
        }
    }
    fits
}

/// The preset a source is read with under `--preset auto`, and an advice
/// diagnostic saying which and why.
pub fn choose(text: &str) -> (&'static Preset, Diagnostic) {
    let fits = detect(text);
    let best = &fits[0];
    let preset = preset(best.name).unwrap_or(&PRESETS[0]);
    let why = if best.score < MIN_SCORE {
        "no preset's signals are strong enough; the built-in defaults".to_string()
    } else {
        let runner = fits.get(1).map_or(String::new(), |r| {
            format!("; next {} ({})", r.name, r.score)
        });
        let lines: Vec<String> = best
            .evidence
            .iter()
            .take(3)
            .map(|e| format!("line {}: {}", e.line, e.what))
            .collect();
        format!("score {}{runner}: {}", best.score, lines.join("; "))
    };
    let diagnostic = Diagnostic::advice(
        codes::PRESET,
        Span::default(),
        format!("read with preset {} ({why})", preset.name),
    )
    .with_help("choose another with --preset NAME, or write a config with `teikit init`");
    (preset, diagnostic)
}

/// What `--preset auto` reads `text` with: the best-fitting preset, and the
/// advice saying so, which is `None` when that preset is the built-in
/// defaults (reading with them changes nothing, so there is nothing to say).
pub fn auto(text: &str) -> (&'static Preset, Option<Diagnostic>) {
    let (chosen, advice) = choose(text);
    let defaults = presets().first().is_some_and(|f| f.name == chosen.name);
    (chosen, (!defaults).then_some(advice))
}

/// The config of `preset` with `user` (a config file's table) merged over it:
/// the user's keys win; tables merge key by key.
pub fn merged(preset: &Preset, user: Option<toml::Table>) -> Result<Config, toml::de::Error> {
    let mut table = preset.config.clone();
    if let Some(user) = user {
        merge_into(&mut table, user);
    }
    Config::from_toml(&toml::to_string(&table).unwrap_or_default())
}

fn merge_into(base: &mut toml::Table, over: toml::Table) {
    for (key, value) in over {
        match (base.get_mut(&key), value) {
            (Some(toml::Value::Table(b)), toml::Value::Table(o)) => merge_into(b, o),
            (_, v) => {
                base.insert(key, v);
            }
        }
    }
}

/// One line of the layout reading, for `teikit detect`.
#[derive(Debug, Clone, PartialEq)]
pub struct LineReading {
    pub line: usize,
    pub part: layout::parse::Part,
    pub margin: f32,
    pub runner_up: layout::parse::Part,
    pub text: String,
}

/// The layout model's reading of every non-blank line of `text` under `config`.
pub fn reading(text: &str, config: &Config) -> Vec<LineReading> {
    let conv = Conventions::new(config);
    let all = split_lines(text);
    let lines: Vec<_> = all.iter().copied().filter(|l| !l.is_blank()).collect();
    let features = layout::features::features(&all, &lines, &conv);
    let r = layout::parse::best_reading(&features);
    lines
        .iter()
        .zip(r.parts.iter().zip(&r.runner_up))
        .map(|(l, (part, (margin, other)))| LineReading {
            line: l.number,
            part: *part,
            margin: *margin,
            runner_up: *other,
            text: l.text.to_string(),
        })
        .collect()
}

/// What `teikit detect` prints: every preset's score and evidence, the choice.
pub fn report(text: &str) -> String {
    let fits = detect(text);
    let mut out = String::new();
    let best = &fits[0];
    if best.score < MIN_SCORE {
        out.push_str(&format!(
            "preset: {} (no preset scores {MIN_SCORE} or more: the built-in defaults)\n",
            best.name
        ));
    } else {
        out.push_str(&format!("preset: {} (score {})\n", best.name, best.score));
    }
    for fit in &fits {
        let description = preset(fit.name).map_or("", |p| p.description.as_str());
        out.push_str(&format!(
            "  {:<20} {:>3}  {description}\n",
            fit.name, fit.score
        ));
        for e in fit.evidence.iter().take(6) {
            out.push_str(&format!(
                "      line {:>4}: {} (+{})\n",
                e.line, e.what, e.weight
            ));
        }
    }
    out
}

/// The layout reading as lines of text: line number, part, margin over the runner-up.
pub fn reading_report(text: &str, config: &Config) -> String {
    let mut out = String::from("layout:\n");
    for r in reading(text, config) {
        let shown: String = r.text.chars().take(60).collect();
        out.push_str(&format!(
            "  {:>5}  {:<30} {:>5.1} over {:<30} {shown}\n",
            r.line,
            r.part.name(),
            r.margin,
            r.runner_up.name()
        ));
    }
    out
}

/// A commented edition config for `teikit init`: the chosen preset's
/// conventions, with the evidence that chose it.
pub fn init_config(source_name: &str, fit: &Fit) -> String {
    let preset = preset(fit.name).unwrap_or(&PRESETS[0]);
    let mut out = String::new();
    out.push_str(&format!(
        "# Edition config written by `teikit init` for {source_name}.\n"
    ));
    out.push_str(&format!(
        "# Detected preset: {} ({}), score {}.\n",
        preset.name, preset.description, fit.score
    ));
    for e in fit.evidence.iter().take(8) {
        out.push_str(&format!(
            "#   line {}: {} (+{})\n",
            e.line, e.what, e.weight
        ));
    }
    out.push_str("# Every key is optional; lists replace the defaults. Adjust to the edition.\n\n");
    out.push_str("[edition]\n# title = \"\"\n# language = \"en\"\n# publisher = \"\"\n\n");
    out.push_str("[editor]\n# name = \"\"\n# initials = [\"\"]\n\n");
    let config = merged(preset, None).unwrap_or_else(|_| Config::builtin());
    #[derive(serde::Serialize)]
    struct OnlyConventions<'a> {
        conventions: &'a crate::config::Conventions,
    }
    let conventions = toml::to_string(&OnlyConventions {
        conventions: &config.conventions,
    })
    .unwrap_or_default();
    out.push_str("# The source conventions (defaults with the preset's changes).\n");
    out.push_str(&conventions);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn best(text: &str) -> &'static str {
        detect(text)[0].name
    }

    #[test]
    fn every_preset_parses_and_gives_a_valid_config() {
        assert!(presets().len() >= 5);
        for p in presets() {
            assert!(merged(p, None).is_ok(), "{}", p.name);
        }
    }

    #[test]
    fn detection_follows_the_conventions() {
        assert_eq!(
            best(
                "No. 12\nTelegram to the Council Moscow, 5 May 1920\nText.\nRGASPI, f. 5, op. 1, d. 2, l. 3. Copy.\n"
            ),
            "barsegov"
        );
        assert_eq!(
            best(
                "711.00/12: Telegram\n\nThe Ambassador in France to the Secretary of State\n\n[Page 12]\n"
            ),
            "frus"
        );
        assert_eq!(
            best("Протокол заседания\nРГАСПИ. Ф. 17. Оп. 3. Д. 1. Л. 2. Подлинник.\n"),
            "russian-archival"
        );
        assert_eq!(
            best(
                "12\nTO THE COMMITTEE\nWritten: Moscow, 2 May 1919\nPublished: First published in 1933.\n[1] A note.\n"
            ),
            "collected-works"
        );
        assert_eq!(
            best(
                "Ciphered Telegram\nFROM: THE CAPITAL\nAVP RF, f. 7, op. 2, p. 3, d. 4, ll. 5-6.\n"
            ),
            "soviet-archival-en"
        );
    }

    #[test]
    fn no_signal_keeps_the_defaults() {
        let (p, d) = choose("just some words\n");
        assert_eq!(p.name, "barsegov");
        assert!(d.message.contains("built-in defaults"), "{}", d.message);
    }

    #[test]
    fn the_users_keys_win() {
        let p = preset("barsegov").unwrap();
        let user: toml::Table =
            toml::from_str("[conventions]\nnumber_lines = [\"Nr. {n}\"]\n").unwrap();
        let c = merged(p, Some(user)).unwrap();
        assert_eq!(c.conventions.number_lines, ["Nr. {n}"]);
    }
}
