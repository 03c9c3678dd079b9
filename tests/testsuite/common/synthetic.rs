//! A synthetic city for the benchmark and the scale test: any number of
//! nämnder, each with a plan of N rated risks (a fixed share in the IKP), a
//! T2 and a VB follow-up. Deterministic: the same call writes the same files.

use std::fmt::Write as _;
use std::path::Path;

const MODEL: &str = include_str!("../../../data/riskmodeller/stockholm-4x4.yaml");
const LOGO: &[u8] = include_bytes!("../../../data/logotyper/exempellogotyp.svg");

const WORDS: &[&str] = &[
    "bristande",
    "rutiner",
    "för",
    "attestering",
    "av",
    "fakturor",
    "leder",
    "till",
    "felaktiga",
    "utbetalningar",
    "och",
    "att",
    "verksamheten",
    "inte",
    "når",
    "målen",
    "i",
    "budgeten",
    "otillräcklig",
    "dokumentation",
    "vid",
    "upphandling",
    "medarbetare",
    "saknar",
    "kunskap",
    "om",
    "informationssäkerhet",
    "personuppgifter",
    "hanteras",
    "utan",
    "rättslig",
    "grund",
    "system",
    "driftstopp",
    "avtal",
    "följs",
    "upp",
];

/// A sentence of `n` words, different for every `seed`.
fn words(seed: usize, n: usize) -> String {
    let mut s = String::new();
    for i in 0..n {
        if i > 0 {
            s.push(' ');
        }
        s.push_str(WORDS[(seed * 7 + i * 13 + i * i) % WORDS.len()]);
    }
    let mut chars = s.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect::<String>() + ".",
        None => s,
    }
}

/// (sannolikhet, konsekvens) of risk `i`: every fifth risk reaches 8 or more
/// (the IKP rule of the 4×4 model), one in four of those is critical (≥ 12).
fn rating(i: usize) -> (u8, u8) {
    const LOW: [(u8, u8); 8] = [
        (1, 1),
        (1, 2),
        (2, 1),
        (2, 2),
        (1, 3),
        (3, 2),
        (2, 3),
        (1, 4),
    ];
    const HIGH: [(u8, u8); 4] = [(2, 4), (3, 3), (4, 2), (4, 3)];
    if i % 5 == 4 {
        HIGH[(i / 5) % HIGH.len()]
    } else {
        LOW[(i * 3) % LOW.len()]
    }
}

/// A plan file with `risks` rated risks under processes of 2 delprocesser × 5 risks.
pub fn plan(namnd: &str, risks: usize) -> String {
    let mut y = format!(
        "kommun: Syntetiska staden\nnämnd: {namnd}\nförvaltning: {namnd}s förvaltning\når: 2026\n\
         diarienummer: SYN-2025/{}\ndatum: 2025-12-09\nriskmodell: stockholm-4x4\n\
         verksamhetsplan:\n  beslutsdatum: 2025-12-16\n  system_för_intern_kontroll:\n\
         \x20   - rubrik: Inledning\n      text: |\n        {}\n\n        - {}\n        - {}\n\
         vor:\n  kolumner: [nr, risk, risknivå, ikp]\nprocesser:\n",
        namnd.len(),
        words(1, 60),
        words(2, 8),
        words(3, 9),
    );
    for i in 0..risks {
        if i % 10 == 0 {
            let _ = write!(
                y,
                "  - process: Process {}\n    delprocesser:\n",
                i / 10 + 1
            );
        }
        if i % 5 == 0 {
            let _ = write!(
                y,
                "      - delprocess: Delprocess {}.{}\n        risker:\n",
                i / 10 + 1,
                i % 10 / 5 + 1
            );
        }
        let (s, k) = rating(i);
        let _ = write!(
            y,
            "          - nr: {}\n            risk: {}\n            förebyggande_hantering: {}\n\
             \x20           sannolikhet: {s}\n            konsekvens: {k}\n",
            i + 1,
            words(i, 12 + i % 9),
            words(i + 3, 8 + i % 7),
        );
        if u16::from(s) * u16::from(k) >= 8 {
            let _ = write!(
                y,
                "            kontroll:\n              kontrollmoment: {}\n              ansvarig: Controller\n\
                 \x20             tidpunkt: Tertial 2\n              rapportering: Nämnden\n",
                words(i + 5, 10)
            );
        }
    }
    y
}

