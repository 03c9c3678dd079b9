//! A fuzz harness in stable Rust over the whole path from bytes to Typst
//! source: YAML → model → validation → scoring → report view → templates.
//!
//! `corpus_replays_cleanly` runs in every `cargo test`: each file in
//! `tests/fuzz-corpus/` and `data/` goes through the pipeline without a
//! panic, and the Typst source made from it has no syntax error and no code,
//! label, reference, math or raw text made of data (the corpus writes
//! `canary` in Typst-significant ways: `#canary()`, `$canary$`, `<canary>` …).
//!
//! `fuzz` (ignored) mutates the corpus for `FUZZ_SECONDS` seconds (default 60):
//!
//! ```sh
//! FUZZ_SECONDS=1800 cargo test --release --test testsuite fuzz::fuzz -- --ignored --nocapture
//! ```
//!
//! It saves inputs that panic, break an invariant, or show a new feature (a
//! new stage reached or a new shape of diagnostic) into `tests/fuzz-corpus/`.

use std::collections::HashSet;
use std::hash::{Hash, Hasher};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use riskrapport::driver;
use riskrapport::render::Templates;
use typst::syntax::{SyntaxKind, SyntaxNode};

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn corpus_dir() -> PathBuf {
    root().join("tests/fuzz-corpus")
}

/// A folder laid out like `data/`: shared risk models, and the plans that
/// the follow-ups in the corpus refer to beside the input file.
struct Workspace {
    _dir: tempfile::TempDir,
    input: PathBuf,
}

impl Workspace {
    fn new() -> Self {
        let dir = tempfile::tempdir().unwrap();
        let data = root().join("data");
        let models = dir.path().join("riskmodeller");
        std::fs::create_dir_all(&models).unwrap();
        for entry in std::fs::read_dir(data.join("riskmodeller")).unwrap() {
            let path = entry.unwrap().path();
            std::fs::copy(&path, models.join(path.file_name().unwrap())).unwrap();
        }
        let logos = dir.path().join("logotyper");
        std::fs::create_dir_all(&logos).unwrap();
        for entry in std::fs::read_dir(data.join("logotyper")).unwrap() {
            let path = entry.unwrap().path();
            std::fs::copy(&path, logos.join(path.file_name().unwrap())).unwrap();
        }
        let folder = dir.path().join("n");
        std::fs::create_dir_all(&folder).unwrap();
        for plan in [
            "kommunstyrelsen/plan-2025.yaml",
            "kulturforvaltningen/plan-2014.yaml",
        ] {
            let from = data.join(plan);
            std::fs::copy(&from, folder.join(from.file_name().unwrap())).unwrap();
        }
        Workspace {
            input: folder.join("input.yaml"),
            _dir: dir,
        }
    }
}

/// What one input did.
#[derive(Debug, Default)]
struct Outcome {
    /// Stage reached and diagnostic shapes: what makes an input interesting.
    features: Vec<String>,
    /// Broken invariants (a bug even without a panic).
    violations: Vec<String>,
}

/// Runs `bytes` through the pipeline up to the Typst source of each report.
fn run_one(ws: &Workspace, templates: &Templates, bytes: &[u8]) -> Outcome {
    std::fs::write(&ws.input, bytes).unwrap();
    let checked = driver::check(&ws.input);
    let mut outcome = Outcome::default();
    let kind = match (&checked.plan, &checked.follow_up) {
        (Some(_), _) => "plan",
        (_, Some(_)) => "uppföljning",
        _ => "fel",
    };
    outcome.features.push(format!("kind:{kind}"));
    for d in &checked.diagnostics.0 {
        outcome.features.push(format!(
            "diag:{:?}:{}:{}",
            d.severity,
            shape(&d.message),
            d.field
                .as_ref()
                .map(|f| shape(&f.to_string()))
                .unwrap_or_default()
        ));
    }
    if checked.diagnostics.has_errors() && !checked.jobs.is_empty() {
        outcome
            .violations
            .push("jobs were made despite errors".into());
    }
    for mut job in checked.jobs {
        outcome.features.push(format!("job:{}", job.kind.code()));
        match job.render(templates, &[]) {
            Ok(source) => {
                outcome
                    .features
                    .push(format!("rendered:{}", job.kind.code()));
                for v in typst_violations(&source) {
                    outcome.violations.push(format!("{}: {v}", job.kind.code()));
                }
            }
            Err(e) => outcome.violations.push(format!(
                "valid data failed in template {}: {e}",
                job.kind.template()
            )),
        }
    }
    outcome
}

