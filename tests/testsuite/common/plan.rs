//! A plan file for a test, from the parts the test is about. By default
//! Testkommun's Testnämnden for 2026, a 4×4 model coloured by risk-value
//! ranges with an automatic IKP from risk value 8, and one process holding
//! the test's risks:
//!
//! ```ignore
//! let yaml = Plan::new().risks("- nr: 1\n  risk: R\n").yaml();
//! let yaml = Plan::new().coloured_by_cell().ikp("regel: val\n").risks(RISKS).yaml();
//! ```

use super::indent;

/// The 4×4 model's levels with the risk values each covers.
const LEVELS_BY_RANGE: &str = "\
- { namn: Låg, färg: \"#7cb342\", från: 1, till: 2 }
- { namn: Medium, färg: \"#fdd835\", från: 3, till: 7 }
- { namn: Hög, färg: \"#fb8c00\", från: 8, till: 9 }
- { namn: Kritisk, färg: \"#e53935\", från: 12, till: 16 }
";

/// The same levels coloured cell by cell, where S1×K4 (RV 4) is Hög but
/// S3×K2 (RV 6) is Medium; rows from the highest sannolikhet down.
const LEVELS_BY_CELL: &str = "\
nivåer:
  - { namn: Låg, färg: \"#7cb342\" }
  - { namn: Medium, färg: \"#fdd835\" }
  - { namn: Hög, färg: \"#fb8c00\" }
  - { namn: Kritisk, färg: \"#e53935\" }
celler:
  - [Hög, Hög, Kritisk, Kritisk]
  - [Medium, Medium, Hög, Kritisk]
  - [Låg, Medium, Medium, Hög]
  - [Låg, Låg, Medium, Medium]
";

/// A plan being put together; [`Plan::yaml`] writes it.
#[derive(Debug, Clone)]
pub struct Plan {
    namnd: String,
    by_cell: bool,
    ikp: String,
    risks: String,
}

impl Default for Plan {
    fn default() -> Self {
        Plan::new()
    }
}

impl Plan {
    /// Testnämnden's plan with no risks yet.
    pub fn new() -> Self {
        Plan {
            namnd: "Testnämnden".to_owned(),
            by_cell: false,
            ikp: "regel: automatisk\nfrån_riskvärde: 8\n".to_owned(),
            risks: String::new(),
        }
    }

    /// Another nämnd's name.
    pub fn namnd(mut self, name: &str) -> Self {
        self.namnd = name.to_owned();
        self
    }

    /// The model coloured cell by cell instead of by risk-value ranges.
    pub fn coloured_by_cell(mut self) -> Self {
        self.by_cell = true;
        self
    }

    /// The model's `ikp:` block, as YAML (`regel: val\n`).
    pub fn ikp(mut self, yaml: &str) -> Self {
        self.ikp = yaml.to_owned();
        self
    }

    /// The `risker:` list of the one process, as YAML (`- nr: 1\n  risk: …`).
    pub fn risks(mut self, yaml: &str) -> Self {
        self.risks = yaml.to_owned();
        self
    }

    /// The plan file. Its lines stay where tests expect them: `skala` on
    /// line 6, the levels from line 10, then `ikp` and `processer`.
    pub fn yaml(&self) -> String {
        let levels = if self.by_cell {
            indent(LEVELS_BY_CELL, 2)
        } else {
            format!("  nivåer:\n{}", indent(LEVELS_BY_RANGE, 4))
        };
        format!(
            "kommun: Testkommun
nämnd: {}
år: 2026
datum: 2025-12-09
riskmodell:
  skala: 4
  sannolikhet: [Låg, Medelhög, Hög, Mycket hög]
  konsekvens: [Försumbar, Måttlig, Betydande, Allvarlig]
{levels}  ikp:
{}processer:
  - process: Testprocess
    risker:
{}",
            self.namnd,
            indent(&self.ikp, 4),
            indent(&self.risks, 6)
        )
    }
}