/// Numbers of the risks in the IKP (rated 8 or more).
fn ikp_risks(risks: usize) -> impl Iterator<Item = usize> {
    (0..risks).filter(|&i| {
        let (s, k) = rating(i);
        u16::from(s) * u16::from(k) >= 8
    })
}

/// The T2 follow-up of a plan with `risks` risks: every IKP risk reported.
pub fn t2(risks: usize) -> String {
    let mut y = String::from(
        "uppföljning: t2\nplan: plan-2026.yaml\ndatum: 2026-09-30\nperiod: 1 januari – 31 augusti 2026\nvisa: alla\nrisker:\n",
    );
    for i in ikp_risks(risks) {
        let _ = write!(
            y,
            "  - nr: {}\n    ansvarsområde: Process {}\n    befintliga_aktiviteter: {}\n\
             \x20   planerad_hantering: {}\n    följer_plan: {}\n    kommentar: {}\n",
            i + 1,
            i / 10 + 1,
            words(i + 7, 20),
            words(i + 8, 14),
            ["ja", "delvis", "nej"][i % 3],
            words(i + 9, 25),
        );
    }
    y
}

/// The VB follow-up of a plan with `risks` risks: every IKP control's result.
pub fn vb(risks: usize) -> String {
    let mut y =
        String::from("uppföljning: vb\nplan: plan-2026.yaml\ndatum: 2027-02-15\nkontroller:\n");
    for i in ikp_risks(risks) {
        let outcome = ["genomförd", "delvis genomförd", "ej genomförd"][i % 3];
        let _ = write!(
            y,
            "  - nr: {}\n    resultat: {outcome}\n    rubrik: {}\n    resultattext: {}\n",
            i + 1,
            words(i + 11, 6),
            words(i + 12, 30),
        );
        if i % 3 != 0 {
            let _ = write!(
                y,
                "    förbättringsåtgärder:\n      - åtgärd: {}\n        start: 2027-01-15\n        slut: 2027-{:02}-28\n",
                words(i + 13, 7),
                i % 12 + 1
            );
        }
    }
    y.push_str("kommentarer: |\n  ");
    y.push_str(&words(99, 40));
    y.push_str("\nbedömning:\n  omdöme: delvis tillräcklig\n  grund: |\n    ");
    y.push_str(&words(98, 40));
    y.push('\n');
    y
}

/// Writes a city of `namnder` nämnder with `risks` risks each into `dir`:
/// `riskmodeller/`, and per nämnd a plan and its T2 and VB follow-ups.
pub fn write_city(dir: &Path, namnder: usize, risks: usize) -> std::io::Result<()> {
    std::fs::create_dir_all(dir.join("riskmodeller"))?;
    std::fs::write(dir.join("riskmodeller/stockholm-4x4.yaml"), MODEL)?;
    std::fs::create_dir_all(dir.join("logotyper"))?;
    std::fs::write(dir.join("logotyper/exempellogotyp.svg"), LOGO)?;
    for n in 1..=namnder {
        let folder = dir.join(format!("namnd-{n:02}"));
        std::fs::create_dir_all(&folder)?;
        std::fs::write(
            folder.join("plan-2026.yaml"),
            plan(&format!("Nämnd {n}"), risks),
        )?;
        std::fs::write(folder.join("uppfoljning-t2-2026.yaml"), t2(risks))?;
        std::fs::write(folder.join("uppfoljning-vb-2026.yaml"), vb(risks))?;
    }
    Ok(())
}

/// Writes the kommun's `kommun.yaml` for the synthetic city (år 2026), which
/// makes `bygg` write the samlade bild; `nämnder` lists the nämnder to include.
pub fn write_kommun(dir: &Path, namnder: Option<&[&str]>) -> std::io::Result<()> {
    let mut y = String::from(
        "kommun: Syntetiska staden\når: 2026\ndiarienummer: KS 2027/1\ndatum: 2027-03-15\n",
    );
    if let Some(list) = namnder {
        y.push_str("nämnder:\n");
        for name in list {
            let _ = writeln!(y, "  - {name}");
        }
    }
    std::fs::write(dir.join("kommun.yaml"), y)
}
