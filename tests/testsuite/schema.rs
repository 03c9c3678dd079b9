//! The data format stated once: the JSON Schemas and the data reference
//! that `riskrapport schema` writes from the model's types are the ones
//! committed; every example file and valid fixture passes its schema (an
//! independent validator, boon), as it passes `kontrollera`; the schema
//! refuses what `kontrollera` refuses (an unknown key, a word that is not
//! allowed); and each example file names its schema on its first line, so
//! an editor finds it.

use std::path::{Path, PathBuf};

use riskrapport::schema;
use serde_json::Value;

use crate::common::root;

const REGENERATE: &str = "cargo run -- schema --referens docs/data.md";

/// Every YAML file under `dir`, sorted.
fn yaml_files(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).expect("folder is read") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "yaml") {
                files.push(path);
            }
        }
    }
    files.sort();
    files
}

/// The committed schemas, compiled.
struct Validator {
    schemas: boon::Schemas,
    index: Vec<(&'static str, boon::SchemaIndex)>,
}

impl Validator {
    fn new() -> Validator {
        let mut schemas = boon::Schemas::new();
        let mut compiler = boon::Compiler::new();
        let mut index = Vec::new();
        for file in schema::FILES {
            let path = root()
                .join(schema::SCHEMA_FOLDER)
                .join(schema::file_name(file));
            let text = std::fs::read_to_string(&path)
                .unwrap_or_else(|e| panic!("{}: {e}; write it with {REGENERATE}", path.display()));
            let json: Value = serde_json::from_str(&text).expect("the schema is JSON");
            let url = format!("file:///schema/{}", schema::file_name(file));
            compiler.add_resource(&url, json).expect("schema added");
            let compiled = compiler
                .compile(&url, &mut schemas)
                .unwrap_or_else(|e| panic!("{url} does not compile: {e}"));
            index.push((file.name, compiled));
        }
        Validator { schemas, index }
    }

