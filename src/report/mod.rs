//! Scored → report views: exactly what each template sees, with every
//! decision (order, colour, wording, number format) already made.

mod bundle;
mod cells;
pub mod colour;
mod data_table;
mod gaps;
mod history;
mod ikp;
mod kind;
mod lights;
mod matrix;
pub mod measure;
mod riskbild;
mod rollup;
mod rule;
mod section;
mod t2;
mod table;
mod vb;
mod view;
mod vor;

pub use bundle::{BundleView, t2_bundle, vb_bundle, verksamhetsplan};
pub use data_table::{DataColumnView, DataRowView, DataTableView, data_tables};
pub use gaps::{plan_gaps, t2_gaps};
pub use ikp::{IkpView, ikp};
pub use kind::{ReportKind, Template, View, builtin_templates, follow_up_reports, plan_report};
pub use matrix::{MatrixView, matrix};
pub use riskbild::{RiskPictureView, riskbild};
pub use rollup::{CityChapterView, rollup};
pub use section::{SectionView, number_sections, section, sections};
pub use t2::{T2View, critical_risks, t2};
pub use table::{ColumnView, GroupPart, Page, TableBuilder, TableItem, TableView};
pub use vb::{VbView, vb};
pub use view::*;
pub use vor::{VorView, vor};
