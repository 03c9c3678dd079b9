//! `importera` on workbooks made to eat the machine: a sheet that unpacks
//! to 2 GiB of XML (a zip bomb of a few megabytes) and a sheet whose one
//! cell stands at the last row and column Excel has. Each is refused from
//! the zip directory before anything is unpacked, within a memory budget
//! that unpacking would burst, with a Swedish error that names the limit;
//! nothing is written.

use std::io::{Read, Write};

use crate::common::bounded::{Bounded, MIB, run_bounded};
use crate::common::{fixture, plan_yaml, run_ok};

/// A workbook made by `excel` from a small plan, in a folder of its own
/// with the plan beside it (the base for `--grund`).
fn exported() -> (tempfile::TempDir, Vec<u8>) {
    let risk = "- nr: 1\n  risk: R\n  sannolikhet: 2\n  konsekvens: 3\n";
    let dir = fixture(&[("grund.yaml", &plan_yaml(risk))]);
    run_ok(dir.path(), &["excel", "grund.yaml", "-o", "plan.xlsx"]);
    let bytes = std::fs::read(dir.path().join("plan.xlsx")).unwrap();
    (dir, bytes)
}

/// `book` with the part `name` rewritten by `rewrite` (from its XML text),
/// deflated; every other part copied as it is.
fn with_part(book: &[u8], name: &str, rewrite: impl FnOnce(&str, &mut dyn Write)) -> Vec<u8> {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(book)).unwrap();
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let mut rewrite = Some(rewrite);
    for i in 0..archive.len() {
        let part = archive.by_index_raw(i).unwrap();
        if part.name().unwrap() != name {
            out.raw_copy_file(part).unwrap();
            continue;
        }
        drop(part);
        let mut text = String::new();
        archive
            .by_index(i)
            .unwrap()
            .read_to_string(&mut text)
            .unwrap();
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated)
            .large_file(true);
        out.start_file(name, options).unwrap();
        (rewrite.take().unwrap())(&text, &mut out);
    }
    out.finish().unwrap().into_inner()
}

/// The most data memory (heap and private mappings) the child may take.
const MEMORY: u64 = 100 * MIB;

#[test]
fn a_workbook_bomb_is_refused_within_100_mib() {
    let (dir, book) = exported();
    // The sheet Risker, 2 GiB unpacked: its rows, then spaces before the
    // sheet's end (well-formed XML all the same).
    let bomb = with_part(&book, "xl/worksheets/sheet1.xml", |xml, out| {
        let end = xml.find("</sheetData>").unwrap();
        out.write_all(&xml.as_bytes()[..end]).unwrap();
        let spaces = vec![b' '; MIB as usize];
        for _ in 0..2048 {
            out.write_all(&spaces).unwrap();
        }
        out.write_all(&xml.as_bytes()[end..]).unwrap();
    });
    assert!(
        bomb.len() < 8 * MIB as usize,
        "a small file: {}",
        bomb.len()
    );
    std::fs::write(dir.path().join("bomb.xlsx"), &bomb).unwrap();

    let Bounded {
        code, stderr, peak, ..
    } = run_bounded(
        dir.path(),
        &[
            "importera",
            "bomb.xlsx",
            "-o",
            "plan.yaml",
            "--grund",
            "grund.yaml",
        ],
        &[],
        Some(MEMORY),
    );
    assert_eq!(code, Some(1), "{stderr}");
    assert!(
        stderr.contains(
            "fel: arbetsboken är för stor uppackad: delen xl/worksheets/sheet1.xml läses inte"
        ),
        "{stderr}"
    );
    assert!(
        stderr.contains("delen packas upp till 2\u{a0}049 MiB; det största som läses är 64 MiB"),
        "{stderr}"
    );
    assert!(!dir.path().join("plan.yaml").exists(), "nothing is written");
    assert!(peak < MEMORY, "peak memory {} MiB", peak / MIB);
}

