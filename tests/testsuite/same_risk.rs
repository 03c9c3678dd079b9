//! "Same nr, different content" sees every key of a risk: the check and
//! the test of a bare `- nr: N` reference are made from the risk's type,
//! so a key added to it is compared without a list to remember. The test
//! takes the keys from the same description, so it grows with the type.

use riskrapport::model::RiskEntry;
use riskrapport::model::describe::{Defs, Shape};

use crate::common::{fixture, indent, plan_yaml, run};

/// A YAML value of `shape`, one of two that differ (`which` 0 or 1), or
/// `None` where the shape allows only one.
fn sample(shape: &Shape, defs: &Defs, which: usize) -> Option<String> {
    Some(match shape {
        Shape::Text | Shape::Name => format!("\"text {which}\""),
        Shape::Integer | Shape::Cell => format!("{}", which + 1),
        Shape::Date => format!("2026-01-0{}", which + 1),
        Shape::Choice(words) if words.len() > 1 => format!("\"{}\"", words[which].name),
        Shape::Choice(_) => return None,
        Shape::List(item) => format!("[{}]", sample(item, defs, which)?),
        Shape::OneOf(shapes) => sample(shapes.first()?, defs, which)?,
        Shape::Object(_) => {
            let object = defs.resolve(shape)?;
            // Its required keys, or else its first, all varied together.
            let keys: Vec<_> = match object.fields.iter().filter(|f| f.required).count() {
                0 => object.fields.iter().take(1).collect(),
                _ => object.fields.iter().filter(|f| f.required).collect(),
            };
            let pairs: Option<Vec<String>> = keys
                .iter()
                .map(|f| Some(format!("{}: {}", f.key, sample(&f.shape, defs, which)?)))
                .collect();
            format!("{{{}}}", pairs?.join(", "))
        }
    })
}

#[test]
fn two_definitions_of_a_risk_that_differ_in_any_key_are_an_error() {
    let (shape, defs) = Defs::of::<RiskEntry>();
    let entry = defs.resolve(&shape).expect("a risk is a map");
    let mut risks = String::new();
    let mut expected = Vec::new();
    let mut nr = 0;
    for field in entry.fields.iter().filter(|f| f.key != "nr") {
        let (Some(one), Some(two)) = (
            sample(&field.shape, &defs, 0),
            sample(&field.shape, &defs, 1),
        ) else {
            panic!("{}: no two values to compare", field.key);
        };
        let title = if field.key == "risk" {
            String::new()
        } else {
            "  risk: R\n".to_owned()
        };
        // The same risk twice, differing only in this key.
        nr += 1;
        risks.push_str(&format!(
            "- nr: {nr}\n{title}  {k}: {one}\n- nr: {nr}\n{title}  {k}: {two}\n",
            k = field.key
        ));
        expected.push((nr, field.key, true));
        // A second listing with only nr and this key is no bare reference.
        nr += 1;
        risks.push_str(&format!(
            "- nr: {nr}\n{title}  {k}: {one}\n- nr: {nr}\n  {k}: {one}\n",
            k = field.key
        ));
        expected.push((nr, field.key, field.key != "risk"));
    }
    // The same risk written out twice alike is no error.
    nr += 1;
    risks.push_str(&format!(
        "- nr: {nr}\n  risk: R\n  beskrivning: B\n- nr: {nr}\n  risk: R\n  beskrivning: B\n"
    ));
    expected.push((nr, "(lika)", false));

    let dir = fixture(&[("plan.yaml", &plan_yaml(&risks))]);
    let out = run(dir.path(), &["kontrollera", "plan.yaml"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    let mut wrong = Vec::new();
    for (nr, key, error) in expected {
        let said = stderr.contains(&format!("risk {nr} står två gånger med olika innehåll"));
        if said != error {
            wrong.push(format!(
                "risk {nr} ({key}): {}",
                if error {
                    "the difference is not seen"
                } else {
                    "called different"
                }
            ));
        }
    }
    assert!(
        wrong.is_empty(),
        "{}\n\nthe plan's risks:\n{}\n\nkontrollera said:\n{stderr}",
        wrong.join("\n"),
        indent(&risks, 2)
    );
}
