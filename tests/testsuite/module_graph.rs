//! No circles between the files of `src/`: the import graph drawn from the
//! code (every `crate::`, `super::` and `self::` path, and paths through a
//! module a file imported or declares), at file level. A name a `mod.rs`
//! only re-exports (`pub use`) leads to the file that defines it: the
//! re-export is a door, not a use. Unit tests (`#[cfg(test)]`) are left out.
//!
//! A circle means two files that cannot be read, changed or tested one
//! without the other; the shared piece belongs in the lower file or in a
//! small module of its own.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// A module's path from the crate root: `["report", "view"]`.
type ModPath = Vec<String>;

#[derive(Debug, Clone, PartialEq)]
enum Token {
    Ident(String),
    PathSep,
    Punct(char),
}

/// Identifiers and punctuation of Rust source, with comments, strings and
/// character literals left out.
fn tokens(source: &str) -> Vec<Token> {
    let chars: Vec<char> = source.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let next = chars.get(i + 1).copied();
        if c == '/' && next == Some('/') {
            while i < chars.len() && chars[i] != '\n' {
                i += 1;
            }
        } else if c == '/' && next == Some('*') {
            let mut depth = 0;
            while i < chars.len() {
                if chars[i] == '/' && chars.get(i + 1) == Some(&'*') {
                    depth += 1;
                    i += 2;
                } else if chars[i] == '*' && chars.get(i + 1) == Some(&'/') {
                    depth -= 1;
                    i += 2;
                    if depth == 0 {
                        break;
                    }
                } else {
                    i += 1;
                }
            }
        } else if c == '"' {
            i = skip_string(&chars, i + 1);
        } else if (c == 'r' || c == 'b') && raw_string_start(&chars, i).is_some() {
            let (hashes, quote) = raw_string_start(&chars, i).unwrap();
            i = quote + 1;
            loop {
                if i >= chars.len() {
                    break;
                }
                if chars[i] == '"' && (0..hashes).all(|k| chars.get(i + 1 + k) == Some(&'#')) {
                    i += 1 + hashes;
                    break;
                }
                i += 1;
            }
        } else if c == 'b' && next == Some('"') {
            i = skip_string(&chars, i + 2);
        } else if c == '\'' {
            // A character literal ('a', '\n', '\u{e5}') or a lifetime ('a).
            if next == Some('\\') {
                i += 2;
                while i < chars.len() && chars[i] != '\'' {
                    i += 1;
                }
                i += 1;
            } else if chars.get(i + 2) == Some(&'\'') {
                i += 3;
            } else {
                i += 1;
                while i < chars.len() && (chars[i].is_alphanumeric() || chars[i] == '_') {
                    i += 1;
                }
            }
        } else if c.is_alphabetic() || c == '_' {
            let start = i;
            while i < chars.len() && (chars[i].is_alphanumeric() || chars[i] == '_') {
                i += 1;
            }
            out.push(Token::Ident(chars[start..i].iter().collect()));
        } else if c.is_ascii_digit() {
            while i < chars.len() && (chars[i].is_alphanumeric() || chars[i] == '_') {
                i += 1;
            }
        } else if c == ':' && next == Some(':') {
            out.push(Token::PathSep);
            i += 2;
        } else {
            if !c.is_whitespace() {
                out.push(Token::Punct(c));
            }
            i += 1;
        }
    }
    out
}

fn skip_string(chars: &[char], mut i: usize) -> usize {
    while i < chars.len() {
        match chars[i] {
            '\\' => i += 2,
            '"' => return i + 1,
            _ => i += 1,
        }
    }
    i
}

/// `r"`, `r#"`, `br#"`: the number of `#` and where the quote is.
fn raw_string_start(chars: &[char], i: usize) -> Option<(usize, usize)> {
    if i > 0 && (chars[i - 1].is_alphanumeric() || chars[i - 1] == '_') {
        return None;
    }
    let mut j = i;
    if chars[j] == 'b' {
        j += 1;
    }
    if chars.get(j) != Some(&'r') {
        return None;
    }
    j += 1;
    let mut hashes = 0;
    while chars.get(j) == Some(&'#') {
        hashes += 1;
        j += 1;
    }
    (chars.get(j) == Some(&'"')).then_some((hashes, j))
}

