//! `bygg --del i/n`: the i-th of n disjoint parts of a city, by nämnd
//! folder, so that several machines (a CI matrix, an indexed job) build a
//! nation's kommuner in parallel with no scheduler of ours. A folder's part
//! depends only on its path and n, never on the other folders, so parts
//! stay put as nämnder come and go.

use std::fmt;
use std::path::Path;

use sha2::{Digest, Sha256};

/// One part of n.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Part {
    /// 1-based.
    pub index: usize,
    pub count: usize,
}

/// Why a `--del` cannot be read; said in Swedish by its `Display`, which
/// the command line prints.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PartError {
    /// Not of the form I/N.
    NotAPart(String),
    /// I or N out of range: 1 ≤ I ≤ N does not hold.
    NoSuchPart { index: usize, count: usize },
}

impl fmt::Display for PartError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PartError::NotAPart(text) => write!(
                f,
                "”{text}” är ingen del: skriv I/N, t.ex. 2/5 för den andra av fem delar"
            ),
            PartError::NoSuchPart { index, count } => write!(
                f,
                "delen {index}/{count} finns inte: I ska vara mellan 1 och N, och N minst 1"
            ),
        }
    }
}

impl std::error::Error for PartError {}

impl Part {
    /// Reads "2/5".
    pub fn parse(text: &str) -> Result<Part, PartError> {
        let wrong = || PartError::NotAPart(text.to_owned());
        let (i, n) = text.trim().split_once('/').ok_or_else(wrong)?;
        let (index, count): (usize, usize) = (
            i.trim().parse().map_err(|_| wrong())?,
            n.trim().parse().map_err(|_| wrong())?,
        );
        if count == 0 || index == 0 || index > count {
            return Err(PartError::NoSuchPart { index, count });
        }
        Ok(Part { index, count })
    }

    /// Whether the input file `file` is built in this part: by its folder.
    pub fn contains(&self, file: &Path) -> bool {
        let folder = file.parent().unwrap_or(Path::new(""));
        let digest = Sha256::digest(folder.to_string_lossy().as_bytes());
        let mut first = [0u8; 8];
        first.copy_from_slice(&digest[..8]);
        (u64::from_be_bytes(first) % self.count as u64) as usize == self.index - 1
    }
}

impl fmt::Display for Part {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.index, self.count)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parts_are_read_and_wrong_ones_refused() {
        assert_eq!(Part::parse("2/5"), Ok(Part { index: 2, count: 5 }));
        assert!(
            Part::parse("0/3")
                .unwrap_err()
                .to_string()
                .contains("mellan 1 och N")
        );
        assert!(Part::parse("4/3").is_err());
        assert!(
            Part::parse("tre")
                .unwrap_err()
                .to_string()
                .contains("skriv I/N")
        );
    }

    #[test]
    fn every_folder_is_in_exactly_one_part_and_a_files_folder_decides() {
        for n in 1..6 {
            for k in 0..40 {
                let file = format!("stad/namnd-{k}/plan.yaml");
                let parts = (1..=n)
                    .filter(|&i| Part { index: i, count: n }.contains(Path::new(&file)))
                    .count();
                assert_eq!(parts, 1, "{file} in {parts} of {n} parts");
            }
        }
        let part = Part { index: 1, count: 3 };
        assert_eq!(
            part.contains(Path::new("stad/a/plan.yaml")),
            part.contains(Path::new("stad/a/uppfoljning-vb.yaml"))
        );
    }
}