/// A message with its particulars (numbers, quoted names, places) blurred,
/// so that features are kinds of message rather than every value.
fn shape(message: &str) -> String {
    let mut out = String::new();
    let mut quoted = false;
    let mut last_digit = false;
    for c in message.chars() {
        match c {
            '”' if !quoted => {
                quoted = true;
                out.push_str("”…");
            }
            '”' => {
                quoted = false;
                out.push('”');
            }
            _ if quoted => {}
            c if c.is_ascii_digit() => {
                if !last_digit {
                    out.push('0');
                }
                last_digit = true;
                continue;
            }
            c => out.push(c),
        }
        last_digit = false;
    }
    out.chars().take(80).collect()
}

/// What may not be in Typst source made from the corpus: a syntax error,
/// data (`canary`) as code, math, a label, a reference, raw text or a block
/// comment, or a line break other than LF (which could end a line comment).
pub(crate) fn typst_violations(source: &str) -> Vec<String> {
    let root = typst::syntax::parse(source);
    let mut out = Vec::new();
    let (errors, _) = root.errors_and_warnings();
    for e in errors.iter().take(3) {
        out.push(format!("Typst syntax error: {}", e.message));
    }
    walk(&root, &mut out);
    // Data may sit in a template's `// …` comment, but must not end it.
    let line_breaks = ['\r', '\u{b}', '\u{c}', '\u{85}', '\u{2028}', '\u{2029}'];
    if let Some(c) = source.chars().find(|c| line_breaks.contains(c)) {
        out.push(format!("a line break {c:?} from data reached the source"));
    }
    out
}

fn walk(node: &SyntaxNode, out: &mut Vec<String>) {
    use SyntaxKind::*;
    let forbidden = matches!(
        node.kind(),
        Ident | MathIdent | Label | Ref | RefMarker | Raw | RawTrimmed | Equation | BlockComment
    );
    if forbidden {
        let text = node.full_text();
        if text.to_lowercase().contains("canary") {
            out.push(format!("data became {:?}: {text:.80}", node.kind()));
            return;
        }
    }
    for child in node.children() {
        walk(child, out);
    }
}

/// Every corpus file and every example data file.
fn corpus() -> Vec<(PathBuf, Vec<u8>)> {
    let mut files = Vec::new();
    let mut dirs = vec![corpus_dir(), root().join("data")];
    while let Some(dir) = dirs.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                dirs.push(path);
            } else if path.extension().is_some_and(|e| e == "yaml") {
                let bytes = std::fs::read(&path).unwrap();
                files.push((path, bytes));
            }
        }
    }
    files.sort();
    files
}

#[test]
fn corpus_replays_cleanly() {
    let ws = Workspace::new();
    let templates = Templates::new(None).unwrap();
    let files = corpus();
    assert!(files.len() >= 10, "the corpus is there");
    let mut rendered = 0;
    for (path, bytes) in &files {
        let result = catch_unwind(AssertUnwindSafe(|| run_one(&ws, &templates, bytes)));
        let outcome = result.unwrap_or_else(|_| panic!("{} panics", path.display()));
        assert!(
            outcome.violations.is_empty(),
            "{}: {:?}",
            path.display(),
            outcome.violations
        );
        rendered += outcome
            .features
            .iter()
            .filter(|f| f.starts_with("rendered:"))
            .count();
    }
    assert!(rendered >= 10, "the corpus reaches the templates");
}

#[test]
fn the_canary_check_catches_unescaped_data() {
    let bad = "= Rubrik\n#canary()\n$canary$ <canary> @canary `canary` /* canary */\n// x\u{2028}";
    let found = typst_violations(bad);
    assert!(found.len() >= 6, "{found:?}");
    let good = format!(
        "= Rubrik\n{}\n#text(\"#canary\")[x]\n",
        riskrapport::render::markup("#canary() $canary$ <canary> @canary `canary` // canary")
    );
    assert_eq!(typst_violations(&good), Vec::<String>::new());
}

/// xorshift64*: small, fast, and enough for mutation.
pub(crate) struct Rng(pub(crate) u64);

impl Rng {
    pub(crate) fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    pub(crate) fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next() % n as u64) as usize
        }
    }

    pub(crate) fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

