//! The documentation holds together: every relative link in README.md,
//! ARCHITECTURE.md, docs/*.md and tests/testsuite/README.md reaches a file
//! that exists (and, with an anchor, a heading in it), and every message in
//! the code that sends a user to the documentation names a page and a
//! heading that exist. A section that moves or is renamed fails here, not
//! in a user's terminal.

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The documentation a reader of the repository follows links in.
fn pages() -> Vec<PathBuf> {
    let mut pages = vec![root().join("README.md")];
    for page in ["ARCHITECTURE.md", "tests/testsuite/README.md"] {
        if root().join(page).exists() {
            pages.push(root().join(page));
        }
    }
    if let Ok(entries) = fs::read_dir(root().join("docs")) {
        let mut docs: Vec<PathBuf> = entries
            .map(|e| e.expect("docs/ is readable").path())
            .filter(|p| p.extension().is_some_and(|e| e == "md"))
            .collect();
        docs.sort();
        pages.extend(docs);
    }
    pages
}

/// The lines of a Markdown file outside fenced code blocks, with their
/// line numbers.
fn prose(text: &str) -> Vec<(usize, &str)> {
    let mut fence: Option<&str> = None;
    let mut lines = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let trimmed = line.trim_start();
        let marker = ["```", "~~~"].into_iter().find(|m| trimmed.starts_with(m));
        match (fence, marker) {
            (None, Some(m)) => fence = Some(m),
            (Some(open), Some(m)) if open == m => fence = None,
            (None, None) => lines.push((i + 1, line)),
            _ => {}
        }
    }
    lines
}

/// `text` without inline code spans' backticks, links' targets and
/// emphasis: what a heading shows.
fn rendered(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(start) = rest.find("](") {
        let Some(end) = rest[start..].find(')') else {
            break;
        };
        out.push_str(&rest[..start]);
        rest = &rest[start + end + 1..];
    }
    out.push_str(rest);
    out.replace(['`', '[', ']'], "")
}

/// The anchor GitHub gives a heading: lower case, letters, digits, `-`
/// and `_` kept (å, ä and ö too), spaces to `-`, everything else dropped.
fn slug(heading: &str) -> String {
    rendered(heading)
        .trim()
        .to_lowercase()
        .chars()
        .filter_map(|c| match c {
            ' ' => Some('-'),
            c if c.is_alphanumeric() || c == '-' || c == '_' => Some(c),
            _ => None,
        })
        .collect()
}

/// Every anchor in a Markdown file: its headings' (a repeated heading gets
/// `-1`, `-2` …, as on GitHub) and any `<a id="…">`.
fn anchors(text: &str) -> BTreeSet<String> {
    let mut found = BTreeSet::new();
    for (_, line) in prose(text) {
        let hashes = line.chars().take_while(|&c| c == '#').count();
        if (1..=6).contains(&hashes) && line[hashes..].starts_with(' ') {
            let base = slug(&line[hashes..]);
            let mut anchor = base.clone();
            let mut n = 0;
            while found.contains(&anchor) {
                n += 1;
                anchor = format!("{base}-{n}");
            }
            found.insert(anchor);
        }
        for marker in ["<a id=\"", "<a name=\""] {
            let mut rest = line;
            while let Some(at) = rest.find(marker) {
                rest = &rest[at + marker.len()..];
                if let Some(end) = rest.find('"') {
                    found.insert(rest[..end].to_string());
                }
            }
        }
    }
    found
}

