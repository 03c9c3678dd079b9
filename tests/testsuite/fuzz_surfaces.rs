//! Fuzzing the surfaces that came after the YAML reader, in the manner of
//! `fuzz.rs`: the workbook reader (`importera` on mutated real workbooks),
//! `kommun.yaml` (the samlade bild up to its Typst source), the preview's
//! request handling (raw requests to a running `bevaka --förhandsvisning`)
//! and the editor of `nytt-år` and `uppgradera` (any plan that passes
//! `kontrollera` still passes after the edit, with every comment line kept).
//!
//! `surfaces_replay_cleanly` runs in every `cargo test`: each surface's
//! seeds and its corpus in `tests/fuzz-corpus/<yta>/` go through without a
//! panic or a broken invariant. `fuzz_surface` (ignored) mutates them for
//! `FUZZ_SECONDS` (default 60) on the surface `FUZZ_SURFACE` (arbetsbok,
//! kommun, http, redigering):
//!
//! ```sh
//! FUZZ_SURFACE=arbetsbok FUZZ_SECONDS=600 cargo test --test testsuite fuzz_surfaces::fuzz_surface -- --ignored --nocapture
//! ```
//!
//! Inputs that panic, break an invariant or show a new feature are saved
//! into the surface's corpus folder.

use std::collections::HashSet;
use std::io::{Cursor, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use riskrapport::driver;
use riskrapport::render::Templates;

use crate::fuzz::{Rng, hash, mutate, typst_violations};

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// What one input did: what makes it interesting, and what went wrong.
#[derive(Debug, Default)]
struct Outcome {
    features: Vec<String>,
    violations: Vec<String>,
}

/// A surface under fuzzing.
trait Surface {
    /// The corpus folder under `tests/fuzz-corpus/`, and its files' extension.
    fn name(&self) -> &'static str;
    fn extension(&self) -> &'static str;
    /// Inputs made fresh from the example data each run.
    fn seeds(&self) -> Vec<Vec<u8>>;
    fn mutate(&self, rng: &mut Rng, input: &[u8], other: &[u8]) -> Vec<u8>;
    fn run(&mut self, input: &[u8]) -> Outcome;
    /// What the surface counted, for the run's last line.
    fn report(&self) -> String {
        String::new()
    }
}

/// A message with its particulars blurred (numbers, quoted names), as a feature.
fn shape(message: &str) -> String {
    let mut out = String::new();
    let mut quoted = false;
    for c in message.chars() {
        match c {
            '”' => {
                quoted = !quoted;
                out.push('”');
            }
            _ if quoted => {}
            c if c.is_ascii_digit() => {
                if !out.ends_with('0') {
                    out.push('0');
                }
            }
            c => out.push(c),
        }
    }
    out.chars().take(70).collect()
}

fn corpus_dir(surface: &dyn Surface) -> PathBuf {
    root().join("tests/fuzz-corpus").join(surface.name())
}

fn corpus(surface: &dyn Surface) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<(String, Vec<u8>)> = std::fs::read_dir(corpus_dir(surface))
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == surface.extension()))
        .map(|p| (p.display().to_string(), std::fs::read(&p).unwrap()))
        .collect();
    files.sort();
    let seeds = surface.seeds();
    files.extend(
        seeds
            .into_iter()
            .enumerate()
            .map(|(i, b)| (format!("{} seed {i}", surface.name()), b)),
    );
    files
}

/// Every seed and corpus file once: no panic, no broken invariant.
fn replay(surface: &mut dyn Surface) -> usize {
    let files = corpus(surface);
    for (name, bytes) in &files {
        let outcome = catch_unwind(AssertUnwindSafe(|| surface.run(bytes)))
            .unwrap_or_else(|_| panic!("{name} panics"));
        assert!(
            outcome.violations.is_empty(),
            "{name}: {:?}",
            outcome.violations
        );
    }
    files.len()
}

#[test]
fn surfaces_replay_cleanly() {
    let mut workbooks = Workbooks::new();
    assert!(replay(&mut workbooks) >= 6);
    let mut city = City::new();
    assert!(replay(&mut city) >= 2);
    let mut editor = EditorSurface::new();
    assert!(replay(&mut editor) >= 10);
    assert!(editor.edited >= 10, "the editor's plans reach the edit");
    let mut http = Http::new();
    assert!(replay(&mut http) >= 10);
    http.check_alive();
}

const MAX_SAVED: usize = 40;
const MAX_SAVED_BYTES: usize = 64 * 1024;

