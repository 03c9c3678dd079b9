//! Shared test helpers: run the real binary, read PDFs' text and structure.

#![allow(dead_code)]

pub mod bounded;
pub mod plan;
pub mod synthetic;
pub mod watching;

pub use plan::Plan;

/// How long a test waits for something before it takes it for a hang and
/// fails: a safety net only, far above any healthy wait. Tests wait on
/// events (a line printed, a file written), never on the clock.
pub const SAFETY_NET: std::time::Duration = std::time::Duration::from_secs(600);

/// Characters and sequences that mean something in Typst markup, code, math
/// or raw text: what escaping must keep literal.
pub const TYPST_TOKENS: &[&str] = &[
    "#", "$", "*", "_", "`", "<", ">", "@", "=", "-", "+", "/", "\\", "[", "]", "{", "}", "//",
    "/*", "*/", "~", "'", "\"",
];

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::OnceLock;

/// The crate root (where `data/` is).
pub fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Runs the riskrapport binary with `args` in `dir`.
pub fn run(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_riskrapport"))
        .args(args)
        .current_dir(dir)
        .output()
        .expect("the binary runs")
}

/// Runs the binary like `run` and requires it to succeed.
pub fn run_ok(dir: &Path, args: &[&str]) -> Output {
    let out = run(dir, args);
    assert!(
        out.status.success(),
        "riskrapport {} failed:\n{}",
        args.join(" "),
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

/// The example data built once for all tests in a process: the output
/// folder, with each report's web page beside its PDF (`--webb`).
pub fn example_out() -> &'static Path {
    static OUT: OnceLock<tempfile::TempDir> = OnceLock::new();
    OUT.get_or_init(|| {
        let out = tempfile::tempdir().expect("a temp dir");
        let result = run(
            root(),
            &[
                "build",
                "data",
                "--webb",
                "-o",
                out.path().to_str().unwrap(),
            ],
        );
        assert!(
            result.status.success(),
            "building the example data failed:\n{}",
            String::from_utf8_lossy(&result.stderr)
        );
        out
    })
    .path()
}

/// A generated example PDF: `folder/file` under the example output.
pub fn example_pdf(folder: &str, file: &str) -> PathBuf {
    example_out().join(folder).join(file)
}

/// The PDF's text with every run of whitespace (including no-break spaces) made one space.
pub fn pdf_text(path: &Path) -> String {
    let text = pdf_extract::extract_text(path).expect("the PDF's text can be extracted");
    normalise(&text)
}

/// The text of each page, normalised.
pub fn page_texts(path: &Path) -> Vec<String> {
    let bytes = std::fs::read(path).expect("the PDF exists");
    pdf_extract::extract_text_from_mem_by_pages(&bytes)
        .expect("the PDF's pages can be extracted")
        .iter()
        .map(|t| normalise(t))
        .collect()
}

/// Collapses whitespace, and joins words broken at a soft hyphen: the PDF's
/// text has a soft hyphen (U+00AD) wherever the word list lets a word
/// break, at a line end or not.
pub fn normalise(text: &str) -> String {
    let words: Vec<&str> = text
        .split(|c: char| c.is_whitespace() || c == '\u{a0}')
        .filter(|w| !w.is_empty())
        .collect();
    let mut out = String::new();
    let mut glue = false;
    for word in words {
        if !out.is_empty() && !glue && word != "\u{ad}" {
            out.push(' ');
        }
        glue = word.ends_with('\u{ad}');
        out.extend(word.chars().filter(|c| *c != '\u{ad}'));
    }
    out
}

/// Every /Alt text in the PDF's structure tree.
pub fn alt_texts(path: &Path) -> Vec<String> {
    let doc = lopdf::Document::load(path).expect("the PDF parses");
    let mut out = Vec::new();
    for object in doc.objects.values() {
        if let Ok(dict) = object.as_dict()
            && let Ok(lopdf::Object::String(bytes, _)) = dict.get(b"Alt")
        {
            out.push(decode_text_string(bytes));
        }
    }
    out
}

/// Decodes a PDF text string (UTF-16BE with BOM, or PDFDocEncoding ≈ Latin-1).
pub fn decode_text_string(bytes: &[u8]) -> String {
    riskrapport::extract::decode_text(bytes)
}

/// The numbers listed for one matrix cell in the matrix's alt text
/// ("Konsekvens 4, sannolikhet 2, Hög: riskerna 1 till 4, 8 och 35.").
pub fn alt_cell(alt: &str, k: u32, s: u32) -> Vec<u32> {
    let key = format!("Konsekvens {k}, sannolikhet {s}, ");
    let Some(start) = alt.find(&key) else {
        return Vec::new();
    };
    let rest = &alt[start + key.len()..];
    let rest = &rest[rest.find(": ").expect("the cell's level, then its risks") + 2..];
    let end = rest.find('.').expect("a cell's list ends with a full stop");
    let list = rest[..end]
        .strip_prefix("riskerna ")
        .or_else(|| rest[..end].strip_prefix("risk "))
        .expect("the cell's risks by number");
    let number = |n: &str| n.parse::<u32>().expect("a risk number");
    list.split(", ")
        .flat_map(|n| n.split(" och "))
        .flat_map(|n| match n.split_once(" till ") {
            Some((from, to)) => (number(from)..=number(to)).collect::<Vec<_>>(),
            None => vec![number(n)],
        })
        .collect()
}

/// A minimal valid plan file with an inline 4×4 model (automatic IKP from 8),
/// with `risks` as the YAML of the `risker:` list under one process; for
/// more, a [`Plan`].
pub fn plan_yaml(risks: &str) -> String {
    Plan::new().risks(risks).yaml()
}

/// Indents every line of `text` by `n` spaces.
pub fn indent(text: &str, n: usize) -> String {
    text.lines()
        .map(|l| format!("{}{l}\n", " ".repeat(n)))
        .collect()
}

/// Writes `files` (name, content) into a new temp dir.
pub fn fixture(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("a temp dir");
    for (name, content) in files {
        let path = dir.path().join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, content).unwrap();
    }
    dir
}

/// A copy of the whole `data/` folder in a new temp dir (as `data/`).
pub fn data_copy() -> tempfile::TempDir {
    fn copy(from: &Path, to: &Path) {
        std::fs::create_dir_all(to).unwrap();
        for entry in std::fs::read_dir(from).unwrap() {
            let entry = entry.unwrap();
            let target = to.join(entry.file_name());
            if entry.file_type().unwrap().is_dir() {
                copy(&entry.path(), &target);
            } else {
                std::fs::copy(entry.path(), target).unwrap();
            }
        }
    }
    let dir = tempfile::tempdir().expect("a temp dir");
    copy(&root().join("data"), &dir.path().join("data"));
    dir
}
