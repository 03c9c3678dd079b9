//! The VB's count rule — which controls a VB answers for and what each
//! counts as — is one (`score::vb`): the VB report's summary and legend
//! and the samlade bild's row for the nämnd say the same. On the example
//! data the PDFs are compared in `rollup.rs`; here a VB with every case
//! the rule has: a control with two results (one not yet assessed), a
//! control and a risk the VB leaves out, a risk without controls, and a
//! risk outside the internkontrollplan.

use riskrapport::score::rollup::Content;
use riskrapport::score::vb::Tally;
use riskrapport::validate::followup::FollowUp;

use crate::common::{Plan, fixture};

const RISKS: &str = "\
- nr: 1
  risk: Två kontroller
  sannolikhet: 4
  konsekvens: 4
  kontroller:
    - kontrollmoment: Första
    - kontrollmoment: Andra
- nr: 2
  risk: Utan kontroll
  sannolikhet: 3
  konsekvens: 3
- nr: 3
  risk: Inte rapporterad
  sannolikhet: 4
  konsekvens: 3
  kontroll:
    kontrollmoment: Tredje
- nr: 4
  risk: Utanför planen
  sannolikhet: 1
  konsekvens: 1
";

const VB: &str = "\
uppföljning: vb
plan: plan-2026.yaml
datum: 2027-02-15
kontroller:
  - nr: 1
    kontroll: 1
    resultat: genomförd
    rubrik: Ett resultat
  - nr: 1
    kontroll: 1
    rubrik: Ett till, ännu inte bedömt
  - nr: 2
    resultat: ej genomförd
bedömning:
  omdöme: delvis tillräcklig
  grund: Så här.
";

#[test]
fn the_vb_report_and_the_samlade_bild_count_a_vb_by_one_rule() {
    let dir = fixture(&[
        ("plan-2026.yaml", &Plan::new().risks(RISKS).yaml()),
        ("vb-2026.yaml", VB),
    ]);
    let checked = riskrapport::driver::check(&dir.path().join("vb-2026.yaml"));
    assert!(!checked.diagnostics.has_errors(), "{}", checked.diagnostics);
    let Some(Content::Vb(facts)) = &checked.facts.content else {
        panic!("the samlade bild's facts of a VB");
    };
    let Some(FollowUp::Vb(vb)) = &checked.follow_up else {
        panic!("a checked VB");
    };
    let (plan, _) = riskrapport::driver::check_plan(&dir.path().join("plan-2026.yaml"));
    let (plan, scored) = plan.expect("a valid plan");
    let view = riskrapport::report::vb(&plan, &scored, vb);

    // Risk 1: one control with two results (genomförd, ej bedömd), one not
    // reported; risk 2 without controls: ej genomförd; risk 3: not
    // reported; risk 4 is not in the plan's IKP and not counted.
    let wanted = Tally {
        done: 1,
        partly: 0,
        not_done: 1,
        not_assessed: 1,
        not_reported: 2,
    };
    assert_eq!(facts.tally, wanted, "the samlade bild's count");
    let legend: Vec<(&str, usize)> = view
        .outcomes
        .iter()
        .map(|o| (o.word.as_str(), o.count))
        .collect();
    assert_eq!(
        legend,
        [
            ("Genomförd", 1),
            ("Delvis genomförd", 0),
            ("Ej genomförd", 1),
            ("Ej bedömd", 1),
            ("Ej rapporterad", 2)
        ],
        "the VB report's legend"
    );
    assert_eq!(
        view.summary,
        "Uppföljningen redovisar fem resultat för fyra kontroller: en genomförd, \
         en ej genomförd, en ej bedömd och två ej rapporterade."
    );
    assert_eq!(facts.controls.len(), 4, "the controls the VB answers for");
}
