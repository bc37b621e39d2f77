//! The module tree of every crate (followed from its root through `mod` declarations, as
//! rustc does) and the import cycles between sibling modules.

use std::collections::{BTreeMap, BTreeSet};

use super::{Source, Violation};

/// Sibling modules that name each other cannot be read, tested or moved one at a time.
const CYCLE_WHY: &str = "siblings that name each other can only be read, tested and split \
                         together; move what both need into one of them or a new sibling";

/// At most this many cycles per folder are listed: past that, the first ones say enough.
const MAX_CYCLES_PER_FOLDER: usize = 20;

/// One crate: its root file and every module file reached from it.
#[derive(Debug, Default)]
pub struct Crate {
    pub root: String,
    /// File (repository-relative) → its module path (`["input", "common"]`).
    pub files: BTreeMap<String, Vec<String>>,
    /// Module path → the modules declared in it, files and inline alike.
    pub children: BTreeMap<Vec<String>, BTreeSet<String>>,
}

/// Follows `mod` declarations from `root` (an index into `sources`). Returns the crate and
/// the files declared through `#[cfg(test)] mod name;`, which are test code throughout.
pub fn discover(sources: &[Source], root: usize) -> (Crate, BTreeSet<String>) {
    let by_path: BTreeMap<&str, usize> = sources
        .iter()
        .enumerate()
        .map(|(idx, source)| (source.rel.as_str(), idx))
        .collect();
    let mut krate = Crate {
        root: sources[root].rel.clone(),
        ..Crate::default()
    };
    let mut test_files = BTreeSet::new();
    let root_dir = parent_dir(&sources[root].rel);
    let mut queue = vec![(root, Vec::new(), root_dir)];
    while let Some((idx, module, child_dir)) = queue.pop() {
        let source = &sources[idx];
        if krate.files.contains_key(&source.rel) {
            continue;
        }
        krate.files.insert(source.rel.clone(), module.clone());
        krate.children.entry(module.clone()).or_default();
        for decl in &source.outline.mods {
            let mut parent = module.clone();
            parent.extend(decl.inline_modules.iter().cloned());
            krate
                .children
                .entry(parent.clone())
                .or_default()
                .insert(decl.name.clone());
            if decl.inline {
                continue;
            }
            let mut dir = child_dir.clone();
            for inline in &decl.inline_modules {
                dir = join(&dir, inline);
            }
            let flat = join(&dir, &format!("{}.rs", decl.name));
            let nested = join(&dir, &format!("{}/mod.rs", decl.name));
            let found = [
                (flat, join(&dir, &decl.name)),
                (nested.clone(), parent_dir(&nested)),
            ]
            .into_iter()
            .find_map(|(file, dir)| by_path.get(file.as_str()).map(|&idx| (idx, dir)));
            if let Some((child, dir)) = found {
                if decl.is_test {
                    test_files.insert(sources[child].rel.clone());
                }
                let mut child_module = parent;
                child_module.push(decl.name.clone());
                queue.push((child, child_module, dir));
            }
        }
    }
    (krate, test_files)
}

fn parent_dir(rel: &str) -> String {
    rel.rsplit_once('/').map_or("", |(dir, _)| dir).to_string()
}

fn join(dir: &str, name: &str) -> String {
    if dir.is_empty() {
        name.to_string()
    } else {
        format!("{dir}/{name}")
    }
}

/// Where one module first names a sibling.
#[derive(Debug, Clone)]
struct Site {
    file: String,
    line: u32,
}

/// One folder's graph: child module → sibling it names → first place it does.
type Graph = BTreeMap<String, BTreeMap<String, Site>>;

/// Every import cycle between sibling modules of `krate`, one violation per cycle.
pub fn cycles(sources: &[Source], krate: &Crate) -> Vec<Violation> {
    let mut graphs: BTreeMap<Vec<String>, Graph> = BTreeMap::new();
    for source in sources {
        let Some(module) = krate.files.get(&source.rel) else {
            continue;
        };
        for path in &source.outline.paths {
            let mut current = module.clone();
            current.extend(path.inline_modules.iter().cloned());
            let Some(target) = resolve(&current, &path.segments) else {
                continue;
            };
            let shared = current
                .iter()
                .zip(&target)
                .take_while(|(a, (b, _))| *a == b)
                .count();
            // The parent itself (`super::Thing`, `use super::*`) or something inside the
            // module that names it is no sibling.
            let (Some(from), Some((to, line))) = (current.get(shared), target.get(shared)) else {
                continue;
            };
            let parent = current[..shared].to_vec();
            let is_sibling = krate
                .children
                .get(&parent)
                .is_some_and(|children| children.contains(to));
            if is_sibling {
                graphs
                    .entry(parent)
                    .or_default()
                    .entry(from.clone())
                    .or_default()
                    .entry(to.clone())
                    .or_insert(Site {
                        file: source.rel.clone(),
                        line: *line,
                    });
            }
        }
    }
    let mut violations = Vec::new();
    for (parent, graph) in &graphs {
        let found = elementary_cycles(graph);
        let listed = found.len().min(MAX_CYCLES_PER_FOLDER);
        for cycle in &found[..listed] {
            violations.push(describe(&krate.root, parent, graph, cycle));
        }
        if found.len() > listed {
            let first = &found[listed];
            let mut more = describe(&krate.root, parent, graph, first);
            more.what = format!("{} more import cycles like this one", found.len() - listed);
            violations.push(more);
        }
    }
    violations
}

