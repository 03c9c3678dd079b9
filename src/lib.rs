//! riskrapport: a nämnd's internal-control data in YAML → board-ready PDFs.
//!
//! The pipeline, one module per stage, each using only the stages before it:
//! [`model`] (YAML → typed input) → [`validate`] (every problem at once; the
//! risk model's rules) → [`score`] (every risk scored, counts and matrix;
//! the change since last year) → [`report`] (what each report shows) → [`render`] (templates write Typst)
//! → [`typst_world`] (Typst in process) → [`inspect`] (the faults a reader
//! would see in the laid-out pages) → [`pdf`] (PDF/A + PDF/UA); beside the
//! PDF, [`web`] writes the same view as an accessible web page (`--webb`).
//! [`driver`] runs the stages for one file or many; [`cli`] is the command
//! line; [`new_year`] starts next year's plan from this year's and
//! [`upgrade`] rewrites a file to today's form, both through `yaml_edit`
//! (edits at the parser's spans); [`excel`] takes a plan or a follow-up
//! out to a workbook and back. Beneath them
//! all: [`diag`] (problems with their place), [`swedish`] (the language's
//! conventions) and [`fs`] (atomic writes, I/O in Swedish).

pub mod diag;
pub mod fs;
pub mod swedish;

pub mod model;

pub mod validate;

pub mod score;

pub mod report;

pub mod render;

pub mod typst_world;

pub mod inspect;

pub mod pdf;

pub mod web;

pub mod extract;

pub mod driver;

pub mod new_year;

pub mod upgrade;

pub(crate) mod yaml_edit;

pub mod excel;

pub mod schema;

pub mod cli;
