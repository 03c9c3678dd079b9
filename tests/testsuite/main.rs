//! The test suite, one binary (linking Typst once): the real program on the
//! example data and on fixtures, the PDFs it writes read back, and the
//! library's stages on hostile input.

mod common;

mod batch;
mod build_once;
mod bundles;
mod change_record;
mod cli;
mod compatibility;
mod conformance;
mod data_tables;
mod docs_links;
mod example_reports;
mod excel;
mod excel_bounds;
mod finish;
mod fixtures;
mod followups;
mod fuzz;
mod fuzz_surfaces;
mod hostile_input;
mod hostile_templates;
mod ikp_rule;
mod injection;
mod injection_prop;
mod layout;
mod module_graph;
mod new_year;
mod preview;
mod publishing;
mod risk_owner;
mod rollup;
mod rollup_city;
mod same_risk;
mod scale;
mod schema;
mod standing;
mod validation;
mod vb_count;
mod watch;
mod web;
mod write_faults;
mod year_over_year;
