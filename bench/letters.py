#!/usr/bin/env python3
"""Letters of a TEI file's text (outside teiHeader and standOff) missing from
teikit's text export of it: the "nothing lost" measure of the TEI reader.

    python3 bench/letters.py TEIKIT FILE.xml...

Prints one Markdown table row per file: letters in the TEI, letters lost.
Counts are per letter with repetition (a letter printed twice in the export
does not make up for another one missing). In teikit's own form an inherited
<repository> and the <sic> of a choice copy text printed once elsewhere (the
citation above, the note after it) and are not counted. Standard library only.
"""

import collections
import subprocess
import sys
import xml.etree.ElementTree as ET


def tei_letters(path):
    raw = open(path, encoding="utf-8").read()
    own = '<div type="document"' in raw
    counts = collections.Counter()

    def walk(e):
        local = e.tag.rsplit("}", 1)[-1]
        if local in ("teiHeader", "standOff"):
            return
        skip = own and (local == "sic" or (local == "repository" and e.get("rend") == "inherited"))
        if not skip:
            counts.update(c for c in (e.text or "") if c.isalpha())
            for child in e:
                walk(child)
        counts.update(c for c in (e.tail or "") if c.isalpha())

    root = ET.parse(path).getroot()
    root.tail = None
    walk(root)
    return counts


def main():
    teikit, files = sys.argv[1], sys.argv[2:]
    print("| file | letters | lost |")
    print("|---|---:|---:|")
    for path in files:
        want = tei_letters(path)
        out = subprocess.run(
            [teikit, "export", path, "--to", "text", "-o", "-", "-q", "--diagnostics", "short"],
            capture_output=True, text=True,
        ).stdout
        have = collections.Counter(c for c in out if c.isalpha())
        lost = sum(max(0, n - have[c]) for c, n in want.items())
        print(f"| {path} | {sum(want.values())} | {lost} ({100 * lost / max(1, sum(want.values())):.1f} %) |")


if __name__ == "__main__":
    main()