/// YAML syntax, Typst sequences beyond `common::TYPST_TOKENS`, the model's
/// keys and values, and numbers at the edges.
const TOKENS: &[&str] = &[
    "= ",
    "- ",
    "* ",
    "• ",
    "\n",
    "\n\n",
    "  ",
    "\t",
    "\r\n",
    ": ",
    ":",
    "? ",
    "|",
    "|-",
    ">",
    "&a ",
    "*a",
    "&b [*a, *a, *a]",
    "!!str ",
    "!!int ",
    "!!binary ",
    "---\n",
    "...\n",
    "%YAML 1.2\n",
    "<<: *a",
    "null",
    "~",
    "true",
    "ja",
    "nej",
    "0",
    "-1",
    "1",
    "4",
    "5",
    "10",
    "11",
    "16",
    "25",
    "255",
    "65536",
    "2147483648",
    "4294967296",
    "9223372036854775807",
    "-9223372036854775808",
    "99999999999999999999",
    "1e9",
    ".inf",
    ".nan",
    "0x10",
    "2025-02-30",
    "2025-13-01",
    "2024-02-29",
    "0000-01-01",
    "9999-12-31",
    "nr: ",
    "risk: ",
    "sannolikhet: ",
    "konsekvens: ",
    "ikp: ",
    "motivering: ",
    "kontroll:\n",
    "åtgärder:\n",
    "- åtgärd: x\n",
    "status: klar",
    "start: ",
    "slut: ",
    "mål:\n",
    "processer:\n",
    "delprocesser:\n",
    "risker:\n",
    "- nr: 1\n",
    "- nr: 2\n",
    "riskmodell: ",
    "stockholm-4x4",
    "stockholm-5x5",
    "kommunstyrelsen-4x4",
    "../",
    "celler:\n",
    "nivåer:\n",
    "skala: ",
    "från: ",
    "till: ",
    "färg: ",
    "#fff",
    "#e53935",
    "regel: val",
    "regel: automatisk",
    "från_riskvärde: ",
    "från_nivå: Hög",
    "rapporter: [vor, ikp, riskbild]",
    "kolumner: ",
    "numrering: löpande",
    "uppföljning: ",
    "t2",
    "vb",
    "plan: ",
    "plan-2025.yaml",
    "plan-2014.yaml",
    "resultat: ",
    "genomförd",
    "följer_plan: ",
    "visa: alla",
    "omdöme: ",
    "#canary()",
    "$canary$",
    "<canary>",
    "@canary",
    "`canary`",
    "// canary",
    "/* canary",
    "#{canary}",
    "\\#canary",
    "#read(\"/etc/passwd\")",
    "#import \"@preview/canary:0.1.0\"",
    "```canary```",
    "å",
    "\u{feff}",
    "\u{0}",
    "\u{202e}",
    "\u{ad}",
    "😀",
    "ä\u{308}",
    "\u{2028}",
    "\u{2029}",
    "\u{85}",
    "\u{b}",
    "\u{c}",
    "\r",
    "\\u2028",
    "\\r",
];

/// Applies one to four random mutations to `input`, sometimes splicing in
/// part of `other`.
pub(crate) fn mutate(rng: &mut Rng, input: &[u8], other: &[u8]) -> Vec<u8> {
    let mut data = input.to_vec();
    for _ in 0..1 + rng.below(4) {
        let len = data.len();
        match rng.below(10) {
            0 if len > 0 => {
                let i = rng.below(len);
                data[i] ^= 1 << rng.below(8);
            }
            1 | 2 => {
                let at = rng.below(len + 1);
                let list = if rng.below(3) == 0 {
                    crate::common::TYPST_TOKENS
                } else {
                    TOKENS
                };
                let token = rng.pick(list).as_bytes();
                data.splice(at..at, token.iter().copied());
            }
            3 if len > 0 => {
                let at = rng.below(len);
                let end = (at + 1 + rng.below(32)).min(len);
                data.drain(at..end);
            }
            4 | 5 => {
                // Line operations: duplicate, delete, swap, re-indent.
                let mut lines: Vec<Vec<u8>> =
                    data.split(|&b| b == b'\n').map(<[u8]>::to_vec).collect();
                let n = lines.len();
                let i = rng.below(n);
                match rng.below(4) {
                    0 => {
                        let line = lines[i].clone();
                        lines.insert(i, line);
                    }
                    1 if n > 1 => {
                        lines.remove(i);
                    }
                    2 => {
                        let j = rng.below(n);
                        lines.swap(i, j);
                    }
                    _ => {
                        if rng.below(2) == 0 {
                            lines[i].splice(0..0, *b"  ");
                        } else if lines[i].starts_with(b"  ") {
                            lines[i].drain(..2);
                        }
                    }
                }
                data = lines.join(&b'\n');
            }
            6 if !other.is_empty() => {
                let from = rng.below(other.len());
                let end = (from + 1 + rng.below(256)).min(other.len());
                let at = rng.below(len + 1);
                data.splice(at..at, other[from..end].iter().copied());
            }
            7 if len > 0 => {
                // Replace a run of digits with an edge number.
                let at = rng.below(len);
                if let Some(start) = (at..len).find(|&i| data[i].is_ascii_digit()) {
                    let end = (start..len)
                        .find(|&i| !data[i].is_ascii_digit())
                        .unwrap_or(len);
                    let numbers = [
                        "0",
                        "1",
                        "2",
                        "3",
                        "4",
                        "5",
                        "10",
                        "11",
                        "-1",
                        "99",
                        "65535",
                        "4294967295",
                        "4294967296",
                    ];
                    let n = rng.pick(&numbers).as_bytes();
                    data.splice(start..end, n.iter().copied());
                }
            }
            8 if len > 0 => {
                // Repeat a chunk many times (long texts, deep or wide structures).
                let at = rng.below(len);
                let end = (at + 1 + rng.below(16)).min(len);
                let chunk = data[at..end].to_vec();
                let times = 1 + rng.below(64);
                for _ in 0..times {
                    data.splice(at..at, chunk.iter().copied());
                }
            }
            _ => {
                let at = rng.below(len + 1);
                let byte = rng.below(256) as u8;
                data.insert(at, byte);
            }
        }
    }
    data.truncate(256 * 1024);
    data
}