#[test]
#[ignore = "long-running; set FUZZ_SURFACE and FUZZ_SECONDS and run with --ignored"]
fn fuzz_surface() {
    let name = std::env::var("FUZZ_SURFACE").unwrap_or_else(|_| "arbetsbok".into());
    let mut surface: Box<dyn Surface> = match name.as_str() {
        "arbetsbok" => Box::new(Workbooks::new()),
        "kommun" => Box::new(City::new()),
        "http" => Box::new(Http::new()),
        "redigering" => Box::new(EditorSurface::new()),
        other => panic!("FUZZ_SURFACE: arbetsbok, kommun, http or redigering, not {other}"),
    };
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
    println!("fuzz {name}: {seconds} s, seed {seed}");
    std::panic::set_hook(Box::new(|_| {}));
    let dir = corpus_dir(surface.as_ref());
    std::fs::create_dir_all(&dir).unwrap();
    let mut rng = Rng(seed);
    let mut pool: Vec<Vec<u8>> = corpus(surface.as_ref())
        .into_iter()
        .map(|(_, b)| b)
        .collect();
    let mut seen: HashSet<String> = HashSet::new();
    for input in pool.clone() {
        if let Ok(outcome) = catch_unwind(AssertUnwindSafe(|| surface.run(&input))) {
            seen.extend(outcome.features);
        }
    }
    let started = Instant::now();
    let (mut runs, mut saved, mut panics, mut violations) = (0u64, 0usize, 0usize, 0usize);
    let mut last_report = Instant::now();
    while started.elapsed() < Duration::from_secs(seconds) {
        let base = rng.below(pool.len());
        let other = rng.below(pool.len());
        let input = surface.mutate(&mut rng, &pool[base], &pool[other]);
        runs += 1;
        let ext = surface.extension();
        // An abort (a failed allocation) ends the process: the input that
        // did it is left here.
        let current = dir.join(format!("aktuell.{ext}.tmp"));
        std::fs::write(&current, &input).unwrap();
        let (file, new) = match catch_unwind(AssertUnwindSafe(|| surface.run(&input))) {
            Err(panic) => {
                panics += 1;
                let message = panic
                    .downcast_ref::<String>()
                    .cloned()
                    .or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()))
                    .unwrap_or_default();
                println!("PANIC: {message}");
                (format!("crash-{:016x}.{ext}", hash(&input)), true)
            }
            Ok(outcome) if !outcome.violations.is_empty() => {
                violations += 1;
                println!("VIOLATION: {:?}", outcome.violations);
                (format!("violation-{:016x}.{ext}", hash(&input)), true)
            }
            Ok(outcome) => {
                let mut new = false;
                for f in outcome.features {
                    new |= seen.insert(f);
                }
                (format!("{:016x}.{ext}", hash(&input)), new)
            }
        };
        if new {
            let finding = file.starts_with("crash") || file.starts_with("violation");
            // Findings are kept too, but a flood of one fault is not.
            if (finding && panics + violations <= MAX_SAVED)
                || (!finding && saved < MAX_SAVED && input.len() <= MAX_SAVED_BYTES)
            {
                std::fs::write(dir.join(&file), &input).unwrap();
                saved += 1;
            }
            pool.push(input);
        }
        let _ = std::fs::remove_file(&current);
        if last_report.elapsed() > Duration::from_secs(60) {
            last_report = Instant::now();
            println!(
                "fuzz {name}: {} s, {runs} runs, {} features, {saved} saved, {panics} panics, {violations} violations",
                started.elapsed().as_secs(),
                seen.len()
            );
        }
    }
    let _ = std::panic::take_hook();
    println!(
        "fuzz {name} done: {} s, {runs} runs ({:.0}/s), {} features, {saved} saved, {panics} panics, {violations} violations{}",
        started.elapsed().as_secs(),
        runs as f64 / started.elapsed().as_secs_f64(),
        seen.len(),
        surface.report()
    );
    assert_eq!(
        panics + violations,
        0,
        "see the saved crash-/violation- files"
    );
}

/// A folder laid out like `data/`: the risk models and logotyper, and a
/// folder `n/` for the input.
fn workspace() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for folder in ["riskmodeller", "logotyper"] {
        let to = dir.path().join(folder);
        std::fs::create_dir_all(&to).unwrap();
        for entry in std::fs::read_dir(root().join("data").join(folder)).unwrap() {
            let path = entry.unwrap().path();
            std::fs::copy(&path, to.join(path.file_name().unwrap())).unwrap();
        }
    }
    std::fs::create_dir_all(dir.path().join("n")).unwrap();
    dir
}

// ----------------------------------------------------------------------
// The workbook reader

