#!/usr/bin/env python3
"""Synthetic documentary editions for teikit's benchmarks.

Writes a plain-text edition in the conventions of
tests/fixtures/barsegov-555-570.txt (number lines, title lines ending in a
dateline, body paragraphs, lists and dialogue with omissions, supplied words,
footnote anchors, closers, archival citations, emphasis notes and footnote
texts on the tail line), and optionally the Markdown form of the same edition
(for pandoc: headings, paragraphs, lists, footnotes as [^id]).

Output is deterministic: the same --seed and --size give the same bytes.
Standard library only.

    python3 bench/generate.py --size 10M -o bench/data/10M.txt --markdown bench/data/10M.md
"""

import argparse
import random
import sys

MONTHS = [
    "January", "February", "March", "April", "May", "June", "July",
    "August", "September", "October", "November", "December",
]
PLACES = ["Baku", "Moscow", "Erivan", "Tiflis", "Kars", "Shusha", "Gerusy"]
KINDS = [
    "Telegram", "Letter", "Memorandum", "Radiogram", "Report", "Note",
    "Directive", "Record of a Conversation",
]
ROLES = [
    "the People’s Commissar for Foreign Affairs of the RSFSR",
    "the Plenipotentiary Representative of the RSFSR in Armenia",
    "Member of the Caucasian Bureau of the Central Committee of the RCP(b)",
    "the Chief of Staff of the Caucasian Front",
    "the Command of the 11th Red Army",
    "the Revolutionary Military Council of the Republic",
    "the Minister of Foreign Affairs of Armenia",
]
PEOPLE = [
    ("G.", "Chicherin"), ("I.", "Stalin"), ("B.", "Legran"),
    ("G.", "Ordzhonikidze"), ("V.", "Lenin"), ("E.", "Sklyansky"),
    ("B.", "Shaposhnikov"), ("V.", "Trifonov"), ("A.", "Mikoyan"),
]
SUBJECTS = [
    "the Status of Disputed Territories", "Military Transit Through Armenia",
    "the Draft Treaty with Armenia", "the Withdrawal of Turkish Troops",
    "the Situation in Zangezur and Nakhichevan", "Supplies for the Army",
    "the Mediation of Soviet Russia", "the Railway to Julfa",
]
# (speaker label as printed, expansion printed in brackets or None)
SPEAKERS = [
    ("L[egran]:", "legran"), ("Ch[icherin]:", "chicherin"),
    ("Stalin:", "stalin"), ("(Gelman):", "gelman"), ("O[rdzhonikidze]:", "ordzhonikidze"),
]
SIGNATURE_ROLES = [
    "Chief of Staff of the Caucasus Front", "Military Commissar",
    "Operational Council", "Caucasian Front Headquarters",
    "Commander of the 11th Army",
]
SIGNATURE_NAMES = ["Pugachev", "Pechersky", "Garf", "Klim", "Gittis", "Kuliyev"]
ARCHIVES = ["RGASPI", "AVPR", "RGVA", "NA RA"]
STATUSES = ["Copy", "Original", "Draft", "Certified copy"]
FORMS = ["Typescript", "Autograph"]
NOUNS = [
    "government", "treaty", "army", "regiment", "border", "territory",
    "question", "decision", "position", "commission", "delegation", "railway",
    "transit", "mediation", "agreement", "population", "district", "command",
    "situation", "policy", "offensive", "cipher", "memorandum", "response",
    "council", "committee", "frontier", "garrison", "mission", "report",
    "supplies", "ammunition", "negotiations", "conditions", "guarantees",
]
VERBS = [
    "requires", "demands", "considers", "rejects", "supports", "delays",
    "confirms", "proposes", "reports", "awaits", "secures", "prevents",
    "concludes", "examines", "requests", "transmits", "postpones", "accepts",
]
ADJECTIVES = [
    "disputed", "urgent", "final", "military", "political", "friendly",
    "serious", "immediate", "complete", "secret", "necessary", "current",
    "strategic", "considerable", "favorable", "unclear", "decisive",
]
CONNECTORS = [
    "and", "but", "while", "because", "although", "so that", "until", "since",
]
PROPER = [
    "Armenia", "Azerbaijan", "Turkey", "Georgia", "Persia", "Zangezur",
    "Nakhichevan", "Karabakh", "Kars", "the Entente", "Moscow", "Baku",
]
SUPPLIABLE = [p for p in PROPER if " " not in p]
SIC_READINGS = ["begins", "regiments", "transmits", "demand", "border"]


