//! The edition config (`edition.toml`): who made the edition and which source
//! conventions its plain text follows.
//!
//! Every key is optional. The built-in defaults are the conventions of the
//! documentary collections teikit was designed on, so such a source converts with
//! no config at all. Lists given in a config replace the default list; archives
//! are merged into the defaults. Unknown keys are an error, never ignored.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Config {
    pub edition: EditionConfig,
    pub editor: Option<EditorConfig>,
    pub source: Option<SourceConfig>,
    pub conventions: Conventions,
    pub notes: NotesConfig,
    pub citations: CitationsConfig,
    pub witnesses: WitnessesConfig,
    /// Added to the default archives; the same acronym replaces a default.
    #[serde(default)]
    pub archives: BTreeMap<String, Archive>,
    /// Persons and places as printed → authority URIs (Wikidata, VIAF, GND, GeoNames).
    #[serde(default)]
    pub authorities: Authorities,
}

/// `[authorities]`: a name as printed (`"P. Ostrikov"`, `"Tesminsk"`) mapped to
/// one URI or a list of URIs of authority files. The TEI gets them as `@ref`,
/// the HTML registers and the CMIF file link them.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Authorities(pub BTreeMap<String, Labels>);

impl Authorities {
    /// The URIs of a name as printed; whitespace runs count as one space.
    pub fn uris(&self, name: &str) -> Option<Vec<&str>> {
        let wanted = collapse_spaces(name);
        if let Some(found) = self.0.get(wanted.as_str()) {
            return Some(found.forms());
        }
        self.0
            .iter()
            .find(|(k, _)| collapse_spaces(k) == wanted)
            .map(|(_, v)| v.forms())
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

fn collapse_spaces(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct EditionConfig {
    pub title: Option<String>,
    pub language: Option<String>,
    pub publisher: Option<String>,
    pub licence: Option<String>,
    pub licence_url: Option<String>,
    /// Where the HTML edition is published (`https://example.org/edition/`):
    /// citations then carry each document's URL.
    pub site_url: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct EditorConfig {
    pub name: Option<String>,
    /// First = canonical.
    pub initials: Vec<String>,
    pub xml_id: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SourceConfig {
    pub author: String,
    pub title: String,
}

fn strings(items: &[&str]) -> Vec<String> {
    items.iter().map(|s| s.to_string()).collect()
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Conventions {
    /// `{n}` digits; a pattern ending in `{title}` puts the title on the same line.
    pub number_lines: Vec<String>,
    pub omission: String,
    pub emphasis_notes: Vec<String>,
    pub title_markings: Vec<String>,
    pub body_markings: Vec<String>,
    pub signed_labels: Vec<String>,
    pub certification: Vec<String>,
    pub dateline_places: Vec<String>,
    pub abbreviations: Vec<String>,
    pub trailing_markers: Vec<String>,
    pub source_line: String,
    /// `asterisk` and/or `digit`.
    pub note_anchors: Vec<String>,
    pub gloss_openers: Vec<String>,
    pub honorifics: Vec<String>,
    pub role_words: Vec<String>,
    pub not_speakers: Vec<String>,
    pub publication_labels: Vec<String>,
    pub date_qualifiers: DateQualifiers,
    pub navigation_words: Vec<String>,
    pub back_links: Vec<String>,
    /// Page breaks of the printed edition in square brackets (`[Page {n}]`);
    /// the first is the form the text export writes.
    pub page_breaks: Vec<String>,
    /// Other printed forms of an omission in square brackets (`[…]`); the
    /// text export writes `omission`.
    pub omission_forms: Vec<String>,
    /// Words before a dateline that are kept as its text (`Written:`, `Написано`).
    pub dateline_labels: Vec<String>,
    /// Words before a place that is a dateline alone (`Sent from`, `From:`).
    pub place_labels: Vec<String>,
}

impl Default for Conventions {
    fn default() -> Self {
        Conventions {
            number_lines: strings(&["No. {n}", "№ {n}", "№{n}"]),
            omission: "<…>".into(),
            emphasis_notes: strings(&[
                "(Emphasis added – {initials})",
                "(Emphasis mine – {initials})",
                "(Emphasis added by {initials})",
                "(Emphasis added by us. – {initials})",
                "(Emphasis mine. – {initials})",
            ]),
            title_markings: strings(&[
                "Urgent.",
                "Secret.",
                "Top secret.",
                "Extremely urgent.",
                "Out of turn.",
            ]),
            body_markings: strings(&["Marked “{text}”", "Note: “{text}”"]),
            signed_labels: strings(&["Signed:"]),
            certification: strings(&["Copy certified by {text}"]),
            dateline_places: Vec::new(),
            abbreviations: strings(&[
                "No.", "p.", "pp.", "f.", "op.", "d.", "l.", "ll.", "i.e.", "etc.",
            ]),
            trailing_markers: strings(&["Read Also:"]),
            source_line: "{text} “{text}”".into(),
            note_anchors: strings(&["asterisk"]),
            gloss_openers: strings(&["modern", "now", "i.e.", "that is", "from", "namely"]),
            honorifics: strings(&[
                "Mr.", "Mrs.", "M.", "Mme", "Dr.", "Sir", "Comrade", "General", "Colonel",
            ]),
            role_words: strings(&[
                "Chairman",
                "President",
                "Secretary",
                "Commissar",
                "Chief",
                "Commander",
                "Minister",
                "Representative",
                "Delegate",
                "Consul",
                "Deputy",
                "Member",
                "Head",
            ]),
            not_speakers: strings(&[
                "Note:",
                "Signed:",
                "Source:",
                "Present:",
                "Published in:",
                "Subject:",
                "Agenda:",
            ]),
            publication_labels: strings(&[
                "Published in:",
                "Source:",
                "Published in",
                "Original Source:",
                "First published:",
                "Печатается по",
                "Опубликовано",
                "Впервые опубликовано",
            ]),
            date_qualifiers: DateQualifiers::default(),
            navigation_words: strings(&[
                "Home",
                "Contents",
                "Previous",
                "Next",
                "Share",
                "Back to top",
            ]),
            back_links: strings(&["↩"]),
            page_breaks: strings(&["[Page {n}]", "[p. {n}]", "[Стр. {n}]", "[С. {n}]"]),
            omission_forms: strings(&["[…]", "[...]", "[ … ]", "[. . .]"]),
            dateline_labels: strings(&[
                "Written:",
                "Written",
                "Dictated:",
                "Dated:",
                "Date:",
                "Написано:",
                "Написано",
                "Продиктовано",
                "Датировано",
                "Head Quarters",
                "Headquarters",
            ]),
            place_labels: strings(&["Sent from", "From:", "FROM:", "Отправлено из"]),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct DateQualifiers {
    pub after: Vec<String>,
    pub before: Vec<String>,
}

impl Default for DateQualifiers {
    fn default() -> Self {
        DateQualifiers {
            after: strings(&[
                "after",
                "not earlier than",
                "not before",
                "не ранее",
                "не раньше",
                "после",
            ]),
            before: strings(&[
                "before",
                "not later than",
                "not after",
                "prior to",
                "не позднее",
                "не позже",
                "до",
            ]),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct NotesConfig {
    pub underline: Vec<String>,
    pub original_ellipsis: Vec<String>,
    /// `{sic}` is the misspelt reading of the original.
    pub sic: Vec<String>,
}

impl Default for NotesConfig {
    fn default() -> Self {
        NotesConfig {
            underline: strings(&["This sentence is underlined in the original document."]),
            original_ellipsis: strings(&["Ellipsis in the original text."]),
            sic: strings(&[
                "The document mistakenly reads “{sic}.”",
                "The document mistakenly reads “{sic}”.",
            ]),
        }
    }
}

/// A label key that takes one form or a list; the first form is the one written.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Labels {
    One(String),
    Many(Vec<String>),
}

impl Labels {
    pub fn forms(&self) -> Vec<&str> {
        match self {
            Labels::One(s) => vec![s.as_str()],
            Labels::Many(v) => v.iter().map(String::as_str).collect(),
        }
    }
    /// The form the text export writes.
    pub fn first(&self) -> &str {
        match self {
            Labels::One(s) => s,
            Labels::Many(v) => v.first().map(String::as_str).unwrap_or(""),
        }
    }
    fn many(items: &[&str]) -> Self {
        Labels::Many(strings(items))
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct CitationsConfig {
    pub fond: Labels,
    pub opis: Labels,
    /// Only between opis and delo.
    pub papka: Labels,
    pub delo: Labels,
    pub page: Labels,
    pub leaf: Labels,
    /// Written as `v` in `@from`/`@to`.
    pub verso: Vec<String>,
}

impl Default for CitationsConfig {
    fn default() -> Self {
        CitationsConfig {
            fond: Labels::many(&["f.", "Fund", "fond", "ф."]),
            opis: Labels::many(&["op.", "Inventory", "opis", "оп."]),
            papka: Labels::One("p.".into()),
            delo: Labels::many(&["d.", "File", "delo", "д."]),
            page: Labels::many(&["p.", "pp."]),
            leaf: Labels::many(&["l.", "ll.", "Leaf", "Leaves", "л.", "лл."]),
            verso: strings(&[" verso", " ob.", " об."]),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CategoryConfig {
    pub label: String,
    pub id: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct WitnessesConfig {
    pub status: Vec<CategoryConfig>,
    /// An id repeating an earlier one makes a label variant of it.
    pub form: Vec<CategoryConfig>,
}

fn categories(items: &[(&str, &str)]) -> Vec<CategoryConfig> {
    items
        .iter()
        .map(|(label, id)| CategoryConfig {
            label: label.to_string(),
            id: id.to_string(),
        })
        .collect()
}

impl Default for WitnessesConfig {
    fn default() -> Self {
        WitnessesConfig {
            status: categories(&[
                ("Copy", "status-copy"),
                ("Original", "status-original"),
                ("Draft", "status-draft"),
                ("Certified copy", "status-certified-copy"),
                ("Подлинник", "status-original"),
                ("Копия", "status-copy"),
                ("Заверенная копия", "status-certified-copy"),
                ("Завер. копия", "status-certified-copy"),
            ]),
            form: categories(&[
                ("Typescript", "form-typescript"),
                ("Autograph", "form-autograph"),
                ("Manuscript", "form-manuscript"),
                ("Typewritten", "form-typescript"),
                ("Машинопись", "form-typescript"),
                ("Автограф", "form-autograph"),
                ("Рукопись", "form-manuscript"),
            ]),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Archive {
    pub name: String,
    pub place: Option<String>,
}

/// The four archives the defaults know.
pub fn default_archives() -> BTreeMap<String, Archive> {
    let mut m = BTreeMap::new();
    for (k, name, place) in [
        ("RGVA", "Russian State Military Archive", "Moscow"),
        (
            "RGASPI",
            "Russian State Archive of Socio-Political History",
            "Moscow",
        ),
        (
            "AVPR",
            "Archive of Foreign Policy of the Russian Federation",
            "Moscow",
        ),
        ("NA RA", "National Archives of Armenia", "Yerevan"),
    ] {
        m.insert(
            k.to_string(),
            Archive {
                name: name.to_string(),
                place: Some(place.to_string()),
            },
        );
    }
    m
}

impl Config {
    /// Parse a config from TOML text; the archives are merged into the defaults.
    pub fn from_toml(text: &str) -> Result<Config, toml::de::Error> {
        let mut config: Config = toml::from_str(text)?;
        let mut archives = default_archives();
        archives.append(&mut config.archives);
        config.archives = archives;
        Ok(config)
    }

    /// The built-in defaults (what a source with no config is read with).
    pub fn builtin() -> Config {
        Config {
            archives: default_archives(),
            ..Config::default()
        }
    }

    /// Whether footnotes are anchored by digits (`Assembly1` … `1 Text`).
    pub fn digit_anchors(&self) -> bool {
        self.conventions.note_anchors.iter().any(|a| a == "digit")
    }

    /// Whether footnotes are anchored by asterisks.
    pub fn asterisk_anchors(&self) -> bool {
        self.conventions
            .note_anchors
            .iter()
            .any(|a| a == "asterisk")
    }
}