/// XML and the values a controller's sheet holds.
const XML_TOKENS: &[&str] = &[
    "<c r=\"A1\" t=\"s\"><v>0</v></c>",
    "<c r=\"B2\" t=\"inlineStr\"><is><t>Kons.</t></is></c>",
    "<c t=\"inlineStr\"><is><t>Sannolikhet (1-4)</t></is></c>",
    "<c><v>3</v></c>",
    "<c r=\"C3\"><f>A1*B1</f><v>6</v></c>",
    "<c r=\"D4\" t=\"e\"><v>#N/A</v></c>",
    "<c r=\"E5\" t=\"b\"><v>1</v></c>",
    "<c r=\"F6\" t=\"d\"><v>2026-02-30</v></c>",
    "<c r=\"XFD1048576\"><v>1</v></c>",
    "<c r=\"A1048576\"><v>1</v></c>",
    "<row r=\"2\">",
    "<row>",
    "</row>",
    "<row r=\"0\">",
    "<row r=\"4294967296\">",
    "<si><t>Kons.</t></si>",
    "<si><t>S (1–5)</t></si>",
    "<si><t>Risknr</t></si>",
    "<si><t>Till IKP</t></si>",
    "<si><t xml:space=\"preserve\"> </t></si>",
    "<si><r><t>Sann</t></r><r><t>olikhet</t></r></si>",
    "<sheet name=\"Risker\" sheetId=\"9\" r:id=\"rId1\"/>",
    "state=\"hidden\"",
    "&amp;",
    "&#0;",
    "&#xD800;",
    "<![CDATA[x]]>",
    "<!DOCTYPE x [<!ENTITY a \"aaaa\">]>",
    "&a;",
    "count=\"4294967295\"",
    "uniqueCount=\"-1\"",
    "<v>45292</v>",
    "<v>2958466</v>",
    "<v>1e308</v>",
    "<v>-0</v>",
    "<v>NaN</v>",
    "<v>2.5</v>",
    "<v>99999</v>",
    "Sannolikhet",
    "Konsekvens",
    "Kons.",
    "S (1–5)",
    "Riskvärde = S × K",
    "2 – Medelhög",
    "Mycket hög",
    "ja",
    "nej",
    "Övrigt",
    "uppföljning: t2\n",
    "riskmodell: ../riskmodeller/x\n",
];

/// `importera` on workbooks: exported from the example data, and a
/// controller's own; each read as it is and with a base plan.
struct Workbooks {
    dir: tempfile::TempDir,
    base: PathBuf,
    n: u64,
}

impl Workbooks {
    fn new() -> Self {
        let dir = workspace();
        let base = dir.path().join("n/grund.yaml");
        std::fs::copy(root().join("data/kommunstyrelsen/plan-2025.yaml"), &base).unwrap();
        Workbooks { dir, base, n: 0 }
    }
}