/// The absolute module path a `crate::`, `super::` or `self::` path names, each pushed
/// segment with its line. Other paths (extern crates, local names) name no sibling.
fn resolve(current: &[String], segments: &[(String, u32)]) -> Option<Vec<(String, u32)>> {
    let first = segments.first()?.0.as_str();
    let mut target: Vec<(String, u32)> = match first {
        "crate" | "$crate" => Vec::new(),
        "self" | "super" => current.iter().map(|name| (name.clone(), 0)).collect(),
        _ => return None,
    };
    let skip = usize::from(first != "super");
    for (name, line) in &segments[skip..] {
        match name.as_str() {
            "self" => {}
            "super" => {
                target.pop()?;
            }
            _ => target.push((name.clone(), *line)),
        }
    }
    Some(target)
}

/// Each elementary cycle once, from its smallest node, in a stable order.
fn elementary_cycles(graph: &Graph) -> Vec<Vec<String>> {
    let nodes: Vec<&String> = graph.keys().collect();
    let mut cycles = Vec::new();
    for start in &nodes {
        let mut path = vec![(*start).clone()];
        walk(graph, start, &mut path, &mut cycles);
        if cycles.len() > MAX_CYCLES_PER_FOLDER {
            break;
        }
    }
    cycles
}

fn walk(graph: &Graph, start: &str, path: &mut Vec<String>, cycles: &mut Vec<Vec<String>>) {
    let Some(last) = path.last().cloned() else {
        return;
    };
    for next in graph.get(&last).into_iter().flat_map(BTreeMap::keys) {
        if cycles.len() > MAX_CYCLES_PER_FOLDER {
            return;
        }
        if next == start {
            cycles.push(path.clone());
        } else if next.as_str() > start && !path.contains(next) {
            path.push(next.clone());
            walk(graph, start, path, cycles);
            path.pop();
        }
    }
}

