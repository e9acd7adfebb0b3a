#!/usr/bin/env bash
# Benchmarks teikit side by side with the tools editors use today, on the same
# synthetic editions, in one run: validation (jing, xmllint), conversion
# (pandoc), HTML export (Saxon HE with the TEI Consortium's html.xsl; xsltproc
# with bench/tei-to-html.xsl), and the floor (cat, a well-formedness parse).
#
# Installs nothing. A row whose tool is missing is recorded as skipped. The
# tools, on Debian/Ubuntu:
#   apt-get install -y jing libxml2-utils pandoc hyperfine libsaxonhe-java xsltproc
# The TEI Consortium's Stylesheets are in no Debian package: put a checkout of
# the TEIC/Stylesheets repository (its html/ and common/ folders are enough) at
# bench/data/tei-stylesheets, or point TEI_STYLESHEETS at one.
#
# Usage: bench/run.sh [--quick] [--sizes "50K 1M"] [--runs N] [--only GROUP]
#                     [--teikit BIN] [--validator BIN] [--heavy-100M]
#   --quick       50 KB, 1 MB and 10 MB (default adds 100 MB)
#   --only        validate | convert | export | floor (repeatable)
#   --teikit      the teikit binary (default: $CARGO_TARGET_DIR or target/, release)
#   --validator   a teikit binary that has `validate` (default: --teikit)
#   --heavy-100M  also run pandoc and Saxon on 100 MB (slow; several GB of memory)
#   --append      add to the results of an earlier run instead of starting anew
# A row whose first run takes over 60 s is timed by that run alone.
# Results: bench/data/results/*.json; the summary and a Markdown table are
# printed at the end (bench/summarize.py).
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
BENCH=$ROOT/bench
DATA=$BENCH/data
OUT=$DATA/out
RESULTS=$DATA/results
SCHEMA=$ROOT/schemas/tei_all.rng

SIZES="50K 1M 10M 100M"
RUNS=""
ONLY=""
HEAVY=0
APPEND=0
TEIKIT=${TEIKIT:-${CARGO_TARGET_DIR:-$ROOT/target}/release/teikit}
VALIDATOR=""
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) SIZES="50K 1M 10M" ;;
    --sizes) SIZES=$2; shift ;;
    --runs) RUNS=$2; shift ;;
    --only) ONLY="$ONLY $2"; shift ;;
    --teikit) TEIKIT=$2; shift ;;
    --validator) VALIDATOR=$2; shift ;;
    --heavy-100M) HEAVY=1 ;;
    --append) APPEND=1 ;;
    -h|--help) sed -n '2,28p' "$0"; exit 0 ;;
    *) echo "unknown option: $1" >&2; exit 2 ;;
  esac
  shift
done
VALIDATOR=${VALIDATOR:-$TEIKIT}

if [ ! -x "$TEIKIT" ]; then
  echo "teikit binary not found at $TEIKIT; build it with: cargo build --release" >&2
  exit 2
fi

have() { command -v "$1" >/dev/null 2>&1; }
wanted() { [ -z "$ONLY" ] || [[ " $ONLY " == *" $1 "* ]]; }

# How many timed runs a size gets (the warm-up run comes on top).
runs_for() {
  if [ -n "$RUNS" ]; then echo "$RUNS"; return; fi
  case "$1" in 50K) echo 10 ;; 1M) echo 5 ;; 10M) echo 3 ;; *) echo 1 ;; esac
}

SAXON_JAR=${SAXON_JAR:-}
for jar in /usr/share/java/Saxon-HE.jar /usr/share/java/saxon9he.jar /usr/share/java/saxonb.jar; do
  [ -z "$SAXON_JAR" ] && [ -f "$jar" ] && SAXON_JAR=$jar
done
TEI_STYLESHEETS=${TEI_STYLESHEETS:-$DATA/tei-stylesheets}
TEI_HTML_XSL=$TEI_STYLESHEETS/html/html.xsl