class Doc:
    """One document: its parts as the text and Markdown writers need them."""

    def __init__(self):
        self.number = None
        self.title = ""
        self.subtitle = None
        self.markings = None
        self.dateline = ""
        self.body_marking = None
        self.blocks = []  # (kind, payload): ("p", [segments]) / ("list", [[segments]]) / ("sp", [(label, [segments])])
        self.closer = ""
        self.citations = ""
        self.emphasis = False
        self.notes = []  # (stars, text)


# A segment is plain text or ("anchor", stars): anchors are written as
# asterisks in the text form and as footnote references in Markdown.


class Generator:
    def __init__(self, seed):
        self.r = random.Random(seed)

    def choice(self, seq):
        return seq[self.r.randrange(len(seq))]

    def date(self):
        r = self.r
        return f"{r.randint(1, 28)} {self.choice(MONTHS)} {r.randint(1918, 1922)}"

    def phrase(self):
        c = self.choice
        return (
            f"the {c(ADJECTIVES)} {c(NOUNS)} of {c(PROPER)} {c(VERBS)} "
            f"the {c(ADJECTIVES)} {c(NOUNS)}"
        )

    def sentence(self, supplied=False):
        r = self.r
        parts = [self.phrase()]
        for _ in range(r.randint(0, 2)):
            parts.append(f"{self.choice(CONNECTORS)} {self.phrase()}")
        s = ", ".join(parts) if r.random() < 0.3 else " ".join(parts)
        if supplied:
            s += f" in [{self.choice(SUPPLIABLE)}]"
        s = s[0].upper() + s[1:]
        return s + "."

    def paragraph(self, n_sentences, anchor=None):
        """Segments of one paragraph; `anchor` = (stars, kind) puts one note anchor."""
        r = self.r
        sentences = []
        for _ in range(n_sentences):
            s = self.sentence(supplied=r.random() < 0.08)
            if r.random() < 0.12:
                s = "<…> " + s
            sentences.append(s)
        if r.random() < 0.1:
            sentences.append("<…>")
        segs = []
        anchor_at = r.randrange(len(sentences)) if anchor else -1
        for i, s in enumerate(sentences):
            if i:
                segs.append(" ")
            if i == anchor_at:
                stars, kind = anchor
                if kind == "sic":
                    # anchor after the last word of the sentence, before its period
                    head = s[:-1]
                    segs.extend([head, ("anchor", stars), "."])
                elif kind == "underline":
                    segs.extend([s[:-1], ("anchor", stars), "."])
                else:  # ellipsis of the original
                    segs.extend([s[:-1] + " …", ("anchor", stars), " "])
                    segs.append(self.sentence())
            else:
                segs.append(s)
        return segs

    def document(self, number):
        r = self.r
        d = Doc()
        d.number = number
        giver, taker = self.choice(PEOPLE), self.choice(PEOPLE)
        d.title = (
            f"{self.choice(KINDS)} from {self.choice(ROLES)}, {giver[0]} {giver[1]}, "
            f"to {self.choice(ROLES)}, {taker[0]} {taker[1]} on {self.choice(SUBJECTS)}"
        )
        if r.random() < 0.15:
            d.subtitle = f"On {self.choice(SUBJECTS)} and {self.choice(SUBJECTS)}"
        if r.random() < 0.1:
            d.markings = "Urgent. Secret."
        place = f"{self.choice(PLACES)}, " if r.random() < 0.6 else ""
        time = f", {r.randint(10, 23)}:{r.randint(10, 59)}" if r.random() < 0.1 else ""
        d.dateline = f"{place}{self.date()}{time}"
        if r.random() < 0.08:
            d.body_marking = "Marked “Extremely urgent. Out of turn.”"

        note_kind = r.choice([None, None, "sic", "underline", "ellipsis"])
        stars = "*" if note_kind != "ellipsis" else "**"
        n_blocks = r.randint(1, 4)
        note_block = r.randrange(n_blocks) if note_kind else -1
        for b in range(n_blocks):
            anchor = (stars, note_kind) if b == note_block else None
            roll = r.random()
            if roll < 0.12 and anchor is None and b < n_blocks - 1:
                items = [self.paragraph(r.randint(1, 2)) for _ in range(r.randint(2, 4))]
                if r.random() < 0.3:
                    items[0] = ["<…>"]
                d.blocks.append(("list", items))
            elif roll < 0.22:
                turns = []
                for t in range(r.randint(2, 4)):
                    a = anchor if t == 0 else None
                    turns.append((self.choice(SPEAKERS)[0], self.paragraph(r.randint(1, 3), a)))
                d.blocks.append(("sp", turns))
            else:
                d.blocks.append(("p", self.paragraph(r.randint(2, 7), anchor)))
        if note_kind == "sic":
            d.notes.append((stars, f"The document mistakenly reads “{self.choice(SIC_READINGS)}.”"))
        elif note_kind == "underline":
            d.notes.append((stars, "This sentence is underlined in the original document."))
        elif note_kind == "ellipsis":
            d.notes.append((stars, "Ellipsis in the original text."))

        closer = r.random()
        if closer < 0.3:
            d.closer = f"—{self.choice(PEOPLE)[1]}"
        elif closer < 0.45:
            d.closer = f"No. {r.randint(2, 9999)}."
        elif closer < 0.6:
            d.closer = (
                f"No. {r.randint(100, 9999)}/op. {self.choice(SIGNATURE_ROLES)} – "
                f"{self.choice(SIGNATURE_NAMES)}. Military Commissar – {self.choice(SIGNATURE_NAMES)}."
            )
        d.citations = self.citations()
        d.emphasis = r.random() < 0.6
        return d

    def citations(self):
        r = self.r
        out = []
        n = 1 if r.random() < 0.75 else 2
        for i in range(n):
            arch = self.choice(ARCHIVES)
            c = f"{arch}, f. {r.randint(1, 600)}, op. {r.randint(1, 60)}"
            if arch == "AVPR" and r.random() < 0.5:
                c += f", p. {r.randint(1, 400)}a"
            c += f", d. {r.randint(1, 6000)}, "
            if r.random() < 0.5:
                c += f"p. {r.randint(1, 400)}."
            else:
                a = r.randint(1, 400)
                c += f"pp. {a}–{a + r.randint(1, 5)}."
            if n > 1 or r.random() < 0.8:
                c += f" {self.choice(STATUSES)}"
                if r.random() < 0.2:
                    c += f". {self.choice(FORMS)}"
                c += ";" if i < n - 1 else "."
            out.append(c)
        return " ".join(out)


