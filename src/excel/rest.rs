//! A YAML file's text split into the blocks a workbook shows as a table
//! (`processer:`, `risker:` …) and the rest, which travels verbatim in a
//! hidden sheet; and the two put back together.
//!
//! The rest is cut from the source text, not re-serialised, so its key
//! order, quoting and comments survive the round trip; only the table
//! blocks are rebuilt from the workbook.

use crate::yaml_edit::{block_len, top_level_key};

/// The line that stands where the table blocks were cut out.
pub const MARKER: &str = "#riskrapport: tabellen från arbetsboken står här";

/// `source` without its top-level `keys` blocks; the first cut block is
/// replaced by [`MARKER`] so the rebuilt blocks can go back to the same place.
pub fn cut(source: &str, keys: &[&str]) -> String {
    let lines: Vec<&str> = source.lines().collect();
    let mut out = Vec::with_capacity(lines.len());
    let mut marked = false;
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i];
        if top_level_key(line).is_some_and(|k| keys.contains(&k)) {
            if !marked {
                out.push(MARKER);
                marked = true;
            }
            i += 1 + block_len(lines[i + 1..].iter().copied());
            continue;
        }
        out.push(line);
        i += 1;
    }
    let mut text = out.join("\n");
    text.push('\n');
    text
}

/// Puts `blocks` (YAML text of the table's keys) back where [`MARKER`]
/// stands in `rest`, or at the end when the marker is gone.
pub fn join(rest: &str, blocks: &str) -> String {
    let blocks = blocks.trim_end_matches('\n');
    let mut out = String::with_capacity(rest.len() + blocks.len() + 1);
    let mut placed = false;
    for line in rest.lines() {
        if !placed && line.trim_end() == MARKER {
            if !blocks.is_empty() {
                out.push_str(blocks);
                out.push('\n');
            }
            placed = true;
        } else {
            out.push_str(line);
            out.push('\n');
        }
    }
    if !placed && !blocks.is_empty() {
        out.push_str(blocks);
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const SOURCE: &str = "\
nämnd: X   # kommentar
processer:
  - process: A
# antaget
    risker:
      - nr: 1

# efter
ikp:
  numrering: vor
risker: []
";

    #[test]
    fn table_blocks_are_cut_and_comments_outside_them_kept() {
        let rest = cut(SOURCE, &["processer", "risker", "mål"]);
        assert_eq!(
            rest,
            format!("nämnd: X   # kommentar\n{MARKER}\n\n# efter\nikp:\n  numrering: vor\n")
        );
    }

    #[test]
    fn blocks_go_back_where_they_were() {
        let rest = cut(SOURCE, &["processer", "risker"]);
        let joined = join(&rest, "processer:\n  - process: B\n");
        assert_eq!(
            joined,
            "nämnd: X   # kommentar\nprocesser:\n  - process: B\n\n# efter\nikp:\n  numrering: vor\n"
        );
    }

    /// The scanner `nytt-år` removes a block with: a block sequence whose
    /// item stands on the lines under a bare `-`, and a quoted key with a
    /// space before its colon, are cut whole like any other.
    #[test]
    fn a_bare_dash_item_and_a_spaced_quoted_key_are_cut_whole() {
        let source = "nämnd: X\nprocesser:\n-\n  process: A\n\"risker\" :\n- nr: 1\nikp: {}\n";
        let rest = cut(source, &["processer", "risker"]);
        assert_eq!(rest, format!("nämnd: X\n{MARKER}\nikp: {{}}\n"));
    }

    #[test]
    fn without_the_marker_blocks_go_last() {
        assert_eq!(join("a: 1\n", "b: 2\n"), "a: 1\nb: 2\n");
    }
}
