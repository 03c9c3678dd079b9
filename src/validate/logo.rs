//! The kommun's logotyp: the one file besides the data that a report reads.
//! It must be an SVG, PNG or JPEG image of reasonable size, inside the data
//! folder (the folder of the plan, or the one above it that holds the
//! shared risk models), so that no data file can make a report read
//! anything else.

use std::io::Read;
use std::path::{Path, PathBuf};

use serde_saphyr::Spanned;

use super::plan::Logo;
use crate::diag::{Diagnostic, Diagnostics, KeyPath};
use crate::model::{LoadedPlan, LogoDef, MODEL_FOLDER};

/// The largest logotyp accepted, in bytes.
pub const MAX_LOGO_BYTES: u64 = 2 * 1024 * 1024;

/// The plan's logotyp (or its risk model's), checked.
pub fn logo(loaded: &LoadedPlan, diags: &mut Diagnostics) -> Option<Logo> {
    let (file, def, key) = match (&loaded.plan.logotyp, &loaded.model.logotyp) {
        (Some(def), _) => (&loaded.path, def, KeyPath::new("logotyp")),
        (None, Some(def)) => (
            &loaded.model_path,
            def,
            KeyPath::new("riskmodell").key("logotyp"),
        ),
        (None, None) => return None,
    };
    checked(&loaded.path, file, def, key, diags)
}

/// The logotyp `def`, written in `file` under `key`, for a document of the
/// data file `data` (a plan, or the kommun's file); problems go to `diags`.
pub fn checked(
    data: &Path,
    file: &Path,
    def: &Spanned<LogoDef>,
    key: KeyPath,
    diags: &mut Diagnostics,
) -> Option<Logo> {
    match check(data, file, def, key) {
        Ok(logo) => Some(logo),
        Err(refusal) => {
            diags.push(refusal);
            None
        }
    }
}

/// The logotyp checked, or why it is refused: an error at `def` under
/// `key` › `fil` or `key` › `alt`.
fn check(
    plan: &Path,
    file: &Path,
    def: &Spanned<LogoDef>,
    key: KeyPath,
) -> Result<Logo, Diagnostic> {
    let refuse = |which: &str, message: String, hint: String| {
        Diagnostic::error(file, message)
            .at(def)
            .field(key.clone().key(which))
            .hint(hint)
    };
    let value = &def.value;
    let named = file.parent().unwrap_or(Path::new(".")).join(&value.fil);
    let root = data_folder(plan);
    let (Ok(real), Ok(root_real)) = (named.canonicalize(), root.canonicalize()) else {
        return Err(refuse(
            "fil",
            format!("logotypen {} finns inte", named.display()),
            "ange bildfilen relativt YAML-filen som nämner den".into(),
        ));
    };
    if !real.starts_with(&root_real) {
        return Err(refuse(
            "fil",
            format!("logotypen {} ligger utanför datamappen", named.display()),
            format!(
                "lägg bilden i {} eller en mapp under den; en rapport läser inga andra filer",
                root.display()
            ),
        ));
    }
    let size = std::fs::metadata(&real).map(|m| m.len()).unwrap_or(0);
    if size > MAX_LOGO_BYTES {
        return Err(refuse(
            "fil",
            format!("logotypen är för stor: {size} byte, gränsen är {MAX_LOGO_BYTES} byte"),
            "spara en mindre bild, gärna som SVG".into(),
        ));
    }
    if !is_image(&real) {
        return Err(refuse(
            "fil",
            format!("{} är ingen bild i SVG, PNG eller JPEG", named.display()),
            "ange en bildfil; formatet känns igen på innehållet, inte på namnet".into(),
        ));
    }
    if value.alt.trim().is_empty() {
        return Err(refuse(
            "alt",
            "logotypen saknar alternativtext".into(),
            "skriv vad bilden visar under alt:, t.ex. alt: Stockholms stads logotyp".into(),
        ));
    }
    Ok(Logo {
        path: named,
        alt: value.alt.trim().to_owned(),
    })
}

/// The data folder of a plan: the nearest folder at or above it that holds
/// the shared risk models, or else the plan's own folder.
pub fn data_folder(plan: &Path) -> PathBuf {
    let own = plan.parent().unwrap_or(Path::new("."));
    let found = own
        .ancestors()
        .find(|dir| dir.join(MODEL_FOLDER).is_dir())
        .unwrap_or(own);
    // A relative path's last ancestor is "", the working folder.
    if found.as_os_str().is_empty() {
        PathBuf::from(".")
    } else {
        found.to_path_buf()
    }
}

/// Whether the file starts as an SVG, PNG or JPEG image does.
fn is_image(path: &Path) -> bool {
    let mut head = [0u8; 512];
    let read = std::fs::File::open(path)
        .and_then(|mut f| f.read(&mut head))
        .unwrap_or(0);
    let head = &head[..read];
    let text = String::from_utf8_lossy(head);
    head.starts_with(b"\x89PNG\r\n\x1a\n")
        || head.starts_with(&[0xff, 0xd8, 0xff])
        || (text.trim_start().starts_with('<') && text.contains("<svg"))
}