def text_of(segs, anchors_as="text", note_ids=None):
    """The text of segments; anchors as asterisks, or as Markdown footnote references."""
    out = []
    for s in segs:
        if isinstance(s, tuple):
            if anchors_as == "text":
                out.append(s[1])
            else:
                out.append(f"[^{note_ids[s[1]]}]")
        elif anchors_as == "text":
            out.append(s)
        else:
            out.append(md_escape(s))
    return "".join(out)


def md_escape(s):
    """Escapes the omission mark for Markdown: an unescaped `<` may open raw HTML.

    Written unescaped, every `<…>` sends pandoc (2.17) looking for the end of an
    HTML tag, which makes its reading time grow faster than the input.
    """
    return s.replace("<…>", "\\<…>")


def tail(d):
    parts = []
    if d.closer:
        parts.append(d.closer)
    parts.append(d.citations)
    if d.emphasis:
        parts.append("(Emphasis added – Y.B.)")
    return " ".join(parts)


def write_text(d, out):
    out.append(f"No. {d.number}\n")
    title_end = f" {d.markings}" if d.markings else ""
    if d.subtitle:
        out.append(f"{d.title}\n{d.subtitle}{title_end} {d.dateline}\n")
    else:
        out.append(f"{d.title}{title_end} {d.dateline}\n")
    lines = []
    for kind, payload in d.blocks:
        if kind == "p":
            lines.append(text_of(payload))
        elif kind == "list":
            lines.extend("- " + text_of(item) for item in payload)
        else:
            lines.append(" ".join(f"{label} {text_of(segs)}" for label, segs in payload))
    if d.body_marking:
        lines[0] = f"{d.body_marking} {lines[0]}"
    last = lines[-1] + " " + tail(d)
    for stars, note in d.notes:
        last += f" {stars}{note}"
    lines[-1] = last
    out.extend(line + "\n" for line in lines)


