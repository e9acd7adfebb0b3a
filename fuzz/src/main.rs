//! A mutation fuzzer for teikit's two readers that runs on a stable toolchain.
//!
//! It starts from a seed corpus (the test fixtures, the example edition and
//! teikit's own TEI of each fixture), mutates inputs (byte flips, splices,
//! insertions of tokens the readers treat specially, repeated chunks) and runs
//! `decode` + `read_source` or `read_tei` on each, for a given time. A panic is
//! caught and its input saved to `fuzz/crashes/`; an input that takes longer
//! than the slow limit is saved to `fuzz/slow/`. An input that aborts the
//! process (stack overflow) is left in `fuzz/crashes/current-TARGET.bin`.
//! Inputs that give a new set of diagnostic codes join the corpus: a cheap
//! stand-in for coverage feedback.

use std::collections::HashSet;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use teikit::config::Config;
use teikit::source::{decode, read_source};
use teikit::tei::read::read_tei;
use teikit::tei::write::write_tei;

/// Tokens the readers treat specially, inserted by the mutator.
const TOKENS: &[&str] = &[
    "<…>",
    "[",
    "]",
    "*",
    "**",
    "No. 5",
    "No. 5\n",
    "\nNo. 556\n",
    "№ 7",
    "—",
    " – ",
    "(",
    ")",
    "…",
    "1 January 1920",
    ", 14:15",
    "11:30 PM",
    "Moscow, ",
    "RGASPI, f. 64, op. 1, d. 21, p. 136. Copy.",
    "NA RA, f. 200, op. 1, d. 628, pp. 8–10.",
    "(Emphasis added – Y.B.)",
    " ↩",
    "\n",
    "\n\n",
    "\r\n",
    "\r",
    "\t",
    "\u{feff}",
    "\u{0}",
    "é",
    "\u{301}",
    "Signed:",
    "Secretary ",
    "[that is, ",
    "<",
    ">",
    "&",
    "&amp;",
    "&#x2014;",
    "&#0;",
    "&lol;",
    "<![CDATA[",
    "]]>",
    "<!--",
    "-->",
    "<?",
    "?>",
    "<!DOCTYPE TEI [<!ENTITY a \"b\">]>",
    "<div type=\"document\">",
    "</div>",
    "<p>",
    "</p>",
    "<note place=\"foot\" n=\"1\">",
    "</note>",
    "xml:id=\"",
    "\"",
    "'",
    "<supplied>",
    "</supplied>",
    "<gap/>",
    "<lb/>",
    "<hi rend=\"underline\">",
    "</hi>",
];

/// xorshift64*: small, fast, seedable.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next() % n as u64) as usize
        }
    }
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Target {
    Source,
    Tei,
}

impl Target {
    fn name(self) -> &'static str {
        match self {
            Target::Source => "source",
            Target::Tei => "tei",
        }
    }
}

/// Runs one input; returns the set of diagnostic codes (the "signature").
fn run(target: Target, bytes: &[u8], config: &Config) -> Vec<String> {
    let diagnostics = match target {
        Target::Source => match decode(bytes) {
            Ok(text) => read_source(&text, "fuzz.txt", config).1,
            Err(d) => vec![d],
        },
        Target::Tei => read_tei(&String::from_utf8_lossy(bytes)).1,
    };
    let mut codes: Vec<String> = diagnostics
        .into_iter()
        .map(|d| d.code.to_string())
        .collect();
    codes.sort();
    codes.dedup();
    codes
}