/// The tokens without `#[cfg(test)]` items (unit tests may use anything).
fn without_tests(tokens: Vec<Token>) -> Vec<Token> {
    let cfg_test = [
        Token::Punct('#'),
        Token::Punct('['),
        Token::Ident("cfg".into()),
        Token::Punct('('),
        Token::Ident("test".into()),
        Token::Punct(')'),
        Token::Punct(']'),
    ];
    let mut out = Vec::new();
    let mut i = 0;
    while i < tokens.len() {
        if tokens[i..].starts_with(&cfg_test) {
            i += cfg_test.len();
            // The item ends at its `;` or at the brace closing its body.
            let mut depth = 0;
            while i < tokens.len() {
                match tokens[i] {
                    Token::Punct('{') => depth += 1,
                    Token::Punct('}') => {
                        depth -= 1;
                        if depth == 0 {
                            i += 1;
                            break;
                        }
                    }
                    Token::Punct(';') if depth == 0 => {
                        i += 1;
                        break;
                    }
                    _ => {}
                }
                i += 1;
            }
        } else {
            out.push(tokens[i].clone());
            i += 1;
        }
    }
    out
}

/// One path a `use` names: its segments, the name it binds, whether it is
/// a re-export (`pub use`) and whether it is a glob.
#[derive(Debug)]
struct UsePath {
    segments: Vec<String>,
    binding: Option<String>,
    public: bool,
}

/// Parses the use tree starting at `i` (after `use`), up to its `;`.
fn use_tree(
    tokens: &[Token],
    mut i: usize,
    prefix: &[String],
    public: bool,
    out: &mut Vec<UsePath>,
) -> usize {
    let mut segments = prefix.to_vec();
    loop {
        match tokens.get(i) {
            Some(Token::Ident(name)) if name == "as" => {
                if let Some(Token::Ident(alias)) = tokens.get(i + 1) {
                    out.push(UsePath {
                        segments: segments.clone(),
                        binding: Some(alias.clone()),
                        public,
                    });
                }
                return i + 2;
            }
            Some(Token::Ident(name)) => {
                if name == "self" && !segments.is_empty() && segments.len() == prefix.len() {
                    // `a::{self, b}`: `self` names `a` itself.
                } else {
                    segments.push(name.clone());
                }
                i += 1;
                if tokens.get(i) == Some(&Token::PathSep) {
                    i += 1;
                    continue;
                }
                if tokens.get(i) == Some(&Token::Ident("as".into())) {
                    continue;
                }
                out.push(UsePath {
                    binding: segments.last().cloned(),
                    segments,
                    public,
                });
                return i;
            }
            Some(Token::Punct('*')) => {
                out.push(UsePath {
                    segments,
                    binding: None,
                    public,
                });
                return i + 1;
            }
            Some(Token::Punct('{')) => {
                i += 1;
                loop {
                    match tokens.get(i) {
                        Some(Token::Punct('}')) | None => return i + 1,
                        Some(Token::Punct(',')) => i += 1,
                        _ => i = use_tree(tokens, i, &segments, public, out),
                    }
                }
            }
            _ => return i,
        }
    }
}

/// What one file says: the modules it declares (`mod x;`), its imports and
/// re-exports, the public names it defines, and the paths it uses.
#[derive(Debug, Default)]
struct FileFacts {
    children: BTreeSet<String>,
    uses: Vec<UsePath>,
    defines: BTreeSet<String>,
    paths: Vec<Vec<String>>,
}