def write_markdown(d, out):
    ids = {stars: f"d{d.number}-{i + 1}" for i, (stars, _) in enumerate(d.notes)}
    out.append(f"## No. {d.number}\n\n### {d.title}\n\n")
    if d.subtitle:
        out.append(f"#### {d.subtitle}\n\n")
    marks = f"{d.markings} " if d.markings else ""
    out.append(f"*{marks}{d.dateline}*\n\n")
    if d.body_marking:
        out.append(f"{d.body_marking}\n\n")
    for kind, payload in d.blocks:
        if kind == "p":
            out.append(text_of(payload, "md", note_ids=ids) + "\n\n")
        elif kind == "list":
            out.extend("- " + text_of(item, "md", note_ids=ids) + "\n" for item in payload)
            out.append("\n")
        else:
            for label, segs in payload:
                out.append(f"**{label}** {text_of(segs, 'md', note_ids=ids)}\n\n")
    if d.closer:
        out.append(f"{d.closer}\n\n")
    cite = d.citations + (" (Emphasis added – Y.B.)" if d.emphasis else "")
    out.append(f"{cite}\n\n")
    for stars, note in d.notes:
        out.append(f"[^{ids[stars]}]: {note}\n\n")


def parse_size(s):
    units = {"K": 1000, "M": 1000**2, "G": 1000**3}
    s = s.strip().upper().rstrip("B")
    if s and s[-1] in units:
        return int(float(s[:-1]) * units[s[-1]])
    return int(s)


def main(argv):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--size", default="1M", help="target size of the text form: 50K, 1M, 10M, 100M (decimal units)")
    ap.add_argument("-o", "--output", required=True, help="the plain-text edition")
    ap.add_argument("--markdown", help="also write the Markdown form of the same edition here")
    ap.add_argument("--seed", type=int, default=555)
    ap.add_argument("--first", type=int, default=1, help="number of the first document")
    args = ap.parse_args(argv)

    target = parse_size(args.size)
    gen = Generator(args.seed)
    text_out = open(args.output, "w", encoding="utf-8", newline="\n")
    md_out = open(args.markdown, "w", encoding="utf-8", newline="\n") if args.markdown else None
    if md_out:
        md_out.write("# Synthetic edition\n\n")
    written = 0
    number = args.first
    while True:
        d = gen.document(number)
        buf = []
        write_text(d, buf)
        chunk = "".join(buf)
        size = len(chunk.encode("utf-8"))
        if written and written + size > target:
            break
        text_out.write(chunk)
        written += size
        if md_out:
            mbuf = []
            write_markdown(d, mbuf)
            md_out.write("".join(mbuf))
        number += 1
    text_out.close()
    if md_out:
        md_out.close()
    print(f"{args.output}: {number - args.first} documents, {written} bytes", file=sys.stderr)


if __name__ == "__main__":
    main(sys.argv[1:])