fn mutate(input: &[u8], corpus: &[Vec<u8>], rng: &mut Rng) -> Vec<u8> {
    let mut out = input.to_vec();
    let rounds = 1 + rng.below(4);
    for _ in 0..rounds {
        let len = out.len();
        match rng.below(9) {
            0 if len > 0 => {
                let i = rng.below(len);
                out[i] ^= 1 << rng.below(8);
            }
            1 => {
                let i = rng.below(len + 1);
                out.insert(i, rng.next() as u8);
            }
            2 if len > 0 => {
                let a = rng.below(len);
                let b = (a + 1 + rng.below(64)).min(len);
                out.drain(a..b);
            }
            3 if len > 0 => {
                let a = rng.below(len);
                let b = (a + 1 + rng.below(256)).min(len);
                let chunk = out[a..b].to_vec();
                let at = rng.below(out.len() + 1);
                out.splice(at..at, chunk);
            }
            4 => {
                // Splice: our head, another input's tail.
                let other = &corpus[rng.below(corpus.len())];
                let cut = rng.below(len + 1);
                let from = rng.below(other.len() + 1);
                out.truncate(cut);
                out.extend_from_slice(&other[from..]);
            }
            5 => {
                out.truncate(rng.below(len + 1));
            }
            6 if len > 0 => {
                // A chunk repeated many times: finds the non-linear steps.
                let a = rng.below(len);
                let b = (a + 1 + rng.below(16)).min(len);
                let chunk = out[a..b].to_vec();
                let times = 1 + rng.below(2000);
                let at = rng.below(out.len() + 1);
                let repeated: Vec<u8> = chunk
                    .iter()
                    .copied()
                    .cycle()
                    .take(chunk.len() * times)
                    .collect();
                out.splice(at..at, repeated);
            }
            _ => {
                let token = TOKENS[rng.below(TOKENS.len())].as_bytes();
                let at = rng.below(len + 1);
                out.splice(at..at, token.iter().copied());
            }
        }
    }
    // Keep inputs to a size the readers go through quickly.
    out.truncate(512 * 1024);
    out
}

fn seed_corpus(root: &Path, config: &Config) -> Vec<Vec<u8>> {
    let mut corpus = Vec::new();
    let dirs = [
        root.join("tests/fixtures"),
        root.join("tests/fixtures/tei"),
        root.join("tei"),
        root.join("fuzz/corpus"),
    ];
    for dir in dirs {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        let mut paths: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
        paths.sort();
        for path in paths.into_iter().filter(|p| p.is_file()) {
            let Ok(bytes) = std::fs::read(&path) else {
                continue;
            };
            if path.extension().is_some_and(|e| e == "txt") {
                if let Ok(text) = std::str::from_utf8(&bytes) {
                    let (edition, _) = read_source(text, "seed.txt", config);
                    corpus.push(write_tei(&edition, &Default::default()).into_bytes());
                }
            }
            corpus.push(bytes);
        }
    }
    corpus
}

fn hash_of(bytes: &[u8]) -> u64 {
    let mut h = DefaultHasher::new();
    bytes.hash(&mut h);
    h.finish()
}

struct Stats {
    executions: u64,
    crashes: u64,
    unique_crashes: HashSet<String>,
    slow: u64,
    slowest: Duration,
}