impl Surface for Workbooks {
    fn name(&self) -> &'static str {
        "arbetsbok"
    }

    fn extension(&self) -> &'static str {
        "xlsx"
    }

    fn seeds(&self) -> Vec<Vec<u8>> {
        let mut seeds = Vec::new();
        for (file, follow_up) in [
            ("data/kommunstyrelsen/plan-2025.yaml", None),
            ("data/servicenamnden/vor-ikp-2025.yaml", None),
            ("data/kulturforvaltningen/uppfoljning-vb-2014.yaml", None),
            ("data/kommunstyrelsen/uppfoljning-t2-2025.yaml", None),
            (
                "data/kulturforvaltningen/plan-2014.yaml",
                Some(riskrapport::excel::FollowUpKind::Vb),
            ),
        ] {
            let out = self.dir.path().join("seed.xlsx");
            riskrapport::excel::export(&root().join(file), follow_up, Some(&out), true)
                .unwrap_or_else(|e| panic!("{file}: {e}"));
            seeds.push(std::fs::read(&out).unwrap());
        }
        // A controller's own: a title row, abbreviated and scaled headers.
        let mut book = rust_xlsxwriter::Workbook::new();
        let sheet = book.add_worksheet();
        sheet.set_name("Blad1").unwrap();
        sheet.write_string(0, 0, "Riskanalys").unwrap();
        for (c, title) in [
            "Risknr",
            "Risk",
            "Kons.",
            "Sannolikhet (1-4)",
            "Till IKP",
            "Anteckning",
        ]
        .iter()
        .enumerate()
        {
            sheet.write_string(1, c as u16, *title).unwrap();
        }
        for r in 0..4u32 {
            sheet.write_number(2 + r, 0, f64::from(r + 1)).unwrap();
            sheet.write_string(2 + r, 1, "Fel #canary() $x$").unwrap();
            sheet.write_number(2 + r, 2, f64::from(r % 4 + 1)).unwrap();
            sheet.write_string(2 + r, 3, "2 – Medelhög").unwrap();
            sheet
                .write_string(2 + r, 4, if r == 0 { "ja" } else { "nej" })
                .unwrap();
        }
        seeds.push(book.save_to_buffer().unwrap());
        seeds
    }

    fn mutate(&self, rng: &mut Rng, input: &[u8], other: &[u8]) -> Vec<u8> {
        let Ok(mut archive) = zip::ZipArchive::new(Cursor::new(input)) else {
            return mutate(rng, input, other);
        };
        if rng.below(12) == 0 {
            return mutate(rng, input, other);
        }
        let names: Vec<String> = (0..archive.len())
            .filter_map(|i| {
                archive
                    .by_index_raw(i)
                    .ok()
                    .map(|f| f.name().unwrap_or_default().into_owned())
            })
            .collect();
        // Mostly the sheets and the shared strings.
        let xml: Vec<&String> = names.iter().filter(|n| n.ends_with(".xml")).collect();
        if xml.is_empty() {
            return mutate(rng, input, other);
        }
        let wanted: Vec<&String> = xml
            .iter()
            .copied()
            .filter(|n| n.contains("worksheets") || n.contains("sharedStrings"))
            .collect();
        let target = if !wanted.is_empty() && rng.below(4) != 0 {
            rng.pick(&wanted).to_string()
        } else {
            rng.pick(&xml).to_string()
        };
        let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
        for name in &names {
            let Some(index) = archive.index_for_name(name) else {
                continue;
            };
            if *name != target {
                if let Ok(part) = archive.by_index_raw(index) {
                    let _ = out.raw_copy_file(part);
                }
                continue;
            }
            let mut text = Vec::new();
            if let Ok(mut part) = archive.by_index(index) {
                let _ = part.read_to_end(&mut text);
            }
            let mut data = text;
            for _ in 0..1 + rng.below(3) {
                if rng.below(2) == 0 {
                    let token = rng.pick(XML_TOKENS).as_bytes();
                    let at = rng.below(data.len() + 1);
                    data.splice(at..at, token.iter().copied());
                } else {
                    data = mutate(rng, &data, other);
                }
            }
            let options = zip::write::SimpleFileOptions::default()
                .compression_method(zip::CompressionMethod::Deflated);
            if out.start_file(name.as_str(), options).is_ok() {
                let _ = out.write_all(&data);
            }
        }
        out.finish()
            .map(|c| c.into_inner())
            .unwrap_or_else(|_| input.to_vec())
    }

    fn run(&mut self, input: &[u8]) -> Outcome {
        let mut outcome = Outcome::default();
        let book = self.dir.path().join("n/bok.xlsx");
        std::fs::write(&book, input).unwrap();
        for base in [None, Some(self.base.as_path())] {
            self.n += 1;
            let out = self.dir.path().join(format!("n/ut-{}.yaml", self.n));
            let started = Instant::now();
            let result = riskrapport::excel::import(&book, &out, false, base);
            if started.elapsed() > Duration::from_secs(10) {
                outcome
                    .violations
                    .push(format!("import took {:?}", started.elapsed()));
            }
            match result {
                Ok(written) => {
                    outcome
                        .features
                        .push(format!("ok:{}:{}", written.what, base.is_some()));
                    for d in &written.warnings.0 {
                        outcome.features.push(format!("w:{}", shape(&d.message)));
                    }
                    if !out.is_file() {
                        outcome.violations.push("ok, but nothing written".into());
                    }
                    let _ = std::fs::remove_file(&out);
                }
                Err(diags) => {
                    for d in diags.0.iter().take(4) {
                        outcome.features.push(format!("e:{}", shape(&d.message)));
                    }
                    if out.exists() {
                        outcome
                            .violations
                            .push("refused, but a file was written".into());
                        let _ = std::fs::remove_file(&out);
                    }
                }
            }
        }
        outcome
    }
}

// ----------------------------------------------------------------------
// kommun.yaml

/// `kommun.yaml` beside the example city's nämnder: checked, rolled up and
/// rendered to Typst source, which must hold no data as code.
struct City {
    dir: tempfile::TempDir,
    facts: Vec<riskrapport::score::rollup::FileFacts>,
    templates: Templates,
}

impl City {
    fn new() -> Self {
        let dir = tempfile::tempdir().unwrap();
        copy_tree(&root().join("data"), &dir.path().join("data"));
        let files = driver::discover(&[dir.path().join("data")]).unwrap();
        let facts = files
            .iter()
            .filter(|f| f.file_name().is_some_and(|n| n != "kommun.yaml"))
            .map(|f| driver::check(f).facts)
            .collect();
        City {
            dir,
            facts,
            templates: Templates::new(None).unwrap(),
        }
    }
}

fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let path = entry.path();
        if path.is_dir() {
            copy_tree(&path, &to.join(entry.file_name()));
        } else {
            std::fs::copy(&path, to.join(entry.file_name())).unwrap();
        }
    }
}

const CITY_TOKENS: &[&str] = &[
    "kommun: ",
    "år: ",
    "rubrik: ",
    "datum: ",
    "avsändare: ",
    "nämnder:\n",
    "  - ",
    "Servicenämnden",
    "Kommunstyrelsen",
    "logotyp:\n",
    "  fil: logotyper/exempellogotyp.svg\n",
    "  fil: ../../etc/passwd\n",
    "  alt: ",
    "inledning: |\n",
    "2025",
    "2014",
    "0",
    "-1",
    "99999",
    "#canary()",
    "$canary$",
    "<canary>",
    "@canary",
    "`canary`",
    "\u{2028}",
];

impl Surface for City {
    fn name(&self) -> &'static str {
        "kommun"
    }

    fn extension(&self) -> &'static str {
        "yaml"
    }

    fn seeds(&self) -> Vec<Vec<u8>> {
        let real = std::fs::read_to_string(root().join("data/kommun.yaml")).unwrap();
        let canary = real
            .replace(
                "rubrik: Samlad bild",
                "rubrik: \"#canary() $canary$ <canary> @canary `canary` Samlad bild\"\nrubrikx: x",
            )
            .replace("rubrikx: x\n", "");
        vec![real.into_bytes(), canary.into_bytes()]
    }

    fn mutate(&self, rng: &mut Rng, input: &[u8], other: &[u8]) -> Vec<u8> {
        let mut data = mutate(rng, input, other);
        if rng.below(3) == 0 {
            let token = rng.pick(CITY_TOKENS).as_bytes();
            let at = rng.below(data.len() + 1);
            data.splice(at..at, token.iter().copied());
        }
        data
    }

    fn run(&mut self, input: &[u8]) -> Outcome {
        let mut outcome = Outcome::default();
        let file = self.dir.path().join("data/kommun.yaml");
        std::fs::write(&file, input).unwrap();
        let checked = driver::check(&file);
        for d in checked.diagnostics.0.iter().take(6) {
            outcome
                .features
                .push(format!("{:?}:{}", d.severity, shape(&d.message)));
        }
        let Some(city) = checked.city else {
            outcome.features.push("fel".into());
            return outcome;
        };
        if checked.diagnostics.has_errors() {
            outcome.violations.push("a city despite errors".into());
        }
        let (mut job, diags) = driver::city_job(&file, &city, &self.facts);
        outcome.features.push(format!("rollup:{}", diags.0.len()));
        match job.render(&self.templates, &[]) {
            Ok(source) => {
                outcome.features.push("rendered".into());
                outcome.violations.extend(typst_violations(&source));
            }
            Err(e) => outcome
                .violations
                .push(format!("a valid kommun.yaml failed in its template: {e}")),
        }
        outcome
    }
}

// ----------------------------------------------------------------------
// The editor of nytt-år and uppgradera

/// Keys and forms the editor must handle: comments everywhere, flow and
/// block lists and mappings, the keys it edits.
const EDITOR_TOKENS: &[&str] = &[
    "# kommentar\n",
    "  # indragen kommentar\n",
    "   # x",
    " #",
    "\n# mitt i\n",
    "tidigare_nr: 3\n",
    "    tidigare_nr: 4   # förra året\n",
    "omprövas: nej\n",
    "    omprövas: ja\n",
    "föregående: gammal.yaml\n",
    "utgått:\n  - nr: 99\n    motivering: klar\n",
    "vor:\n  kolumner: [nr, risk, riskvärde, risknivå]\n",
    "ikp:\n  kolumner:\n    - nr\n    # värdet\n    - riskvärde\n    - risknivå   # nivån\n",
    "  kolumner: [nr, risk, \"riskvärde\", 'risknivå', kontroll]\n",
    "{nr: 7, tidigare_nr: 2, risk: R, sannolikhet: 2, konsekvens: 2}",
    "- {nr: 8, risk: S, sannolikhet: 1, konsekvens: 1}\n",
    "datum: 2025-12-09   # antaget\n",
    "år: 2026 # budgetåret\n",
    "\"år\": 2026\n",
    "'nr': 5",
    "\r\n",
    "\t",
    "&a ",
    "*a",
];

/// `nytt-år`'s and `uppgradera`'s edit of every plan that passes
/// `kontrollera`: the result passes too and keeps every comment line.
struct EditorSurface {
    dir: tempfile::TempDir,
    /// Inputs that reached the edit (passed `kontrollera`).
    edited: usize,
}