fn facts(source: &str) -> FileFacts {
    let tokens = without_tests(tokens(source));
    let mut facts = FileFacts::default();
    let ident = |i: usize| match tokens.get(i) {
        Some(Token::Ident(name)) => Some(name.as_str()),
        _ => None,
    };
    let mut i = 0;
    while i < tokens.len() {
        match ident(i) {
            Some("use") => {
                let public = (i > 0 && ident(i - 1) == Some("pub"))
                    || (i > 3 && ident(i - 4) == Some("pub") && tokens[i - 1] == Token::Punct(')'));
                i = use_tree(&tokens, i + 1, &[], public, &mut facts.uses);
                continue;
            }
            Some("mod") if tokens.get(i + 2) == Some(&Token::Punct(';')) => {
                if let Some(name) = ident(i + 1) {
                    facts.children.insert(name.to_string());
                }
            }
            Some("fn" | "struct" | "enum" | "trait" | "type" | "const" | "static" | "union") => {
                if let Some(name) = ident(i + 1) {
                    facts.defines.insert(name.to_string());
                }
            }
            Some(first) if tokens.get(i + 1) == Some(&Token::PathSep) => {
                let preceded_by_sep = i > 0 && tokens[i - 1] == Token::PathSep;
                if !preceded_by_sep {
                    let mut path = vec![first.to_string()];
                    let mut j = i + 1;
                    while tokens.get(j) == Some(&Token::PathSep) {
                        match ident(j + 1) {
                            Some(name) => path.push(name.to_string()),
                            None => break,
                        }
                        j += 2;
                    }
                    i = j;
                    facts.paths.push(path);
                    continue;
                }
            }
            _ => {}
        }
        i += 1;
    }
    facts
}