HYPERFINE=()
have hyperfine && HYPERFINE=(--hyperfine)
HAS_VALIDATE=0
"$VALIDATOR" validate --help >/dev/null 2>&1 && HAS_VALIDATE=1

echo "== machine =="
echo "cpus: $(nproc); $(grep -m1 'model name' /proc/cpuinfo | sed 's/.*: //'); memory: $(free -g | awk '/^Mem:/ {print $2}') GiB"
echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"

echo "== tools =="
echo "teikit:    $TEIKIT ($("$TEIKIT" --version 2>/dev/null || echo '?'))"
if [ "$HAS_VALIDATE" = 1 ]; then echo "validate:  $VALIDATOR validate"; else echo "validate:  missing: $VALIDATOR has no 'validate' subcommand (validate rows skipped)"; fi
for t in jing xmllint pandoc hyperfine xsltproc java; do
  if have "$t"; then echo "$t: $(command -v "$t")"; else echo "$t: missing (its rows are skipped)"; fi
done
echo "saxon:     ${SAXON_JAR:-missing (libsaxonhe-java)}"
if [ -f "$TEI_HTML_XSL" ]; then
  echo "TEI html.xsl: $TEI_HTML_XSL (version $(cat "$TEI_STYLESHEETS/VERSION" 2>/dev/null || echo '?'))"
else
  echo "TEI html.xsl: missing ($TEI_HTML_XSL; see the header of this script)"
fi
echo "versions:"
have jing && echo "  jing $(dpkg-query -W -f='${Version}' jing 2>/dev/null || echo '?')"
have xmllint && echo "  $(xmllint --version 2>&1 | head -1)"
have pandoc && echo "  $(pandoc --version | head -1)"
have hyperfine && echo "  $(hyperfine --version)"
have xsltproc && echo "  $(xsltproc --version | head -1)"
have java && echo "  $(java -version 2>&1 | head -1)"
[ -n "$SAXON_JAR" ] && echo "  Saxon HE $(dpkg-query -W -f='${Version}' libsaxonhe-java 2>/dev/null || basename "$SAXON_JAR")"
have hyperfine || echo "note: without hyperfine, runs are timed by bench/measure.py (median wall time)"

mkdir -p "$DATA" "$OUT"
[ "$APPEND" = 1 ] || rm -rf "$RESULTS"
mkdir -p "$RESULTS"

echo "== data =="
for size in $SIZES; do
  if [ ! -s "$DATA/$size.txt" ] || [ ! -s "$DATA/$size.md" ]; then
    python3 "$BENCH/generate.py" --size "$size" -o "$DATA/$size.txt" --markdown "$DATA/$size.md"
  fi
  # The TEI inputs are teikit's own output for the plain text.
  "$TEIKIT" convert "$DATA/$size.txt" -o "$DATA/$size.xml" -q --diagnostics short 2>/dev/null || {
    echo "teikit convert failed on $DATA/$size.txt" >&2; exit 1; }
  printf '%-5s text %10s B  Markdown %10s B  TEI %10s B\n' "$size" \
    "$(stat -c %s "$DATA/$size.txt")" "$(stat -c %s "$DATA/$size.md")" "$(stat -c %s "$DATA/$size.xml")"
done

# row SIZE GROUP LABEL INPUT [flags...] -- CMD...   |   skip SIZE GROUP LABEL REASON
n=$(find "$RESULTS" -name '*.json' | wc -l)
row() {
  local size=$1 group=$2 label=$3 input=$4; shift 4
  n=$((n + 1))
  python3 "$BENCH/measure.py" --out "$RESULTS/$(printf %03d $n).json" --size "$size" --group "$group" \
    --label "$label" --input "$input" --runs "$(runs_for "$size")" "${HYPERFINE[@]}" "$@"
}
skip() {
  n=$((n + 1))
  python3 "$BENCH/measure.py" --out "$RESULTS/$(printf %03d $n).json" --size "$1" --group "$2" \
    --label "$3" --skip "$4"
}