impl EditorSurface {
    fn new() -> Self {
        EditorSurface {
            dir: workspace(),
            edited: 0,
        }
    }
}

impl Surface for EditorSurface {
    fn name(&self) -> &'static str {
        "redigering"
    }

    fn extension(&self) -> &'static str {
        "yaml"
    }

    fn seeds(&self) -> Vec<Vec<u8>> {
        let mut seeds = Vec::new();
        let mut dirs = vec![
            root().join("data"),
            root().join("tests/fixtures/valid"),
            root().join("tests/fixtures/tidigare"),
        ];
        while let Some(dir) = dirs.pop() {
            for entry in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
                let path = entry.path();
                if path.is_dir() {
                    if !path.ends_with("riskmodeller") {
                        dirs.push(path);
                    }
                    continue;
                }
                let Ok(text) = std::fs::read_to_string(&path) else {
                    continue;
                };
                // Plans that name a shared risk model (the workspace has them).
                let shared = ["stockholm-4x4", "stockholm-5x5", "kommunstyrelsen-4x4"]
                    .iter()
                    .any(|m| text.contains(&format!("riskmodell: {m}")));
                if path.extension().is_some_and(|e| e == "yaml")
                    && shared
                    && !text.contains("uppföljning:")
                    && !text.contains("föregående:")
                {
                    seeds.push(text.into_bytes());
                }
            }
        }
        seeds.sort();
        seeds
    }

    fn mutate(&self, rng: &mut Rng, input: &[u8], other: &[u8]) -> Vec<u8> {
        let mut data = if rng.below(2) == 0 {
            mutate(rng, input, other)
        } else {
            input.to_vec()
        };
        // A token at the start of a line, where YAML keys and comments go.
        let lines: Vec<usize> = std::iter::once(0)
            .chain(
                data.iter()
                    .enumerate()
                    .filter(|(_, b)| **b == b'\n')
                    .map(|(i, _)| i + 1),
            )
            .collect();
        let at = *rng.pick(&lines);
        let token = rng.pick(EDITOR_TOKENS).as_bytes();
        data.splice(at..at, token.iter().copied());
        data
    }

    fn report(&self) -> String {
        format!("; {} plans passed kontrollera and were edited", self.edited)
    }

    fn run(&mut self, input: &[u8]) -> Outcome {
        let mut outcome = Outcome::default();
        let path = self.dir.path().join("n/vor-2026.yaml");
        std::fs::write(&path, input).unwrap();
        let (checked, diags) = driver::check_plan(&path);
        if checked.is_none() || diags.has_errors() {
            outcome.features.push("fel".into());
            return outcome;
        }
        self.edited += 1;
        let Ok(text) = std::str::from_utf8(input) else {
            outcome
                .violations
                .push("a plan that passes is not UTF-8".into());
            return outcome;
        };
        let plan: riskrapport::model::PlanFile =
            riskrapport::model::parse(&path, text).expect("it passed kontrollera");
        // nytt-år: next year's plan beside it.
        let next = self.dir.path().join("n/vor-2027.yaml");
        match riskrapport::new_year::edit(&path, text, &plan, "vor-2026.yaml") {
            Ok(edited) => {
                outcome.features.push("nytt-år:ok".into());
                outcome
                    .violations
                    .extend(still_passes("nytt-år", &next, text, &edited.text));
            }
            Err(e) => outcome
                .features
                .push(format!("nytt-år:vägrar:{}", shape(&e.0[0].message))),
        }
        match riskrapport::upgrade::edit(&path, text, &plan) {
            Ok(edited) => {
                outcome
                    .features
                    .push(format!("uppgradera:{}", edited.changes.len()));
                outcome
                    .violations
                    .extend(still_passes("uppgradera", &path, text, &edited.text));
                // Today's form stays as it is.
                if let Ok(again) = riskrapport::model::parse(&path, &edited.text)
                    .map_err(|_| ())
                    .and_then(|p| {
                        riskrapport::upgrade::edit(&path, &edited.text, &p).map_err(|_| ())
                    })
                    && !again.changes.is_empty()
                {
                    outcome.violations.push(format!(
                        "uppgradera twice changed more: {:?}",
                        again.changes
                    ));
                }
            }
            Err(e) => outcome
                .features
                .push(format!("uppgradera:vägrar:{}", shape(&e.0[0].message))),
        }
        outcome
    }
}

