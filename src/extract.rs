//! Gets the files embedded with `--embed-data` back out of a PDF.

use std::path::{Path, PathBuf};

use lopdf::{Document, Object};

use crate::diag::{At, Diagnostic};

/// A file embedded in a PDF.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Embedded {
    /// The name the PDF gives the file (a bare file name).
    pub name: String,
    pub data: Vec<u8>,
}

/// Every embedded file in the PDF at `path`, in the PDF's object order.
pub fn embedded_files(path: &Path) -> Result<Vec<Embedded>, Diagnostic> {
    let doc = Document::load(path).map_err(|e| match e {
        lopdf::Error::IO(e) => Diagnostic::error(
            path,
            format!("PDF:en kunde inte läsas: {}", crate::fs::message(&e)),
        ),
        _ => Diagnostic::error(path, "filen är ingen läsbar PDF")
            .hint("ange en PDF som riskrapport gjort med --bädda-in-data"),
    })?;
    let mut files = Vec::new();
    for object in doc.objects.values() {
        let Ok(dict) = object.as_dict() else { continue };
        if dict.get(b"Type").and_then(Object::as_name).ok() != Some(b"Filespec".as_slice()) {
            continue;
        }
        let name = [b"UF".as_slice(), b"F".as_slice()]
            .iter()
            .find_map(|key| match dict.get(key) {
                Ok(Object::String(bytes, _)) => Some(decode_text(bytes)),
                _ => None,
            })
            .unwrap_or_default();
        let stream = dict
            .get(b"EF")
            .and_then(Object::as_dict)
            .and_then(|ef| ef.get(b"F"))
            .and_then(Object::as_reference)
            .and_then(|id| doc.get_object(id))
            .and_then(Object::as_stream);
        let Ok(stream) = stream else { continue };
        let data = if stream.dict.get(b"Filter").is_ok() {
            stream.decompressed_content().map_err(|_| {
                Diagnostic::error(
                    path,
                    format!("den inbäddade filen {name} kunde inte packas upp"),
                )
            })?
        } else {
            stream.content.clone()
        };
        files.push(Embedded {
            name: safe_name(&name, files.len()),
            data,
        });
    }
    Ok(files)
}

/// Writes the embedded files into `dir`, never over an existing file.
pub fn extract(pdf: &Path, dir: &Path) -> Result<Vec<PathBuf>, Diagnostic> {
    let files = embedded_files(pdf)?;
    if files.is_empty() {
        return Err(Diagnostic::error(pdf, "PDF:en har inga inbäddade filer")
            .hint("gör rapporten med bygg --bädda-in-data"));
    }
    let mut written = Vec::new();
    for file in files {
        let target = dir.join(&file.name);
        if target.exists() {
            return Err(
                Diagnostic::error(&target, "filen finns redan").hint("välj en annan mapp med -o")
            );
        }
        crate::fs::write_atomically(&target, &file.data).at(&target)?;
        written.push(target);
    }
    Ok(written)
}

/// A file name from the PDF made safe: no folders, no leading dot.
fn safe_name(name: &str, index: usize) -> String {
    let base = name.rsplit(['/', '\\']).next().unwrap_or("");
    let base: String = base.chars().filter(|c| !c.is_control()).collect();
    let base = base.trim_start_matches('.');
    if base.is_empty() {
        format!("bilaga-{}.yaml", index + 1)
    } else {
        base.to_owned()
    }
}

/// Decodes a PDF text string (UTF-16BE with BOM, or PDFDocEncoding ≈ Latin-1).
pub fn decode_text(bytes: &[u8]) -> String {
    if let Some(rest) = bytes.strip_prefix(&[0xfe, 0xff]) {
        let units: Vec<u16> = rest
            .chunks(2)
            .map(|c| u16::from_be_bytes([c[0], *c.get(1).unwrap_or(&0)]))
            .collect();
        String::from_utf16_lossy(&units)
    } else {
        bytes.iter().map(|&b| b as char).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_from_the_pdf_cannot_leave_the_folder() {
        assert_eq!(safe_name("../../etc/passwd", 0), "passwd");
        assert_eq!(safe_name(".hidden", 0), "hidden");
        assert_eq!(safe_name("", 1), "bilaga-2.yaml");
        assert_eq!(safe_name("plan.yaml", 0), "plan.yaml");
    }
}
