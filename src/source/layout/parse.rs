//! The best-scoring reading of a whole source as documents and their parts.
//!
//! Each non-blank line gets one [`Part`]. A reading is a path through a small
//! grammar of document parts (page matter, number, title, dateline, body,
//! tail); its score is the sum of what each line's features say for its part
//! (emission) and what the grammar says for each step (transition). The best
//! path is found by dynamic programming over the lines (Viterbi), which is
//! linear in the number of lines: the grammar has a fixed handful of states.
//! A backward pass gives, for every line, the best score of any reading with
//! another part at that line: the runner-up, so that close calls can be named.

use super::features::Features;

/// What a line is in a reading.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Part {
    /// Page matter outside documents (site headings, navigation, counters).
    Matter,
    /// A document number alone on its line.
    Number,
    /// A line of a document's title (maybe after its number).
    Title,
    /// The dateline alone on its line (or after a `Written:` label).
    Dateline,
    /// Text of the document.
    Body,
    /// Citation, publication and footnote lines after the text.
    Tail,
    /// Page matter inside a document (page numbers, site fields).
    InnerMatter,
    /// A dateline above the title (an archive's date line, `[4 March 1920]`).
    LeadDateline,
    /// Page matter between a document's number or title lines and what follows.
    HeadMatter,
    /// A labelled source field of the heading, above the text (`Source:
    /// Collected Works, vol. 45`, `Published: …`): the document's citation,
    /// which does not end it.
    HeadField,
}

impl Part {
    pub const ALL: [Part; 10] = [
        Part::Matter,
        Part::Number,
        Part::Title,
        Part::Dateline,
        Part::Body,
        Part::Tail,
        Part::InnerMatter,
        Part::LeadDateline,
        Part::HeadMatter,
        Part::HeadField,
    ];
    fn index(self) -> usize {
        self as usize
    }
    /// The name used in diagnostics.
    pub fn name(self) -> &'static str {
        match self {
            Part::Matter => "page matter",
            Part::Number => "a number line",
            Part::Title => "a title line",
            Part::Dateline => "a dateline",
            Part::Body => "text",
            Part::Tail => "a citation or note",
            Part::InnerMatter => "page matter inside a document",
            Part::LeadDateline => "a dateline above the title",
            Part::HeadMatter => "page matter in the heading",
            Part::HeadField => "a source field of the heading",
        }
    }
}

const N: usize = Part::ALL.len();
/// A step the grammar forbids.
const NEVER: f32 = -1.0e6;

/// The grammar: the score of going from one part to the next.
fn transition(from: Option<Part>, to: Part) -> f32 {
    use Part::*;
    match (from, to) {
        // A source field stands under the heading, among its other fields,
        // and the text follows it.
        (Some(Title | Dateline | HeadMatter | HeadField), HeadField) => 0.0,
        (Some(InnerMatter), HeadField) => -0.3,
        (_, HeadField) => NEVER,
        (Some(HeadField), Body | InnerMatter | Tail) => 0.0,
        (Some(HeadField), Dateline) => -0.5,
        (Some(HeadField), Title | Number | Matter) => -1.0,
        (Some(HeadField), LeadDateline | HeadMatter) => NEVER,
        (None | Some(Matter), LeadDateline) => -0.5,
        (Some(LeadDateline), Title) => 0.5,
        (Some(LeadDateline), HeadMatter) => 0.0,
        (Some(LeadDateline), Body) => -0.5,
        (Some(LeadDateline), Tail) => -2.0,
        (Some(LeadDateline), Matter) => -3.0,
        (Some(LeadDateline), _) => NEVER,
        (Some(Number | Title), HeadMatter) => -0.5,
        (Some(HeadMatter), HeadMatter | Dateline) => 0.0,
        (Some(HeadMatter), Title | Body) => -0.3,
        (Some(HeadMatter), Tail) => -1.0,
        (Some(HeadMatter), Matter) => -6.0,
        (Some(HeadMatter), _) => NEVER,
        (_, LeadDateline | HeadMatter) => NEVER,
        (None, Matter | Number | Title) => 0.0,
        (None, Dateline) => -1.0,
        (None, Body) => -1.5,
        (None, Tail) => -3.0,
        (None, InnerMatter) => NEVER,
        (Some(Matter), Matter | Number | Title) => 0.0,
        (Some(Matter), Dateline) => -1.5,
        (Some(Matter), Body) => -2.0,
        (Some(Matter), Tail) => -4.0,
        (Some(Matter), InnerMatter) => NEVER,
        (Some(Number), Title) => 0.5,
        (Some(Number), Dateline) => -0.5,
        (Some(Number), Body) => -1.0,
        (Some(Number), Tail) => -2.0,
        (Some(Number), Number | Matter) => -6.0,
        (Some(Number | Title), InnerMatter) => NEVER,
        (Some(Title), Title) => -0.7,
        (Some(Title), Dateline) => 0.5,
        (Some(Title), Body) => 0.0,
        (Some(Title), Tail) => -1.5,
        (Some(Title), Number | Matter) => -6.0,
        (Some(Dateline), Body) => 0.0,
        (Some(Dateline), Tail) => -0.5,
        (Some(Dateline), InnerMatter) => -0.3,
        (Some(Dateline), Dateline) => -1.0,
        // A heading with no text (a list of documents, a cut page): the next
        // document's title follows the dateline.
        (Some(Dateline), Title) => -2.5,
        (Some(Dateline), Number | Matter) => -3.0,
        (Some(Body), Body | Tail) => 0.0,
        (Some(Body), Number) => -1.0,
        (Some(Body), Title) => -2.0,
        (Some(Body), Matter) => -1.0,
        (Some(Body), InnerMatter) => -0.5,
        (Some(Body), Dateline) => -4.0,
        (Some(Tail), Tail | Number) => 0.0,
        (Some(Tail), Title) => -0.5,
        (Some(Tail), Matter) => -0.5,
        (Some(Tail), InnerMatter) => -0.5,
        (Some(Tail), Body) => -3.0,
        (Some(Tail), Dateline) => NEVER,
        (Some(InnerMatter), InnerMatter | Body | Tail) => 0.0,
        // A dateline after page matter inside a text: rarer than a heading's
        // dateline after its page matter (`HeadMatter`).
        (Some(InnerMatter), Dateline) => -1.5,
        (Some(InnerMatter), Title | Number | Matter) => NEVER,
    }
}