fn fuzz(target: Target, seconds: u64, seed: u64, root: &Path, slow_limit: Duration) -> Stats {
    let config = Config::builtin();
    let mut corpus = seed_corpus(root, &config);
    assert!(
        !corpus.is_empty(),
        "no seed corpus under {}",
        root.display()
    );
    let crashes = root.join("fuzz/crashes");
    let slow_dir = root.join("fuzz/slow");
    let _ = std::fs::create_dir_all(&crashes);
    let current = crashes.join(format!("current-{}.bin", target.name()));
    let mut signatures: HashSet<Vec<String>> = HashSet::new();
    let mut rng = Rng(seed | 1);
    let mut stats = Stats {
        executions: 0,
        crashes: 0,
        unique_crashes: HashSet::new(),
        slow: 0,
        slowest: Duration::ZERO,
    };
    let last_panic: Arc<Mutex<String>> = Arc::new(Mutex::new(String::new()));
    let hook_panic = last_panic.clone();
    std::panic::set_hook(Box::new(move |info| {
        let place = info
            .location()
            .map(|l| format!("{}:{}", l.file(), l.line()))
            .unwrap_or_default();
        let payload = info
            .payload()
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| info.payload().downcast_ref::<String>().cloned())
            .unwrap_or_default();
        if let Ok(mut p) = hook_panic.lock() {
            *p = format!("{place}: {payload}");
        }
    }));
    let started = Instant::now();
    let deadline = started + Duration::from_secs(seconds);
    let mut report = started + Duration::from_secs(30);
    while Instant::now() < deadline {
        let base = &corpus[rng.below(corpus.len())];
        let input = mutate(base, &corpus, &mut rng);
        // Left behind only when the process aborts on this input.
        let _ = std::fs::write(&current, &input);
        let t = Instant::now();
        let result = catch_unwind(AssertUnwindSafe(|| run(target, &input, &config)));
        let took = t.elapsed();
        stats.executions += 1;
        stats.slowest = stats.slowest.max(took);
        match result {
            Ok(signature) => {
                if took > slow_limit {
                    stats.slow += 1;
                    let _ = std::fs::create_dir_all(&slow_dir);
                    let name = format!("{}-{:016x}.bin", target.name(), hash_of(&input));
                    let _ = std::fs::write(slow_dir.join(&name), &input);
                    eprintln!("slow: {name} took {took:?} ({} bytes)", input.len());
                }
                if signatures.insert(signature) && corpus.len() < 4096 {
                    corpus.push(input);
                }
            }
            Err(_) => {
                stats.crashes += 1;
                let message = last_panic.lock().map(|p| p.clone()).unwrap_or_default();
                let name = format!("{}-{:016x}.bin", target.name(), hash_of(&input));
                let _ = std::fs::write(crashes.join(&name), &input);
                if stats.unique_crashes.insert(message.clone()) {
                    eprintln!("crash: {name}: {message}");
                }
            }
        }
        if Instant::now() > report {
            report += Duration::from_secs(30);
            eprintln!(
                "[{}] {:>4}s {} execs, {} crashes ({} unique), {} slow, corpus {}",
                target.name(),
                started.elapsed().as_secs(),
                stats.executions,
                stats.crashes,
                stats.unique_crashes.len(),
                stats.slow,
                corpus.len()
            );
        }
    }
    let _ = std::fs::remove_file(&current);
    let _ = std::panic::take_hook();
    stats
}

fn usage() -> ! {
    eprintln!("usage: teikit-fuzz source|tei|all [--seconds N] [--seed N] [--slow-ms N]");
    std::process::exit(2)
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(which) = args.first() else { usage() };
    let targets = match which.as_str() {
        "source" => vec![Target::Source],
        "tei" => vec![Target::Tei],
        "all" => vec![Target::Source, Target::Tei],
        _ => usage(),
    };
    let mut seconds = 60;
    let mut seed = 0x7e1_c17_u64;
    let mut slow_ms = 2000;
    let mut rest = args[1..].iter();
    while let Some(flag) = rest.next() {
        let value: u64 = rest
            .next()
            .and_then(|v| v.parse().ok())
            .unwrap_or_else(|| usage());
        match flag.as_str() {
            "--seconds" => seconds = value,
            "--seed" => seed = value,
            "--slow-ms" => slow_ms = value,
            _ => usage(),
        }
    }
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut failed = false;
    for target in targets {
        let s = fuzz(target, seconds, seed, &root, Duration::from_millis(slow_ms));
        println!(
            "{}: {} executions in {seconds} s, {} crashes ({} unique), {} slow (> {slow_ms} ms), slowest {:?}",
            target.name(),
            s.executions,
            s.crashes,
            s.unique_crashes.len(),
            s.slow,
            s.slowest
        );
        failed |= s.crashes > 0 || s.slow > 0;
    }
    std::process::exit(i32::from(failed));
}