#[test]
fn a_part_packed_more_than_the_ratio_allows_is_refused() {
    let (dir, book) = exported();
    // 8 MiB of spaces packs to some 8 KiB: a thousand times.
    let packed = with_part(&book, "xl/sharedStrings.xml", |xml, out| {
        let end = xml.rfind("</sst>").unwrap();
        out.write_all(&xml.as_bytes()[..end]).unwrap();
        out.write_all(&vec![b' '; 8 * MIB as usize]).unwrap();
        out.write_all(&xml.as_bytes()[end..]).unwrap();
    });
    std::fs::write(dir.path().join("tät.xlsx"), &packed).unwrap();
    let Bounded { code, stderr, .. } = run_bounded(
        dir.path(),
        &[
            "importera",
            "tät.xlsx",
            "-o",
            "plan.yaml",
            "--grund",
            "grund.yaml",
        ],
        &[],
        Some(MEMORY),
    );
    assert_eq!(code, Some(1), "{stderr}");
    assert!(
        stderr.contains("delen xl/sharedStrings.xml läses inte"),
        "{stderr}"
    );
    assert!(
        stderr.contains("det mesta som läses är 500 gånger"),
        "{stderr}"
    );
    assert!(!dir.path().join("plan.yaml").exists());
}

#[test]
fn a_cell_at_the_last_row_and_column_is_refused() {
    let (dir, book) = exported();
    let far = with_part(&book, "xl/worksheets/sheet1.xml", |xml, out| {
        let end = xml.find("</sheetData>").unwrap();
        out.write_all(&xml.as_bytes()[..end]).unwrap();
        out.write_all(br#"<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>"#)
            .unwrap();
        out.write_all(&xml.as_bytes()[end..]).unwrap();
    });
    std::fs::write(dir.path().join("långt.xlsx"), &far).unwrap();
    let Bounded {
        code, stderr, peak, ..
    } = run_bounded(
        dir.path(),
        &[
            "importera",
            "långt.xlsx",
            "-o",
            "plan.yaml",
            "--grund",
            "grund.yaml",
        ],
        &[],
        Some(MEMORY),
    );
    assert_eq!(code, Some(1), "{stderr}");
    assert!(
        stderr.contains("ett blad i arbetsboken (xl/worksheets/sheet1.xml) är för stort"),
        "{stderr}"
    );
    assert!(
        stderr.contains(
            "från A1 till XFD1048576 (1\u{a0}048\u{a0}576 rader × 16\u{a0}384 kolumner); det mesta som läses är 1\u{a0}000\u{a0}000 celler"
        ),
        "{stderr}"
    );
    assert!(!dir.path().join("plan.yaml").exists());
    assert!(peak < MEMORY, "peak memory {} MiB", peak / MIB);
}

/// A cell reference past the sheet's last row (found by fuzzing: the reader
/// overflowed on it and panicked) is refused before the reader sees it.
#[test]
fn a_reference_outside_the_sheet_is_refused() {
    let (dir, book) = exported();
    let bad = with_part(&book, "xl/worksheets/sheet1.xml", |xml, out| {
        let end = xml.find("</sheetData>").unwrap();
        out.write_all(&xml.as_bytes()[..end]).unwrap();
        out.write_all(br#"<row r="7"><c r="A99999999999"><v>1</v></c></row>"#)
            .unwrap();
        out.write_all(&xml.as_bytes()[end..]).unwrap();
    });
    std::fs::write(dir.path().join("fel.xlsx"), &bad).unwrap();
    let Bounded { code, stderr, .. } = run_bounded(
        dir.path(),
        &[
            "importera",
            "fel.xlsx",
            "-o",
            "plan.yaml",
            "--grund",
            "grund.yaml",
        ],
        &[],
        Some(MEMORY),
    );
    assert_eq!(code, Some(1), "{stderr}");
    assert!(
        stderr.contains("har cellreferensen ”A99999999999”, som ligger utanför ett blad"),
        "{stderr}"
    );
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(!dir.path().join("plan.yaml").exists());
}
