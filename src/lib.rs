//! riskrapport: a nämnd's internal-control data in YAML → board-ready PDFs.
//!
//! The pipeline, one module per stage:
//! [`model`] (YAML → typed input) → [`validate`] (every problem at once) →
//! [`score`] (the risk model's arithmetic) → [`report`] (what each report
//! shows) → [`render`] (templates write Typst) → [`typst_world`] (Typst in
//! process) → [`pdf`] (PDF/A + PDF/UA, written atomically). [`driver`] runs
//! the stages for one plan or many; [`cli`] is the command line.

pub mod cli;
pub mod diag;
pub mod driver;
pub mod extract;
pub mod model;
pub mod pdf;
pub mod render;
pub mod report;
pub mod score;
pub mod typst_world;
pub mod validate;