/// The edited text, read as the file at `at`, passes the check and keeps
/// every comment line of `before`.
fn still_passes(what: &str, at: &Path, before: &str, after: &str) -> Vec<String> {
    let mut problems = Vec::new();
    match riskrapport::model::load_plan_source(at, after) {
        Ok(loaded) => {
            let (_, diags) = riskrapport::validate::validate(&loaded);
            if diags.has_errors() {
                problems.push(format!("{what}: the edited plan has errors:\n{diags}"));
            }
        }
        Err(diags) => problems.push(format!("{what}: the edited plan does not load:\n{diags}")),
    }
    if let Some(lost) = riskrapport::upgrade::lost_comment(before, after) {
        problems.push(format!("{what}: the comment {lost:?} was lost"));
    }
    problems
}

// ----------------------------------------------------------------------
// The preview's request handling

/// A plan for the preview to show, with HTML and Typst in its text.
const PREVIEW_RISK: &str =
    "- nr: 1\n  risk: \"<b>Fel</b> & #canary()\"\n  sannolikhet: 2\n  konsekvens: 2\n";

/// Raw requests to a running `bevaka --förhandsvisning`; `{HOST}` stands
/// for its address. It answers each with a status line or closes the
/// connection, within the bound on time, and stays up with flat memory.
struct Http {
    _dir: tempfile::TempDir,
    watching: crate::common::watching::Watching,
    address: SocketAddr,
    baseline: u64,
    runs: u64,
}

impl Http {
    fn new() -> Self {
        let dir =
            crate::common::fixture(&[("n/plan.yaml", &crate::common::plan_yaml(PREVIEW_RISK))]);
        let (watching, address) = crate::preview::start(dir.path());
        let mut http = Http {
            _dir: dir,
            watching,
            address,
            baseline: 0,
            runs: 0,
        };
        // The first page and its SVG made, so memory has settled.
        let warm = format!("GET /sida?r=n%2Fvor-2026&s=1 HTTP/1.1\r\nHost: {address}\r\n\r\n");
        http.run(warm.as_bytes());
        http.baseline = resident(http.watching.pid());
        http
    }

    /// `bevaka` is alive, has not panicked and keeps its memory.
    fn check_alive(&mut self) {
        let said = self.watching.said();
        assert!(!said.contains("panicked"), "bevaka panicked:\n{said}");
        let now = resident(self.watching.pid());
        assert!(
            now < self.baseline + 128 * 1024 * 1024,
            "bevaka grew from {} to {} MiB",
            self.baseline >> 20,
            now >> 20
        );
    }
}

fn resident(pid: u32) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.split_whitespace().next())
        .and_then(|v| v.parse::<u64>().ok())
        .map_or(0, |kib| kib * 1024)
}

const HTTP_TOKENS: &[&str] = &[
    "GET ",
    "POST ",
    "HEAD ",
    "OPTIONS ",
    "CONNECT ",
    "GET http://{HOST}/ HTTP/1.1\r\n",
    " HTTP/1.1\r\n",
    " HTTP/1.0\r\n",
    " HTTP/2\r\n",
    " HTTP/9.9\r\n",
    "Host: {HOST}\r\n",
    "Host: evil.example\r\n",
    "Host: localhost:1\r\n",
    "Host:\r\n",
    "Connection: keep-alive\r\n",
    "Connection: close\r\n",
    "Content-Length: 5\r\n",
    "Content-Length: -1\r\n",
    "Content-Length: 99999999999999999999\r\n",
    "Transfer-Encoding: chunked\r\n",
    "Expect: 100-continue\r\n",
    "Upgrade: websocket\r\n",
    "\r\n",
    "\n",
    "\r\n\r\n",
    "/",
    "/sida?r=n%2Fvor-2026&s=1",
    "/sida?r=n%2Fvor-2026&s=0",
    "/sida?r=n%2Fvor-2026&s=18446744073709551616",
    "/sida?r=%ff%fe&s=1",
    "/innehall?r=n%2Fvor-2026",
    "/innehall?r=%3Cscript%3E",
    "/handelser",
    "/?r=n/ikp-2026",
    "/%",
    "/%%%",
    "?&&==&",
    "+",
    "%C3%A4",
    "é",
    "\0",
    "a: b\r\n",
    ": \r\n",
];

