//! The tool's build identity for the build cache: a digest of the sources
//! the binary is compiled from (src/, derive/src/, Cargo.toml and Cargo.lock, so a new
//! dependency counts too). The version in Cargo.toml never changes here,
//! so it cannot tell one build of the tool from the next; this digest
//! changes exactly when the code does, costs one pass over half a megabyte
//! of source when the code has changed (Cargo reruns this script only
//! then), and nothing at run time: it is a constant in the binary.
//! Templates and fonts are hashed by the cache itself at run time.

use std::path::{Path, PathBuf};

fn main() {
    for watched in ["src", "derive/src", "Cargo.toml", "Cargo.lock"] {
        println!("cargo::rerun-if-changed={watched}");
    }
    let mut files = Vec::new();
    collect(Path::new("src"), &mut files);
    collect(Path::new("derive/src"), &mut files);
    files.sort();
    files.push(PathBuf::from("Cargo.toml"));
    files.push(PathBuf::from("Cargo.lock"));
    // FNV-1a, 64 bits: no dependency to build, and this only has to tell
    // builds apart, not resist anyone.
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    let mut feed = |bytes: &[u8]| {
        for &b in bytes {
            hash ^= u64::from(b);
            hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
        }
    };
    for file in &files {
        feed(file.to_string_lossy().as_bytes());
        feed(&[0]);
        feed(&std::fs::read(file).unwrap_or_default());
        feed(&[0]);
    }
    println!("cargo::rustc-env=RISKRAPPORT_BUILD={hash:016x}");
}

fn collect(dir: &Path, files: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect(&path, files);
        } else {
            files.push(path);
        }
    }
}