/// `%C3%A5` → `å`: an anchor may be written percent-encoded.
fn percent_decoded(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && i + 2 < bytes.len()
            && let Ok(b) = u8::from_str_radix(&s[i + 1..i + 3], 16)
        {
            out.push(b);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The relative link targets on a line: `[text](target)` and
/// `[label]: target`, without a title and without web or mail addresses.
fn link_targets(line: &str) -> Vec<String> {
    let mut targets = Vec::new();
    let mut rest = line;
    while let Some(at) = rest.find("](") {
        rest = &rest[at + 2..];
        let end = rest.find(')').unwrap_or(rest.len());
        let target = rest[..end].split_whitespace().next().unwrap_or("");
        targets.push(target.trim_matches(['<', '>']).to_string());
    }
    let trimmed = line.trim_start();
    if trimmed.starts_with('[')
        && let Some(at) = trimmed.find("]: ")
    {
        let target = trimmed[at + 3..].split_whitespace().next().unwrap_or("");
        targets.push(target.to_string());
    }
    targets.retain(|t| !t.is_empty() && !t.contains("://") && !t.starts_with("mailto:"));
    targets
}

/// Why `target`, written in `from`, leads nowhere; `None` when it arrives.
fn broken(from: &Path, target: &str) -> Option<String> {
    let (path, anchor) = match target.split_once('#') {
        Some((path, anchor)) => (path, Some(percent_decoded(anchor))),
        None => (target, None),
    };
    let file = if path.is_empty() {
        from.to_path_buf()
    } else {
        from.parent()
            .expect("a page has a folder")
            .join(percent_decoded(path))
    };
    if !file.exists() {
        return Some(format!("{} does not exist", relative(&file)));
    }
    let anchor = anchor.filter(|a| !a.is_empty())?;
    if file.extension().is_none_or(|e| e != "md") {
        return None;
    }
    let text = fs::read_to_string(&file).expect("a Markdown page reads");
    let known = anchors(&text);
    (!known.contains(&anchor)).then(|| {
        format!(
            "{} has no heading with the anchor #{anchor} (it has: {})",
            relative(&file),
            known.into_iter().collect::<Vec<_>>().join(", ")
        )
    })
}

fn relative(path: &Path) -> String {
    path.strip_prefix(root())
        .unwrap_or(path)
        .display()
        .to_string()
}

#[test]
fn every_relative_link_in_the_documentation_arrives() {
    let mut faults = Vec::new();
    let mut links = 0;
    for page in pages() {
        let text = fs::read_to_string(&page).expect("a page reads");
        for (line_no, line) in prose(&text) {
            for target in link_targets(line) {
                links += 1;
                if let Some(why) = broken(&page, &target) {
                    faults.push(format!("{}:{line_no}: ({target}): {why}", relative(&page)));
                }
            }
        }
    }
    assert!(
        faults.is_empty(),
        "links that lead nowhere:\n{}",
        faults.join("\n")
    );
    assert!(links > 0, "no relative links found: the scan is broken");
}

/// Every `.rs` file under `dir`.
fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in fs::read_dir(dir).expect("src/ is readable") {
        let path = entry.expect("an entry").path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// Where a line of code names the documentation outside a comment: each
/// mention of the README (not `README_SHEET`, a sheet's name) or of a page
/// under docs/, with what follows it.
fn mentions(line: &str) -> Vec<&str> {
    if line.trim_start().starts_with("//") {
        return Vec::new();
    }
    let word = |c: char| c.is_alphanumeric() || c == '_';
    let mut found = Vec::new();
    for needle in ["README", "docs/"] {
        for (at, _) in line.match_indices(needle) {
            let before = line[..at].chars().next_back();
            let after = line[at + needle.len()..].chars().next();
            let standalone = match needle {
                "README" => !before.is_some_and(word) && !after.is_some_and(word),
                _ => !before.is_some_and(|c| word(c) || c == '/'),
            };
            if standalone {
                found.push(&line[at..]);
            }
        }
    }
    found
}

/// The page and anchor a mention names, as written: `README.md#gränser`,
/// `docs/errors.md#gränser`.
fn named_target(mention: &str) -> &str {
    let end = mention
        .find(|c: char| c.is_whitespace() || "\"”)];,`'".contains(c))
        .unwrap_or(mention.len());
    mention[..end].trim_end_matches('.')
}

#[test]
fn every_pointer_from_the_code_into_the_documentation_arrives() {
    let mut files = Vec::new();
    rust_files(&root().join("src"), &mut files);
    files.sort();
    let mut faults = Vec::new();
    let mut pointers = 0;
    for file in files {
        let text = fs::read_to_string(&file).expect("a source file reads");
        for (i, line) in text.lines().enumerate() {
            for mention in mentions(line) {
                pointers += 1;
                let target = named_target(mention);
                let place = format!("{}:{}", relative(&file), i + 1);
                let (page, anchor) = target.split_once('#').unwrap_or((target, ""));
                if !page.ends_with(".md") || (page.starts_with("README") && anchor.is_empty()) {
                    // "se README": a section by its name, which moves
                    // without anyone noticing.
                    faults.push(format!(
                        "{place}: ”{}” names the documentation without a page and a heading \
                         (write docs/<page>.md#<heading>)",
                        line.trim()
                    ));
                } else if let Some(why) = broken(&root().join("README.md"), target) {
                    faults.push(format!("{place}: ”{target}”: {why}"));
                }
            }
        }
    }
    assert!(
        faults.is_empty(),
        "messages that send the user to a heading that is not there:\n{}",
        faults.join("\n")
    );
    assert!(pointers > 0, "no pointers into the documentation found");
}

#[test]
fn slugs_are_githubs() {
    assert_eq!(
        slug(" Felhantering och gränser"),
        "felhantering-och-gränser"
    );
    assert_eq!(
        slug(" Ett nytt år med `nytt-år`"),
        "ett-nytt-år-med-nytt-år"
    );
    assert_eq!(
        slug(" Kommunens samlade bild: `kommun.yaml`"),
        "kommunens-samlade-bild-kommunyaml"
    );
    let twice = anchors("# A\n\n```\n# not a heading\n```\n## A\n<a id=\"x-1\"></a>\n");
    assert_eq!(twice.into_iter().collect::<Vec<_>>(), ["a", "a-1", "x-1"]);
    assert_eq!(percent_decoded("gr%C3%A4nser"), "gränser");
}