impl Surface for Http {
    fn name(&self) -> &'static str {
        "http"
    }

    fn extension(&self) -> &'static str {
        "http"
    }

    fn seeds(&self) -> Vec<Vec<u8>> {
        [
            "GET / HTTP/1.1\r\nHost: {HOST}\r\n\r\n",
            "GET /?r=n%2Fvor-2026 HTTP/1.1\r\nHost: {HOST}\r\nConnection: keep-alive\r\n\r\n",
            "GET /sida?r=n%2Fvor-2026&s=1&b=1 HTTP/1.1\r\nHost: {HOST}\r\n\r\n",
            "GET /sida?r=n%2Fvor-2026&s=99 HTTP/1.1\r\nHost: localhost:1\r\n\r\n",
            "GET /innehall?r=n%2Fikp-2026 HTTP/1.1\r\nHost: {HOST}\r\n\r\n",
            "GET /handelser HTTP/1.1\r\nHost: {HOST}\r\n\r\n",
            "POST / HTTP/1.1\r\nHost: {HOST}\r\nContent-Length: 5\r\n\r\nhallå",
            "GET / HTTP/1.1\r\nHost: evil.example\r\n\r\n",
            "GET / HTTP/1.0\r\n\r\n",
            "GET /finns-inte HTTP/1.1\r\nHost: {HOST}\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
            "GET / HTTP/1.1\nHost: {HOST}\n\n",
            "GARBAGE\r\n\r\n",
            "GET / HTTP/1.1\r\nHost: {HOST}\r\nExpect: 100-continue\r\n\r\n",
        ]
        .iter()
        .map(|s| s.as_bytes().to_vec())
        .collect()
    }

    fn mutate(&self, rng: &mut Rng, input: &[u8], other: &[u8]) -> Vec<u8> {
        let mut data = input.to_vec();
        for _ in 0..1 + rng.below(3) {
            match rng.below(4) {
                0 => data = mutate(rng, &data, other),
                _ => {
                    let token = rng.pick(HTTP_TOKENS).as_bytes();
                    let at = rng.below(data.len() + 1);
                    data.splice(at..at, token.iter().copied());
                }
            }
        }
        data.truncate(32 * 1024);
        data
    }

    fn run(&mut self, input: &[u8]) -> Outcome {
        let mut outcome = Outcome::default();
        let host = self.address.to_string();
        let request = String::from_utf8_lossy(input).replace("{HOST}", &host);
        let bytes: Vec<u8> = if std::str::from_utf8(input).is_ok() {
            request.into_bytes()
        } else {
            input.to_vec()
        };
        let mut stream = match TcpStream::connect(self.address) {
            Ok(s) => s,
            Err(e) => {
                outcome.violations.push(format!("no connection: {e}"));
                return outcome;
            }
        };
        let _ = stream.set_write_timeout(Some(Duration::from_secs(5)));
        let _ = stream.set_read_timeout(Some(Duration::from_secs(15)));
        let _ = stream.write_all(&bytes);
        let _ = stream.shutdown(std::net::Shutdown::Write);
        let started = Instant::now();
        let mut answer = Vec::new();
        let mut chunk = [0u8; 8192];
        // The status line and head; an event stream goes on, so stop there.
        loop {
            match stream.read(&mut chunk) {
                Ok(0) => break,
                Ok(n) => {
                    answer.extend_from_slice(&chunk[..n]);
                    let head = answer
                        .windows(4)
                        .position(|w| w == b"\r\n\r\n")
                        .map(|end| &answer[..end]);
                    if head.is_some_and(|h| h.windows(17).any(|w| w == b"text/event-stream")) {
                        break;
                    }
                }
                Err(e) => {
                    outcome
                        .violations
                        .push(format!("no answer in {:?}: {e}", started.elapsed()));
                    break;
                }
            }
        }
        let text = String::from_utf8_lossy(&answer);
        match text.get(..12) {
            Some(head)
                if head.starts_with("HTTP/1.")
                    && head[9..12].chars().all(|c| c.is_ascii_digit()) =>
            {
                outcome.features.push(format!("status:{}", &head[9..12]));
                let kind = text
                    .lines()
                    .find_map(|l| l.strip_prefix("Content-Type: "))
                    .unwrap_or("-");
                outcome
                    .features
                    .push(format!("type:{}:{kind}", &head[9..12]));
                if text.contains("<script>x") || text.contains("<b>Fel</b>") {
                    outcome
                        .violations
                        .push("data reached the page as markup".into());
                }
            }
            _ if answer.is_empty() => outcome.features.push("closed".into()),
            _ => outcome.violations.push(format!(
                "not an HTTP answer: {:?}",
                &text[..text.len().min(80)]
            )),
        }
        self.runs += 1;
        if self.runs.is_multiple_of(200) {
            let said = self.watching.said();
            if said.contains("panicked") {
                outcome.violations.push(format!("bevaka panicked:\n{said}"));
            }
            let now = resident(self.watching.pid());
            if now == 0 || now > self.baseline + 128 * 1024 * 1024 {
                outcome.violations.push(format!(
                    "bevaka at {} MiB (from {})",
                    now >> 20,
                    self.baseline >> 20
                ));
            }
        }
        outcome
    }
}
