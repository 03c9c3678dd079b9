//! Laid-out document → PDF bytes (PDF/A-2a and PDF/UA-1 by default), and the
//! atomic write that never leaves a half-written PDF under its final name.

use std::io::Write;
use std::path::Path;

use typst::foundations::Smart;
use typst_layout::PagedDocument;
use typst_pdf::{PdfOptions, PdfStandard, PdfStandards};

/// The standards every report conforms to unless the user picks others.
pub const DEFAULT_STANDARDS: [PdfStandard; 2] = [PdfStandard::A_2a, PdfStandard::Ua_1];

/// Exports `document` as PDF conforming to `standards`. `ident` must be
/// stable for the same report so that rebuilds are byte-identical.
pub fn export(
    document: &PagedDocument,
    ident: &str,
    standards: &[PdfStandard],
) -> Result<Vec<u8>, Vec<String>> {
    let standards = PdfStandards::new(standards).map_err(|e| vec![e.message().to_string()])?;
    let options = PdfOptions {
        ident: Smart::Custom(ident.to_owned()),
        creator: Smart::Custom(Some(format!("riskrapport {}", env!("CARGO_PKG_VERSION")))),
        standards,
        ..PdfOptions::default()
    };
    typst_pdf::pdf(document, &options).map_err(|errors| {
        errors
            .iter()
            .map(|e| {
                let hints: String = e
                    .hints
                    .iter()
                    .map(|h| format!("; tips från Typst: {}", h.v))
                    .collect();
                format!("{}{hints}", e.message)
            })
            .collect()
    })
}

/// Writes `bytes` to `path` through a temporary file in the same folder,
/// synced and then renamed, so readers see the old file or the new one.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir)?;
    let name = path
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or("rapport.pdf");
    let tmp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    let result = (|| {
        let mut file = std::fs::File::create(&tmp)?;
        file.write_all(bytes)?;
        file.sync_all()?;
        drop(file);
        std::fs::rename(&tmp, path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}