/// What line `i`'s features say for each part.
pub fn emission(f: &[Features], i: usize) -> [f32; N] {
    let x = &f[i];
    let next = f.get(i + 1);
    let prev = i.checked_sub(1).and_then(|p| f.get(p));
    let mut e = [0.0f32; N];

    // Page matter.
    let mut matter = x.junk - 1.0;
    if x.meta {
        matter += 2.5;
    }
    if x.shelfmark {
        // A file number above the heading: outside the document's text, kept
        // as its citation by `build`.
        matter += 2.0;
    }
    if i == 0
        && x.blank_after
        && !x.ends_sentence
        && !x.echoed
        && next.is_some()
        && x.number.is_none()
    {
        // A page's own heading above the document.
        matter += 1.0;
    }
    if x.repeats_next || x.echo {
        matter += 1.5;
    }
    if x.titled_elsewhere {
        // A short heading or label beside the page's citation of the document.
        matter += 1.5;
    }
    e[Part::Matter.index()] = matter;
    e[Part::InnerMatter.index()] = matter - 0.5;
    e[Part::HeadMatter.index()] = matter - 0.5;

    // Number.
    e[Part::Number.index()] = match &x.number {
        Some(n) if n.title_at.is_none() => {
            let mut s = if n.bare { 1.5 } else { 3.5 };
            if n.bare && n.n.len() == 4 && (n.n.starts_with("1") || n.n.starts_with("20")) {
                s -= 2.0; // a year alone on a line
            }
            if n.bare && prev.is_some_and(|p| p.words >= 6 && !p.ends_sentence) && i == 1 {
                s -= 2.5; // a view counter under the page's heading
            }
            if n.bare && next.is_some_and(|n| n.number.is_some() || n.junk > 1.0) {
                s -= 2.0;
            }
            s
        }
        _ => NEVER,
    };

    // Title.
    let mut title = -1.0;
    if x.genre {
        title += 2.0;
    }
    if x.trailing_dateline || x.ends_with_date {
        title += 1.5;
    }
    let dated =
        |n: &Features| n.dateline_alone || n.date_label.is_some() || n.salute_dateline.is_some();
    if next.is_some_and(dated) {
        title += 1.0;
    } else if next.is_some_and(|n| n.words <= 3 && !n.ends_open) && f.get(i + 2).is_some_and(dated)
    {
        // A short line (a despatch number, a marking) between title and dateline.
        title += 1.0;
    }
    if x.upper {
        title += 1.0;
    }
    if x.title_case >= 0.6 && x.words >= 2 {
        title += 0.7;
    }
    if x.number.as_ref().is_some_and(|n| n.title_at.is_some()) {
        title += 2.0;
    }
    if x.correspondence {
        title += 1.5;
    }
    if x.title_from.is_some() {
        title += 1.0;
    }
    if x.blank_after && x.blank_before {
        title += 0.3;
    }
    if x.echoed {
        title += 1.0;
    }
    // A heading that names its kind of document and ends with its date
    // (`Statement by the Ministry … № 4192 July 12, 1920.`) may be long.
    let named_and_dated = x.genre_named && x.ends_with_date && !x.starts_lower;
    if named_and_dated {
        title += 1.5;
    }
    if x.words > 60 {
        title -= 3.0;
    } else if x.words > 35 && !named_and_dated {
        title -= 1.0;
    }
    if x.starts_lower {
        title -= 2.5;
    }
    if x.ends_sentence && !x.upper && !x.trailing_dateline && !x.ends_with_date {
        title -= 0.7;
    }
    if x.ends_open {
        title -= 1.5;
    }
    if x.citation || x.dateline_alone || x.salute_dateline.is_some() {
        title -= 3.0;
    }
    if x.meta {
        // A page's field (`Other Formats: …`, `Published: …`) is no heading.
        title -= 2.0;
    }
    if x.salute || x.marking {
        // A salutation opens a letter's text and a security marking stands
        // over a heading or text: neither is ever a document's title.
        title -= 3.0;
    }
    title -= x.junk;
    if !x.text_has_letters {
        title -= 5.0;
    }
    if x.one_word && prev.is_some_and(|p| p.ends_sentence) {
        // `S H T Y K O V` under a sentence of text: a signature; a title
        // after a text names a kind of document or says more. (One-word
        // lines inside a heading, `SPECIAL` under `TOP PRIORITY`, are not
        // weighed.)
        title -= 1.5;
    }
    if x.reference_number {
        // `No. 1476/sh`: a document's own reference, above or below it.
        title -= 3.0;
    }
    if x.titled_elsewhere {
        // The page's citation names the document: this heading is the site's.
        title -= 3.0;
    }
    if x.cites_title.is_some() {
        // The citation quoting a title no line repeats gives the only title.
        title = 3.0;
    }
    e[Part::Title.index()] = title;

    // Dateline.
    e[Part::Dateline.index()] = if x.dateline_alone
        || x.date_label.is_some()
        || x.from_place.is_some()
        || x.salute_dateline.is_some()
    {
        3.0
    } else {
        NEVER
    };
    if x.salute && next.is_some_and(|n| n.dateline_alone || n.date_label.is_some()) {
        // `My dear Sir.` above the dateline: read with it; `build` keeps it
        // as the first line of the text.
        e[Part::Dateline.index()] = 2.0;
    }
    e[Part::LeadDateline.index()] = if x.from_place.is_some() && x.date_label.is_none() {
        // A telegram's `From: Place` line follows its heading, never opens one.
        NEVER
    } else {
        e[Part::Dateline.index()]
    };

    // Body.
    let mut body = 0.0;
    if x.words > 12 {
        body += 1.0;
    }
    if x.ends_sentence {
        body += 0.5;
    }
    if x.starts_lower {
        body += 1.0;
    }
    if x.upper && x.words < 8 {
        body -= 0.5;
    }
    if x.cites_title.is_some() {
        // A citation of the document is never its text.
        body -= 3.0;
    }
    e[Part::Body.index()] = body;

    // A labelled source field (`Source: …`) may stand in the heading.
    e[Part::HeadField.index()] = if x.citation && x.meta {
        // Less than a tail line: with no text below, it ends the document.
        2.8
    } else {
        NEVER
    };

    // Tail.
    e[Part::Tail.index()] = if x.citation {
        3.0
    } else if x.footnote {
        2.0
    } else if x.number.as_ref().is_some_and(|n| n.citation_at.is_some()) {
        NEVER
    } else {
        -4.0
    };
    e
}