    /// The problems `source` has against the schema named `name`, as text.
    fn check(&self, name: &str, source: &str) -> Result<(), String> {
        let value: Value = serde_saphyr::from_str(source).map_err(|e| e.to_string())?;
        let (_, index) = self
            .index
            .iter()
            .find(|(n, _)| *n == name)
            .expect("a schema of that name");
        self.schemas
            .validate(&value, *index)
            .map_err(|e| format!("{e:#}"))
    }
}

fn regenerate_hint(what: &str) -> String {
    format!(
        "{what} is not what the model's types say now; write it again with `{REGENERATE}` and commit it"
    )
}

#[test]
fn the_committed_schemas_and_reference_are_current() {
    for (name, text) in schema::schemas() {
        let path = root().join(schema::SCHEMA_FOLDER).join(&name);
        let committed = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(
            committed == text,
            "{}",
            regenerate_hint(&format!("schema/{name}"))
        );
    }
    let committed =
        std::fs::read_to_string(root().join(schema::REFERENCE_FILE)).unwrap_or_default();
    assert!(
        committed == schema::reference(),
        "{}",
        regenerate_hint(schema::REFERENCE_FILE)
    );
}

#[test]
fn every_example_file_and_valid_fixture_passes_its_schema() {
    let validator = Validator::new();
    let mut files = yaml_files(&root().join("data"));
    files.extend(yaml_files(&root().join("tests/fixtures/valid")));
    files.extend(yaml_files(&root().join("tests/fixtures/tidigare")));
    assert!(files.len() > 60, "{} files", files.len());
    let mut problems = Vec::new();
    for path in &files {
        let source = std::fs::read_to_string(path).expect("file is read");
        let kind = schema::for_file(path, &source);
        if let Err(problem) = validator.check(kind.name, &source) {
            problems.push(format!("{} ({}): {problem}", path.display(), kind.name));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n\n"));
}

#[test]
fn every_example_file_names_its_schema_on_its_first_line() {
    let mut problems = Vec::new();
    for path in yaml_files(&root().join("data")) {
        let source = std::fs::read_to_string(&path).expect("file is read");
        let kind = schema::for_file(&path, &source);
        let first = source.lines().next().unwrap_or_default();
        let Some(target) = first.strip_prefix("# yaml-language-server: $schema=") else {
            problems.push(format!("{}: the first line is ”{first}”", path.display()));
            continue;
        };
        let resolved = path.parent().expect("in a folder").join(target);
        let wanted = root()
            .join(schema::SCHEMA_FOLDER)
            .join(schema::file_name(kind));
        let same = resolved.canonicalize().ok() == wanted.canonicalize().ok();
        if !same || Path::new(target).is_absolute() {
            problems.push(format!(
                "{}: $schema={target} is not the relative path to {}",
                path.display(),
                wanted.display()
            ));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// A small plan with one risk; `risk` is the risk's extra lines.
fn plan(risk: &str) -> String {
    format!(
        "nämnd: Testnämnden\når: 2026\ndatum: 2025-12-01\nriskmodell: stockholm-4x4\n\
         risker:\n  - nr: 1\n    risk: En risk\n{risk}"
    )
}

#[test]
fn the_schema_accepts_the_forms_the_types_accept() {
    let validator = Validator::new();
    for extra in [
        "    sannolikhet: 2\n    konsekvens: 3\n",
        // YAML reads a quoted whole number as one, and `~` as nothing.
        "    sannolikhet: \"2\"\n    konsekvens: ' 3'\n    beskrivning: ~\n",
        // A text may be written as a plain number.
        "    beskrivning: 2025\n    kontroll: {kontrollmoment: Avstämning, ansvarig: 12}\n",
        "    åtgärder:\n      - {åtgärd: Rutin, start: 2026-01-01, status: pågår}\n",
    ] {
        let source = plan(extra);
        assert_eq!(validator.check("plan", &source), Ok(()), "{source}");
    }
    for model in [
        "skala: 4\n",
        "skala: {sannolikhet: 5, konsekvens: 4}\n",
        "skala: {sannolikhet: \"5\", konsekvens: 4}\n",
        "",
    ] {
        let source = format!(
            "{model}sannolikhet: [A, B, C, D]\nkonsekvens: [A, B, C, D]\n\
             nivåer:\n  - {{namn: Låg, färg: \"#7cb342\", från: 1, till: 16}}\n\
             ikp: {{regel: automatisk, från_nivå: Låg}}\n"
        );
        assert_eq!(validator.check("riskmodell", &source), Ok(()), "{source}");
    }
    let inline = "nämnd: N\når: 2026\ndatum: 2025-12-01\nriskmodell:\n  skala: 4\n  \
                  sannolikhet: [A, B, C, D]\n  konsekvens: [A, B, C, D]\n  nivåer: []\n  \
                  ikp: {regel: val}\nprocesser:\n  - process: P\n    risker: [{nr: 1, risk: R}]\n";
    assert_eq!(validator.check("plan", inline), Ok(()));
}

#[test]
fn the_schema_refuses_what_kontrollera_refuses() {
    let validator = Validator::new();
    for (extra, what) in [
        ("    sannolkhet: 2\n", "an unknown key"),
        ("    ikp: kanske\n", "a word ikp does not allow"),
        ("    sannolikhet: 2.5\n", "a number that is not whole"),
        ("    sannolikhet: två\n", "a text for a number"),
        (
            "    kontroll: {kontrollmoment: A, vem: B}\n",
            "an unknown key in a control",
        ),
        (
            "    åtgärder:\n      - {beskrivning: utan åtgärd}\n",
            "an action without åtgärd",
        ),
        (
            "    åtgärder:\n      - {åtgärd: A, slut: snart}\n",
            "a date that is not one",
        ),
    ] {
        let source = plan(extra);
        assert!(
            validator.check("plan", &source).is_err(),
            "{what} passes the schema:\n{source}"
        );
    }
    assert!(
        validator.check("plan", "nämnd: N\når: 2026\n").is_err(),
        "a plan without datum and riskmodell passes"
    );
    assert!(
        validator
            .check(
                "uppfoljning-t2",
                "uppföljning: vb\nplan: p.yaml\ndatum: 2025-09-30\n"
            )
            .is_err(),
        "a VB passes the T2 schema"
    );
}

#[test]
fn every_key_and_part_says_what_it_means() {
    use riskrapport::model::describe::Shape;
    let mut missing = Vec::new();
    for file in schema::FILES {
        let (_, defs) = (file.describe)();
        for object in defs.iter() {
            if object.doc.is_empty() {
                missing.push(object.name.clone());
            }
            for field in &object.fields {
                let said = !field.doc.is_empty()
                    || matches!(field.shape, Shape::Choice(ref v) if v.len() == 1);
                if !said {
                    missing.push(format!("{}.{}", object.name, field.key));
                }
            }
        }
    }
    missing.sort();
    missing.dedup();
    assert!(
        missing.is_empty(),
        "without a doc comment (the schema and the reference show it): {}",
        missing.join(", ")
    );
}

#[test]
fn the_schema_command_writes_the_committed_schemas() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = crate::common::run_ok(
        dir.path(),
        &["schema", "-o", "ut", "--referens", "ut/data.md"],
    );
    let said = String::from_utf8_lossy(&out.stdout);
    for file in schema::FILES {
        let name = schema::file_name(file);
        let written = std::fs::read(dir.path().join("ut").join(&name)).expect("schema written");
        let committed = std::fs::read(root().join(schema::SCHEMA_FOLDER).join(&name))
            .expect("schema committed");
        assert!(
            written == committed,
            "{name} differs from the committed one"
        );
        assert!(said.contains(&name), "{said}");
    }
    let reference = std::fs::read(dir.path().join("ut/data.md")).expect("reference written");
    assert_eq!(
        reference,
        std::fs::read(root().join(schema::REFERENCE_FILE)).expect("reference committed")
    );
    // The English name is an alias.
    crate::common::run_ok(dir.path(), &["schema", "--out", "en"]);
    assert!(dir.path().join("en/plan.json").is_file());
}