pub(crate) fn hash(bytes: &[u8]) -> u64 {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    bytes.hash(&mut h);
    h.finish()
}

/// The most inputs one fuzz run saves, and the largest it saves, so that
/// the committed corpus stays small.
const MAX_SAVED: usize = 150;
const MAX_SAVED_BYTES: usize = 24 * 1024;

#[test]
#[ignore = "long-running; set FUZZ_SECONDS and run with --ignored"]
fn fuzz() {
    let seconds: u64 = std::env::var("FUZZ_SECONDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(60);
    let seed: u64 = std::env::var("FUZZ_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map(|d| d.as_nanos() as u64)
                .unwrap_or(1)
        })
        | 1;
    println!("fuzz: {seconds} s, seed {seed}");
    // Panics are expected findings; keep the output readable.
    std::panic::set_hook(Box::new(|_| {}));
    let ws = Workspace::new();
    let templates = Templates::new(None).unwrap();
    let mut rng = Rng(seed);
    let mut pool: Vec<Vec<u8>> = corpus().into_iter().map(|(_, b)| b).collect();
    let mut seen: HashSet<String> = HashSet::new();
    for input in &pool {
        if let Ok(outcome) = catch_unwind(AssertUnwindSafe(|| run_one(&ws, &templates, input))) {
            seen.extend(outcome.features);
        }
    }
    let started = Instant::now();
    let (mut execs, mut saved, mut crashes, mut violations) = (0u64, 0usize, 0usize, 0usize);
    let mut last_report = Instant::now();
    while started.elapsed() < Duration::from_secs(seconds) {
        let base = rng.below(pool.len());
        let other = rng.below(pool.len());
        let input = mutate(&mut rng, &pool[base], &pool[other]);
        execs += 1;
        let result = catch_unwind(AssertUnwindSafe(|| run_one(&ws, &templates, &input)));
        let (name, new) = match result {
            Err(panic) => {
                crashes += 1;
                let message = panic
                    .downcast_ref::<String>()
                    .cloned()
                    .or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()))
                    .unwrap_or_default();
                println!("PANIC: {message}");
                (format!("crash-{:016x}.yaml", hash(&input)), true)
            }
            Ok(outcome) if !outcome.violations.is_empty() => {
                violations += 1;
                println!("VIOLATION: {:?}", outcome.violations);
                (format!("violation-{:016x}.yaml", hash(&input)), true)
            }
            Ok(outcome) => {
                let mut new = false;
                for f in outcome.features {
                    new |= seen.insert(f);
                }
                (format!("{:016x}.yaml", hash(&input)), new)
            }
        };
        if new {
            let finding = !name.starts_with(|c: char| c.is_ascii_hexdigit());
            if finding || (saved < MAX_SAVED && input.len() <= MAX_SAVED_BYTES) {
                std::fs::write(corpus_dir().join(&name), &input).unwrap();
                saved += 1;
            }
            pool.push(input);
        }
        if last_report.elapsed() > Duration::from_secs(60) {
            last_report = Instant::now();
            println!(
                "fuzz: {} s, {execs} runs, {} features, {saved} saved, {crashes} panics, {violations} violations",
                started.elapsed().as_secs(),
                seen.len()
            );
        }
    }
    let _ = std::panic::take_hook();
    println!(
        "fuzz done: {} s, {execs} runs ({:.0}/s), {} features, {saved} saved, {crashes} panics, {violations} violations",
        started.elapsed().as_secs(),
        execs as f64 / started.elapsed().as_secs_f64(),
        seen.len()
    );
    assert_eq!(
        crashes + violations,
        0,
        "see the saved crash-/violation- files"
    );
}
