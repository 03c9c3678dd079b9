//! The kinds of YAML file a schema is written for, each with the type
//! that reads it.

use crate::model::describe::{Defs, Describe};
use crate::model::{CityFile, PlanFile, RiskModelFile, T2File, VbFile};

/// A kind of YAML file and the type that reads it.
pub struct FileSchema {
    /// The schema's file name without `.json`, e.g. `plan`.
    pub name: &'static str,
    /// What the file is, in Swedish: the schema's title.
    pub title: &'static str,
    /// Which files are of this kind, in Swedish.
    pub files: &'static str,
    /// The file's description.
    pub describe: fn() -> (crate::model::describe::Shape, Defs),
}

fn described<T: Describe>() -> (crate::model::describe::Shape, Defs) {
    Defs::of::<T>()
}

/// Every kind of file, in the reference's order.
pub const FILES: &[FileSchema] = &[
    FileSchema {
        name: "plan",
        title: "En nämnds plan",
        files: "en nämnds plan, t.ex. `data/servicenamnden/vor-ikp-2025.yaml`",
        describe: described::<PlanFile>,
    },
    FileSchema {
        name: "uppfoljning-t2",
        title: "Uppföljningen i tertialrapport 2",
        files: "en uppföljning som börjar med `uppföljning: t2`",
        describe: described::<T2File>,
    },
    FileSchema {
        name: "uppfoljning-vb",
        title: "Uppföljningen i verksamhetsberättelsen",
        files: "en uppföljning som börjar med `uppföljning: vb`",
        describe: described::<VbFile>,
    },
    FileSchema {
        name: "riskmodell",
        title: "En riskmodell",
        files: "en fil i `riskmodeller/`, t.ex. `data/riskmodeller/stockholm-4x4.yaml`",
        describe: described::<RiskModelFile>,
    },
    FileSchema {
        name: "kommun",
        title: "Kommunens fil",
        files: "`kommun.yaml`, ovanför nämndernas mappar",
        describe: described::<CityFile>,
    },
];
