//! The typed input: serde types for a nämnd's plan file, its follow-ups, a
//! kommun's risk model and the kommun's own file, exactly as written in
//! YAML, with source places kept for errors; and the loading of them, with
//! limits against hostile input. Nothing here judges the values; `validate`
//! does that.

mod city;
pub mod describe;
mod followup;
pub mod limits;
mod load;
mod plan;
mod standing;
mod table;
mod yaml_error;

pub use city::*;
pub use followup::*;
pub use load::{
    InputFile, LoadedPlan, MODEL_FOLDER, load, load_plan, load_plan_source, parse, read_text,
    resolve_model_path,
};
pub use plan::*;
pub use standing::*;
pub use table::*;
