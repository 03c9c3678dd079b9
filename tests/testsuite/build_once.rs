//! The README's two commands, `cargo run -- bygg` and `cargo test`, share
//! one compile of Typst: every crate that both builds use resolves to the
//! same features whether or not the dev-dependencies are in the build. A new
//! dev-dependency that turns on a feature in a shared crate (as insta's
//! tempfile turns on bitflags/std) would make the second command rebuild
//! much of Typst; this test names the crate and the feature to ask for in
//! Cargo.toml.

use std::collections::BTreeMap;
use std::process::Command;

/// Each package with its resolved features, as `cargo tree` prints them;
/// proc-macros' dependencies are left out: they are built for the host on
/// their own and never shared with the program.
fn resolved(edges: &str) -> BTreeMap<String, String> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let out = Command::new(cargo)
        .args(["tree", "--offline", "--locked", "--prefix", "none"])
        .args(["-e", &format!("{edges},no-proc-macro"), "-f", "{p}|{f}"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("cargo tree runs");
    assert!(
        out.status.success(),
        "cargo tree failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter_map(|line| {
            let line = line.trim_end_matches(" (*)");
            let (package, features) = line.split_once('|')?;
            Some((package.trim().to_string(), features.trim().to_string()))
        })
        .collect()
}

#[test]
fn run_and_test_resolve_the_same_features() {
    let run = resolved("normal");
    let test = resolved("normal,dev");
    let differing: Vec<String> = run
        .iter()
        .filter_map(|(package, features)| {
            let with_dev = test.get(package)?;
            (with_dev != features)
                .then(|| format!("{package}: [{features}] without, [{with_dev}] with"))
        })
        .collect();
    assert!(
        differing.is_empty(),
        "the dev-dependencies change features of crates the program shares; \
         ask for the same features under [dependencies] in Cargo.toml:\n{}",
        differing.join("\n")
    );
    assert!(run.keys().any(|p| p.starts_with("typst ")), "{run:?}");
}