echo "== runs (warm-up + timed runs; median wall time, peak RSS) =="
for size in $SIZES; do
  tei=$DATA/$size.xml txt=$DATA/$size.txt md=$DATA/$size.md
  heavy_ok=1
  [ "$size" = 100M ] && [ "$HEAVY" = 0 ] && heavy_ok=0

  if wanted validate; then
    if [ "$HAS_VALIDATE" = 1 ]; then
      row "$size" validate "teikit validate --schema tei_all.rng" "$tei" --baseline -- \
        "$VALIDATOR" validate --schema "$SCHEMA" "$tei"
    else
      skip "$size" validate "teikit validate --schema tei_all.rng" "waits for teikit validate"
    fi
    if have jing; then row "$size" validate "jing tei_all.rng" "$tei" -- jing "$SCHEMA" "$tei"
    else skip "$size" validate "jing tei_all.rng" "jing not installed"; fi
    if have xmllint; then
      row "$size" validate "xmllint --relaxng tei_all.rng" "$tei" -- xmllint --noout --relaxng "$SCHEMA" "$tei"
    else skip "$size" validate "xmllint --relaxng tei_all.rng" "xmllint not installed"; fi
  fi

  if wanted convert; then
    row "$size" convert "teikit convert (plain text)" "$txt" --baseline -- \
      "$TEIKIT" convert "$txt" -o "$OUT/convert-$size.xml" -q --diagnostics short
    if ! have pandoc; then skip "$size" convert "pandoc -f markdown -t tei" "pandoc not installed"
    elif [ "$heavy_ok" = 0 ]; then skip "$size" convert "pandoc -f markdown -t tei" "not run at 100 MB (use --heavy-100M)"
    else row "$size" convert "pandoc -f markdown -t tei" "$md" -- pandoc -f markdown -t tei "$md" -o "$OUT/pandoc-$size.xml"; fi
  fi

  if wanted export; then
    row "$size" export "teikit export --to html --single-file" "$tei" --baseline -- \
      "$TEIKIT" export "$tei" --to html --single-file -o "$OUT/teikit-$size.html" -q --diagnostics short
    mkdir -p "$OUT/site-$size"
    row "$size" export "teikit export --to html (site, page per document)" "$tei" -- \
      "$TEIKIT" export "$tei" --to html -o "$OUT/site-$size" --force -q --diagnostics short
    if ! have java || [ -z "$SAXON_JAR" ]; then skip "$size" export "Saxon HE + TEI html.xsl" "Saxon HE not installed"
    elif [ ! -f "$TEI_HTML_XSL" ]; then skip "$size" export "Saxon HE + TEI html.xsl" "TEI Stylesheets not found"
    elif [ "$heavy_ok" = 0 ]; then skip "$size" export "Saxon HE + TEI html.xsl" "not run at 100 MB (use --heavy-100M)"
    else row "$size" export "Saxon HE + TEI html.xsl" "$tei" -- \
      java -jar "$SAXON_JAR" -s:"$tei" -xsl:"$TEI_HTML_XSL" -o:"$OUT/saxon-$size.html"; fi
    if have xsltproc; then row "$size" export "xsltproc + bench/tei-to-html.xsl" "$tei" -- \
      xsltproc -o "$OUT/xsltproc-$size.html" "$BENCH/tei-to-html.xsl" "$tei"
    else skip "$size" export "xsltproc + bench/tei-to-html.xsl" "xsltproc not installed"; fi
  fi

  if wanted floor || wanted validate || wanted convert || wanted export; then
    row "$size" floor "cat" "$tei" -- cat "$tei"
    if have xmllint; then row "$size" floor "xmllint --noout (well-formedness)" "$tei" --floor -- xmllint --noout "$tei"
    else skip "$size" floor "xmllint --noout (well-formedness)" "xmllint not installed"; fi
  fi
done

echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
python3 "$BENCH/summarize.py" "$RESULTS"