/// The best reading, with each line's runner-up.
#[derive(Debug, Clone, PartialEq)]
pub struct Reading {
    pub parts: Vec<Part>,
    /// Per line: the best part's margin over the best reading with another
    /// part at that line, and that other part.
    pub runner_up: Vec<(f32, Part)>,
}

/// Viterbi over the lines, forward and backward (max-marginals).
pub fn best_reading(features: &[Features]) -> Reading {
    let n = features.len();
    if n == 0 {
        return Reading {
            parts: Vec::new(),
            runner_up: Vec::new(),
        };
    }
    let emissions: Vec<[f32; N]> = (0..n).map(|i| emission(features, i)).collect();
    let mut trans = [[0.0f32; N]; N];
    for a in Part::ALL {
        for b in Part::ALL {
            trans[a.index()][b.index()] = transition(Some(a), b);
        }
    }
    // Forward: best score of lines 0..=i with line i in state s.
    let mut forward = vec![[NEVER; N]; n];
    let mut back = vec![[0usize; N]; n];
    for s in Part::ALL {
        forward[0][s.index()] = transition(None, s) + emissions[0][s.index()];
    }
    for i in 1..n {
        for s in 0..N {
            let (best, from) = (0..N)
                .map(|p| (forward[i - 1][p] + trans[p][s], p))
                .fold((f32::MIN, 0), |acc, x| if x.0 > acc.0 { x } else { acc });
            forward[i][s] = best + emissions[i][s];
            back[i][s] = from;
        }
    }
    // Backward: best score of lines i+1.. given line i in state s.
    let mut backward = vec![[0.0f32; N]; n];
    for i in (0..n - 1).rev() {
        for s in 0..N {
            backward[i][s] = (0..N)
                .map(|t| trans[s][t] + emissions[i + 1][t] + backward[i + 1][t])
                .fold(f32::MIN, f32::max);
        }
    }
    let mut state = (0..N)
        .max_by(|&a, &b| {
            forward[n - 1][a]
                .total_cmp(&forward[n - 1][b])
                .then(b.cmp(&a))
        })
        .unwrap_or(0);
    let mut parts = vec![Part::Body; n];
    for i in (0..n).rev() {
        parts[i] = Part::ALL[state];
        state = back[i][state];
    }
    let runner_up = (0..n)
        .map(|i| {
            let chosen = parts[i].index();
            let best = forward[i][chosen] + backward[i][chosen];
            let (score, other) = (0..N)
                .filter(|&s| s != chosen)
                .map(|s| (forward[i][s] + backward[i][s], s))
                .fold(
                    (f32::MIN, chosen),
                    |acc, x| if x.0 > acc.0 { x } else { acc },
                );
            ((best - score).max(0.0), Part::ALL[other])
        })
        .collect();
    Reading { parts, runner_up }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;
    use crate::source::conventions::Conventions;
    use crate::source::layout::features::features;
    use crate::source::lines::split_lines;

    fn parts(text: &str) -> Vec<Part> {
        let config = Config::builtin();
        let conv = Conventions::new(&config);
        let all = split_lines(text);
        let lines: Vec<_> = all.iter().copied().filter(|l| !l.is_blank()).collect();
        best_reading(&features(&all, &lines, &conv)).parts
    }

    use Part::*;

    #[test]
    fn number_title_dateline_body_citation() {
        let text = "No. 4\nTelegram to the Council\nMoscow, 5 May 1920\nThe grain has arrived and is being unloaded at the station tonight.\nRGASPI, f. 5, op. 1, d. 2, l. 3. Copy.\n";
        assert_eq!(parts(text), [Number, Title, Dateline, Body, Tail]);
    }

    #[test]
    fn page_matter_around_an_unnumbered_document() {
        let text = "Home | Archive | Documents | About\n\nLetter from the Minister to the Consul\n\nParis, 3 March 1921\n\nI have the honour to inform you that the treaty was signed this morning by both parties.\n\nSkip to content\n";
        assert_eq!(parts(text), [Matter, Title, Dateline, Body, Matter]);
    }

    #[test]
    fn a_title_with_its_dateline_at_the_end() {
        let text = "Report of the Commission on the Border Moscow, 5 May 1920\nThe commission visited the border villages and heard the inhabitants of each.\n";
        assert_eq!(parts(text), [Title, Body]);
    }

    #[test]
    fn a_letter_heading_with_a_despatch_number_and_a_saluted_dateline() {
        let text = "Printed for the Cabinet. March 1921.\nCONFIDENTIAL.\nThe Secretary of State to Sir John Smith.\n(No. 12.)\nSir, Colonial Office, March 3, 1921.\nI have the honour to acknowledge the receipt of your despatch of the 1st instant.\n";
        let p = parts(text);
        assert_eq!(p[2], Title, "{p:?}");
        assert_eq!(p[4], Dateline, "{p:?}");
        assert_eq!(p[5], Body, "{p:?}");
    }

    #[test]
    fn a_salutation_above_the_dateline_is_read_with_it() {
        let text = "Letter from the General to the Governor\nDear Sir,\nHeadquarters Camp Morris 3d June 1780.\nI received your letter of the first and thank you for the supplies it announced.\n";
        assert_eq!(parts(text), [Title, Dateline, Dateline, Body]);
    }

    #[test]
    fn a_heading_without_text_then_the_next_document() {
        let text = "Document 1: Memorandum of the Secretary\nLisbon, undated.\nDocument 2: Letter from the Consul to the Secretary\nPorto, March 2, 1951.\nThe consul reports on the harbour works and the shipping of the month.\n";
        assert_eq!(parts(text), [Title, Dateline, Title, Dateline, Body]);
    }

    #[test]
    fn no_evidence_is_one_body() {
        let text = "the committee continued its work through the night and the following morning.\nIt adjourned at noon after a long debate about the supplies of the army.\n";
        assert_eq!(parts(text), [Body, Body]);
    }

    #[test]
    fn two_numbered_documents() {
        let text = "1. LETTER TO THE COMMITTEE\nWe ask you to send the report of the meeting as soon as possible.\n2. TELEGRAM TO THE FRONT\nHold the line until the reserves arrive at the crossing tomorrow.\n";
        assert_eq!(parts(text), [Title, Body, Title, Body]);
    }

    /// A signature (maybe letter-spaced), the document's own reference
    /// number and its date under a text close it: no title, no new document.
    #[test]
    fn a_signature_and_a_reference_number_under_the_text() {
        let cases = [
            "Ciphered Telegram, Petrov to the Council\n\nMoscow, 5 May 1920\n\nThe grain has arrived and is being unloaded at the station tonight.\n\nP E T R O V\n\nNo. 1476/sh\n5 May 1920\nTyped by Ivanova on 5/5/20.\n",
            "Letter to the Committee\n\nThe report will be sent to you by the end of the week, as agreed.\n\nPetrov\n\n#373\n\n12 March 1921\n",
        ];
        for text in cases {
            let p = parts(text);
            assert!(!p[1..].contains(&Title), "{text}: {p:?}");
        }
    }

    /// A labelled source field under the heading (`Source: …`) is the
    /// document's citation but does not end it: the text below is its text,
    /// even a paragraph that could open a heading.
    #[test]
    fn a_source_field_in_the_heading_does_not_end_the_document() {
        let text = "Letter to the Timber Committee\nWritten: May 1921\nSource: Collected Works, Progress Publishers, 1976, Moscow, Volume 9, pages 10-11.\n\nIn the Margin the Author Wrote: “[the question of timber]”.—Ed.\n\nComrades Petrov and Ivanov\n\nThe timber must be sent to the mills without further delay.\n";
        let p = parts(text);
        assert_eq!(p[2], HeadField, "{p:?}");
        assert!(!p[3..].contains(&Title), "{p:?}");
    }

    #[test]
    fn runner_up_margins_are_small_only_where_readings_compete() {
        let config = Config::builtin();
        let conv = Conventions::new(&config);
        // A clear number line, then a line that could be a title or text.
        let text = "No. 4\nNotes on the journey south\nWe left at dawn and rode until the evening without a halt.\n";
        let all = split_lines(text);
        let r = best_reading(&features(&all, &all, &conv));
        let (clear, _) = r.runner_up[0];
        let (close, other) = r.runner_up[1];
        assert!(clear > close, "{:?}", r.runner_up);
        assert_ne!(other, r.parts[1]);
    }

    #[test]
    fn a_marking_or_a_salutation_is_never_a_title() {
        let cases = [
            "Постановление Совета о лесах\n\nАрхив:\nАП РФ. Ф. 3. Оп. 1. Д. 2. Л. 3. Машинописная копия.\n\n117-3\n\nСтрого Секретно\n\n5. О предоставлении в распоряжение треста рабочей силы\n\n(т.т. Петров, Иванов1).\n",
            "Letter to the Council of Labour\nWritten: May 1921\nSource: Collected Works, Volume 9.\n\nComrades Petrov and Ivanov\n\nThe timber must be sent to the mills without further delay.\n",
            "Telegram from the Embassy\n\nStrictly secret.\n\nThe minister received me this morning and read the note aloud to his deputies.\n",
        ];
        for text in cases {
            let p = parts(text);
            let all = split_lines(text);
            let lines: Vec<_> = all.iter().filter(|l| !l.is_blank()).collect();
            for (line, part) in lines.iter().zip(&p) {
                let t = line.text.trim();
                if t.starts_with("Строго") || t.starts_with("Comrades") || t.starts_with("Strictly")
                {
                    assert_ne!(*part, Title, "{t}: {p:?}");
                }
            }
        }
    }
}