fn describe(root: &str, parent: &[String], graph: &Graph, cycle: &[String]) -> Violation {
    let qualified = |name: &str| {
        let mut full = parent.to_vec();
        full.push(name.to_string());
        full.join("::")
    };
    let mut chain = vec![qualified(&cycle[0])];
    let mut sites = Vec::new();
    for (idx, from) in cycle.iter().enumerate() {
        let to = &cycle[(idx + 1) % cycle.len()];
        chain.push(qualified(to));
        if let Some(site) = graph.get(from).and_then(|targets| targets.get(to)) {
            sites.push((site.clone(), from, to));
        }
    }
    let edges: Vec<String> = sites
        .iter()
        .map(|(site, from, to)| format!("{from} → {to} at {}:{}", site.file, site.line))
        .collect();
    let folder = if parent.is_empty() {
        format!("the root of {root}")
    } else {
        parent.join("::")
    };
    let (file, line) = sites
        .first()
        .map_or((root.to_string(), None), |(site, _, _)| {
            (site.file.clone(), Some(site.line))
        });
    Violation {
        file,
        line,
        what: format!(
            "import cycle among the modules of {folder}: {} ({})",
            chain.join(" → "),
            edges.join("; ")
        ),
        why: CYCLE_WHY,
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::FakeTree;
    use super::*;

    fn cycle_lines(tree: &FakeTree) -> Vec<String> {
        let sources = tree.sources();
        let root = sources
            .iter()
            .position(|s| s.rel == "src/lib.rs")
            .expect("the fake tree has a lib.rs");
        let (krate, _) = discover(&sources, root);
        cycles(&sources, &krate)
            .into_iter()
            .map(|v| format!("{}:{} {}", v.file, v.line.unwrap_or(0), v.what))
            .collect()
    }

    #[test]
    fn modules_are_followed_from_the_root_through_both_layouts() {
        let tree = FakeTree::new(&[
            (
                "src/lib.rs",
                "//! x\nmod a;\nmod b;\n#[cfg(test)]\nmod t;\n",
            ),
            ("src/a.rs", "//! x\nmod inner;\nmod tests { }\n"),
            ("src/a/inner.rs", "//! x\n"),
            ("src/b/mod.rs", "//! x\npub mod c;\n"),
            ("src/b/c.rs", "//! x\n"),
            ("src/t.rs", "//! x\n"),
            ("src/orphan.rs", "//! x\n"),
        ]);
        let sources = tree.sources();
        let root = sources
            .iter()
            .position(|s| s.rel == "src/lib.rs")
            .expect("root");
        let (krate, test_files) = discover(&sources, root);
        let files: Vec<(&str, String)> = krate
            .files
            .iter()
            .map(|(file, module)| (file.as_str(), module.join("::")))
            .collect();
        assert_eq!(
            files,
            [
                ("src/a.rs", "a".to_string()),
                ("src/a/inner.rs", "a::inner".to_string()),
                ("src/b/c.rs", "b::c".to_string()),
                ("src/b/mod.rs", "b".to_string()),
                ("src/lib.rs", String::new()),
                ("src/t.rs", "t".to_string()),
            ]
        );
        assert_eq!(
            krate.children[&vec!["a".to_string()]],
            BTreeSet::from(["inner".to_string(), "tests".to_string()])
        );
        assert_eq!(test_files, BTreeSet::from(["src/t.rs".to_string()]));
    }

    #[test]
    fn a_two_module_cycle_names_both_files_and_lines() {
        let tree = FakeTree::new(&[
            ("src/lib.rs", "//! x\nmod input;\n"),
            (
                "src/input/mod.rs",
                "//! x\nmod common;\nmod file_name;\npub struct Read;\n",
            ),
            (
                "src/input/common.rs",
                "//! x\nuse super::Read;\nfn f() {\n    super::file_name::parse();\n}\n",
            ),
            (
                "src/input/file_name.rs",
                "//! x\nuse super::common::{\n    helper,\n};\npub fn parse() {}\n",
            ),
        ]);
        assert_eq!(
            cycle_lines(&tree),
            [
                "src/input/common.rs:4 import cycle among the modules of input: \
              input::common → input::file_name → input::common \
              (common → file_name at src/input/common.rs:4; \
              file_name → common at src/input/file_name.rs:2)"
            ]
        );
    }

    #[test]
    fn crate_paths_groups_and_longer_cycles() {
        let tree = FakeTree::new(&[
            ("src/lib.rs", "//! x\nmod app;\nmod model;\n"),
            ("src/model.rs", "//! x\n"),
            ("src/app/mod.rs", "//! x\nmod a;\nmod b;\nmod c;\n"),
            (
                "src/app/a.rs",
                "//! x\nuse crate::{model::M, app::{b::B, Shared}};\n",
            ),
            (
                "src/app/b.rs",
                "//! x\nfn f() { let _ = crate::app::c::make(); }\n",
            ),
            ("src/app/c.rs", "//! x\nuse self::super::a;\n"),
        ]);
        let lines = cycle_lines(&tree);
        assert_eq!(lines.len(), 1, "{lines:?}");
        assert!(
            lines[0].contains("app::a → app::b → app::c → app::a"),
            "{lines:?}"
        );
    }

    #[test]
    fn parents_comments_strings_and_test_modules_inside_are_not_cycles() {
        let tree = FakeTree::new(&[
            ("src/lib.rs", "//! x\nmod a;\nmod b;\npub struct Thing;\n"),
            (
                "src/a.rs",
                "//! x\nuse super::Thing;\nuse crate::b::B;\n#[cfg(test)]\nmod tests {\n    use super::*;\n}\n",
            ),
            (
                "src/b.rs",
                "//! x\n// uses crate::a::A\nconst S: &str = \"super::a::A\";\nuse super::*;\n",
            ),
        ]);
        assert_eq!(cycle_lines(&tree), Vec::<String>::new());
    }

    #[test]
    fn an_inline_module_names_its_parents_siblings() {
        // `mod tests` inside `a` names `b` through `super::super::b`: that is `a` naming `b`.
        let tree = FakeTree::new(&[
            ("src/lib.rs", "//! x\nmod a;\nmod b;\n"),
            (
                "src/a.rs",
                "//! x\nmod tests {\n    use super::super::b::B;\n}\n",
            ),
            ("src/b.rs", "//! x\nuse crate::a;\n"),
        ]);
        let lines = cycle_lines(&tree);
        assert_eq!(lines.len(), 1, "{lines:?}");
        assert!(lines[0].starts_with("src/a.rs:3 import cycle among the modules of the root"));
    }
}