/// Every `.rs` file of the library (the binary's `main.rs` is a crate of
/// its own) with its module path.
fn library_files(src: &Path) -> BTreeMap<ModPath, PathBuf> {
    fn walk(dir: &Path, module: &ModPath, out: &mut BTreeMap<ModPath, PathBuf>) {
        let mut entries: Vec<_> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        entries.sort();
        for path in entries {
            let name = path.file_stem().unwrap().to_string_lossy().to_string();
            if path.is_dir() {
                let mut child = module.clone();
                child.push(name);
                walk(&path, &child, out);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let mut this = module.clone();
                match name.as_str() {
                    "mod" => {}
                    "lib" if module.is_empty() => {}
                    "main" if module.is_empty() => continue,
                    _ => this.push(name),
                }
                out.insert(this, path);
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(src, &Vec::new(), &mut out);
    out
}

struct Graph {
    files: BTreeMap<ModPath, PathBuf>,
    facts: BTreeMap<ModPath, FileFacts>,
}

impl Graph {
    fn read(src: &Path) -> Graph {
        let files = library_files(src);
        let facts = files
            .iter()
            .map(|(module, path)| {
                (
                    module.clone(),
                    facts(&std::fs::read_to_string(path).unwrap()),
                )
            })
            .collect();
        Graph { files, facts }
    }

    /// A path as written in `module` made absolute (from the crate root);
    /// `None` for another crate's path.
    fn absolute(&self, module: &ModPath, path: &[String]) -> Option<Vec<String>> {
        let (first, rest) = path.split_first()?;
        let mut base = match first.as_str() {
            "crate" => Vec::new(),
            "self" => module.clone(),
            "super" => {
                let mut parent = module.clone();
                parent.pop()?;
                let mut rest = rest;
                while rest.first().is_some_and(|s| s == "super") {
                    parent.pop()?;
                    rest = &rest[1..];
                }
                parent.extend(rest.iter().cloned());
                return Some(parent);
            }
            name if self.facts[module].children.contains(name) => {
                let mut child = module.clone();
                child.push(name.to_string());
                child
            }
            name => {
                // A name this file imported: the path it stands for.
                let import = self.facts[module]
                    .uses
                    .iter()
                    .find(|u| u.binding.as_deref() == Some(name) && u.segments[0] != name)?;
                let mut absolute = self.absolute(module, &import.segments)?;
                absolute.extend(rest.iter().cloned());
                return Some(absolute);
            }
        };
        base.extend(rest.iter().cloned());
        Some(base)
    }

    /// The file that defines what an absolute path names (through
    /// re-exports), and the item's name; `None` for a bare module path.
    fn defining_file(&self, path: &[String], depth: usize) -> Option<(ModPath, String)> {
        let mut module: ModPath = Vec::new();
        let mut k = 0;
        while k < path.len() {
            let mut deeper = module.clone();
            deeper.push(path[k].clone());
            if !self.files.contains_key(&deeper) {
                break;
            }
            module = deeper;
            k += 1;
        }
        let item = path.get(k)?.clone();
        if depth > 16 {
            return Some((module, item));
        }
        let facts = &self.facts[&module];
        if !facts.defines.contains(&item) {
            for export in facts.uses.iter().filter(|u| u.public) {
                let target = self.absolute(&module, &export.segments);
                match (&export.binding, target) {
                    (Some(binding), Some(target)) if *binding == item => {
                        let mut target = target;
                        target.extend(path[k + 1..].iter().cloned());
                        return self
                            .defining_file(&target, depth + 1)
                            .or(Some((module, item)));
                    }
                    (None, Some(glob)) => {
                        let mut target = glob;
                        target.extend(path[k..].iter().cloned());
                        if let Some((file, name)) = self.defining_file(&target, depth + 1)
                            && self.facts[&file].defines.contains(&name)
                        {
                            return Some((file, name));
                        }
                    }
                    _ => {}
                }
            }
        }
        Some((module, item))
    }

    /// Edges between files, each with the names that make it.
    fn edges(&self) -> BTreeMap<(ModPath, ModPath), BTreeSet<String>> {
        let mut edges: BTreeMap<(ModPath, ModPath), BTreeSet<String>> = BTreeMap::new();
        for (module, facts) in &self.facts {
            let imports = facts.uses.iter().filter(|u| !u.public).map(|u| &u.segments);
            for path in imports.chain(facts.paths.iter()) {
                let Some(absolute) = self.absolute(module, path) else {
                    continue;
                };
                // `use x::*;` uses what it finds in x's own file.
                if self.files.contains_key(&absolute)
                    && absolute != *module
                    && facts
                        .uses
                        .iter()
                        .any(|u| u.binding.is_none() && u.segments == *path)
                {
                    edges
                        .entry((module.clone(), absolute.clone()))
                        .or_default()
                        .insert("*".into());
                }
                if let Some((file, item)) = self.defining_file(&absolute, 0)
                    && file != *module
                {
                    edges
                        .entry((module.clone(), file))
                        .or_default()
                        .insert(item);
                }
            }
        }
        edges
    }
}

/// The strongly connected components with more than one file (Tarjan).
fn circles(
    nodes: &[ModPath],
    edges: &BTreeMap<(ModPath, ModPath), BTreeSet<String>>,
) -> Vec<Vec<ModPath>> {
    struct State<'a> {
        next: BTreeMap<&'a ModPath, Vec<&'a ModPath>>,
        index: BTreeMap<&'a ModPath, usize>,
        low: BTreeMap<&'a ModPath, usize>,
        stack: Vec<&'a ModPath>,
        on_stack: BTreeSet<&'a ModPath>,
        found: Vec<Vec<ModPath>>,
    }
    fn visit<'a>(v: &'a ModPath, s: &mut State<'a>) {
        let i = s.index.len();
        s.index.insert(v, i);
        s.low.insert(v, i);
        s.stack.push(v);
        s.on_stack.insert(v);
        for w in s.next.get(v).cloned().unwrap_or_default() {
            if !s.index.contains_key(w) {
                visit(w, s);
                let low = s.low[v].min(s.low[w]);
                s.low.insert(v, low);
            } else if s.on_stack.contains(w) {
                let low = s.low[v].min(s.index[w]);
                s.low.insert(v, low);
            }
        }
        if s.low[v] == s.index[v] {
            let mut component = Vec::new();
            loop {
                let w = s.stack.pop().unwrap();
                s.on_stack.remove(w);
                component.push(w.clone());
                if w == v {
                    break;
                }
            }
            if component.len() > 1 {
                component.sort();
                s.found.push(component);
            }
        }
    }
    let mut state = State {
        next: BTreeMap::new(),
        index: BTreeMap::new(),
        low: BTreeMap::new(),
        stack: Vec::new(),
        on_stack: BTreeSet::new(),
        found: Vec::new(),
    };
    for (from, to) in edges.keys() {
        state.next.entry(from).or_default().push(to);
    }
    for node in nodes {
        if !state.index.contains_key(node) {
            visit(node, &mut state);
        }
    }
    state.found.sort();
    state.found
}

fn file_name(graph: &Graph, module: &ModPath) -> String {
    graph.files[module]
        .strip_prefix(env!("CARGO_MANIFEST_DIR"))
        .unwrap()
        .to_string_lossy()
        .trim_start_matches('/')
        .to_string()
}

#[test]
fn no_circles_between_the_files_of_src() {
    let graph = Graph::read(&Path::new(env!("CARGO_MANIFEST_DIR")).join("src"));
    let edges = graph.edges();
    let nodes: Vec<ModPath> = graph.files.keys().cloned().collect();
    let found = circles(&nodes, &edges);
    let mut report = String::new();
    for component in &found {
        report.push_str("circle:\n");
        for ((from, to), names) in &edges {
            if component.contains(from) && component.contains(to) {
                let names: Vec<_> = names.iter().map(String::as_str).collect();
                report.push_str(&format!(
                    "  {} → {} ({})\n",
                    file_name(&graph, from),
                    file_name(&graph, to),
                    names.join(", ")
                ));
            }
        }
    }
    assert!(
        found.is_empty(),
        "{} circles between files:\n{report}",
        found.len()
    );
}

/// The reader itself, on the shapes it must see through: a re-export, a
/// glob re-export, a group with `self`, a module imported and then used as
/// a path, and a unit test that may use anything.
#[test]
fn the_graph_sees_through_re_exports_and_module_imports() {
    let dir = tempfile::tempdir().unwrap();
    let src = dir.path();
    let write = |path: &str, text: &str| {
        let path = src.join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    };
    write("lib.rs", "pub mod a;\npub mod b;\npub mod c;\n");
    write("c.rs", "use crate::a::x::*;\n");
    write("a/mod.rs", "mod x;\nmod y;\npub use x::X;\npub use y::*;\n");
    write(
        "a/x.rs",
        "pub struct X;\nfn f() { let _ = crate::b::g(); }\n",
    );
    write(
        "a/y.rs",
        "use crate::b::{self, Other};\npub fn run() { b::h(); }\n#[cfg(test)]\nmod tests { use crate::a::x::X; }\n",
    );
    write(
        "b.rs",
        "/// crate::a::X in a comment\npub fn g() { let s = \"crate::a::y\"; crate::a::run(); }\npub fn h() {}\npub struct Other;\n",
    );
    let graph = Graph::read(src);
    let edges = graph.edges();
    let names = |from: &[&str], to: &[&str]| {
        let key = (
            from.iter().map(|s| s.to_string()).collect::<ModPath>(),
            to.iter().map(|s| s.to_string()).collect::<ModPath>(),
        );
        edges
            .get(&key)
            .map(|n| n.iter().cloned().collect::<Vec<_>>())
    };
    assert_eq!(names(&["a", "x"], &["b"]), Some(vec!["g".to_string()]));
    assert_eq!(
        names(&["b"], &["a", "y"]),
        Some(vec!["run".to_string()]),
        "through the glob re-export"
    );
    assert_eq!(
        names(&["a", "y"], &["b"]),
        Some(vec!["Other".to_string(), "h".to_string()])
    );
    assert_eq!(
        names(&["a", "y"], &["a", "x"]),
        None,
        "a unit test is left out"
    );
    assert_eq!(names(&["a"], &["a", "x"]), None, "a re-export is no use");
    assert_eq!(
        names(&["c"], &["a", "x"]),
        Some(vec!["*".to_string()]),
        "a glob import"
    );
    let nodes: Vec<ModPath> = graph.files.keys().cloned().collect();
    let found = circles(&nodes, &edges);
    assert_eq!(
        found,
        vec![vec![
            vec!["a".to_string(), "y".to_string()],
            vec!["b".to_string()]
        ]]
    );
}
