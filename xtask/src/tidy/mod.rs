//! `cargo xtask tidy`: the invariants ARCHITECTURE.md states as absences, checked on the
//! tree. Each violation is one line: file:line, what is wrong, why it matters.

mod allow;
mod csp;
mod deps;
mod lexer;
mod modules;
mod outline;
mod rules;
mod standalone;

use std::fmt;
use std::fs;
use std::path::Path;

use anyhow::{bail, Context, Result};

use lexer::Token;
use outline::Outline;

/// The folders whose `.rs` files are checked (repository-relative); `crates/*` expands.
const SOURCE_DIRS: &[&str] = &[
    "src",
    "crates/*/src",
    "crates/*/tests",
    "crates/*/benches",
    "crates/*/examples",
    "tests",
    "xtask",
];

/// One broken invariant.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Violation {
    pub file: String,
    pub line: Option<u32>,
    pub what: String,
    pub why: &'static str,
}

impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(line) => write!(f, "{}:{line}: {} — {}", self.file, self.what, self.why),
            None => write!(f, "{}: {} — {}", self.file, self.what, self.why),
        }
    }
}

/// One `.rs` file, read and lexed once for every check.
pub struct Source {
    /// Repository-relative, `/`-separated.
    pub rel: String,
    pub text: String,
    pub tokens: Vec<Token>,
    pub outline: Outline,
    /// An integration test, or a module declared by `#[cfg(test)] mod name;`.
    pub is_test: bool,
}

impl Source {
    fn new(rel: String, text: String, is_test: bool) -> Source {
        let tokens = lexer::tokenize(&text);
        let outline = outline::outline(&tokens, is_test);
        Source {
            rel,
            text,
            tokens,
            outline,
            is_test,
        }
    }
}

/// Runs every check on the repository at `root`, prints each violation, and fails if any.
pub fn run(root: &Path) -> Result<()> {
    let mut violations = check_sources(root)?;
    violations.extend(deps::check(root)?);
    violations.sort();
    violations.dedup();
    for violation in &violations {
        eprintln!("{violation}");
    }
    if !violations.is_empty() {
        bail!("tidy: {} violations", violations.len());
    }
    eprintln!("tidy: every invariant holds");
    Ok(())
}

/// Every check that reads only files (all but the dependency tree), sorted.
pub fn check_sources(root: &Path) -> Result<Vec<Violation>> {
    let sources = load(root)?;
    let mut violations = Vec::new();
    for (idx, source) in sources.iter().enumerate() {
        if is_crate_root(&source.rel) {
            let (krate, _) = modules::discover(&sources, idx);
            violations.extend(modules::cycles(&sources, &krate));
        }
    }
    violations.extend(rules::check(&sources));
    violations.extend(csp::check(root)?);
    violations.extend(standalone::check(root)?);
    violations.sort();
    violations.dedup();
    Ok(violations)
}

/// Reads every `.rs` file under [`SOURCE_DIRS`]; files that only a `#[cfg(test)] mod`
/// declaration reaches are read as test code.
fn load(root: &Path) -> Result<Vec<Source>> {
    let mut files = Vec::new();
    for pattern in SOURCE_DIRS {
        for dir in expand(root, pattern)? {
            walk(root, &dir, &|name| name.ends_with(".rs"), &mut files)?;
        }
    }
    files.sort();
    files.dedup();
    let mut sources = Vec::new();
    for rel in files {
        let text = fs::read_to_string(root.join(&rel)).with_context(|| format!("reading {rel}"))?;
        let is_test = is_test_path(&rel);
        sources.push(Source::new(rel, text, is_test));
    }
    let mut declared_test = std::collections::BTreeSet::new();
    for (idx, source) in sources.iter().enumerate() {
        if is_crate_root(&source.rel) {
            declared_test.extend(modules::discover(&sources, idx).1);
        }
    }
    for source in &mut sources {
        if declared_test.contains(&source.rel) && !source.is_test {
            *source = Source::new(
                std::mem::take(&mut source.rel),
                std::mem::take(&mut source.text),
                true,
            );
        }
    }
    Ok(sources)
}

/// `crates/*/src` → every `crates/<name>/src` that exists.
fn expand(root: &Path, pattern: &str) -> Result<Vec<String>> {
    let Some((prefix, rest)) = pattern.split_once("/*/") else {
        return Ok(vec![pattern.to_string()]);
    };
    let mut dirs = Vec::new();
    let Ok(entries) = fs::read_dir(root.join(prefix)) else {
        return Ok(dirs);
    };
    for entry in entries {
        let entry = entry?;
        if entry.file_type()?.is_dir() {
            dirs.push(format!(
                "{prefix}/{}/{rest}",
                entry.file_name().to_string_lossy()
            ));
        }
    }
    Ok(dirs)
}

/// Every file below `rel` (`""`: the whole tree) whose name `keep` accepts, repository-
/// relative. Build output, installed tools and hidden folders are not the project's.
fn walk(
    root: &Path,
    rel: &str,
    keep: &dyn Fn(&str) -> bool,
    files: &mut Vec<String>,
) -> Result<()> {
    let Ok(entries) = fs::read_dir(root.join(rel)) else {
        return Ok(());
    };
    for entry in entries {
        let entry = entry?;
        let name = entry.file_name().to_string_lossy().into_owned();
        let child = if rel.is_empty() {
            name.clone()
        } else {
            format!("{rel}/{name}")
        };
        if entry.file_type()?.is_dir() {
            if !(name.starts_with('.')
                || ["target", "node_modules", "dist"].contains(&name.as_str()))
            {
                walk(root, &child, keep, files)?;
            }
        } else if keep(&name) {
            files.push(child);
        }
    }
    Ok(())
}

/// Integration tests: anything under a package's `tests/` folder (or the root's).
fn is_test_path(rel: &str) -> bool {
    rel.starts_with("tests/") || (rel.starts_with("crates/") && rel.contains("/tests/"))
}

/// Where cargo starts a crate: `src/lib.rs`, `src/main.rs`, `src/bin/*`, and each target
/// in `tests/`, `benches/`, `examples/` (one file, or a folder with `main.rs`).
fn is_crate_root(rel: &str) -> bool {
    let package_rest = if let Some(rest) = rel.strip_prefix("crates/") {
        rest.split_once('/').map(|(_, rest)| rest)
    } else if let Some(rest) = rel.strip_prefix("xtask/") {
        Some(rest)
    } else {
        Some(rel)
    };
    let Some(rest) = package_rest else {
        return false;
    };
    let parts: Vec<&str> = rest.split('/').collect();
    matches!(
        parts.as_slice(),
        ["src", "lib.rs" | "main.rs"]
            | ["src", "bin", _]
            | ["src", "bin", _, "main.rs"]
            | ["tests" | "benches" | "examples", _]
            | ["tests" | "benches" | "examples", _, "main.rs"]
    )
}

#[cfg(test)]
pub(crate) mod tests {
    use std::path::PathBuf;
    use std::sync::atomic::{AtomicUsize, Ordering};

    use super::*;

    /// A repository of a few files in a fresh temporary folder, removed when dropped.
    pub struct FakeTree {
        pub root: PathBuf,
    }

    impl FakeTree {
        pub fn new(files: &[(&str, &str)]) -> FakeTree {
            static NEXT: AtomicUsize = AtomicUsize::new(0);
            let root = std::env::temp_dir().join(format!(
                "cuadra-tidy-{}-{}",
                std::process::id(),
                NEXT.fetch_add(1, Ordering::Relaxed)
            ));
            let _ = fs::remove_dir_all(&root);
            for (rel, text) in files {
                let path = root.join(rel);
                fs::create_dir_all(path.parent().expect("a file has a folder"))
                    .expect("temporary folders can be created");
                fs::write(&path, text).expect("temporary files can be written");
            }
            FakeTree { root }
        }

        pub fn sources(&self) -> Vec<Source> {
            load(&self.root).expect("the fake tree loads")
        }

        /// Every violation the file checks find in the tree's own files, as displayed (the
        /// real allow lists name files a fake tree does not hold: those are not its news).
        pub fn violations(&self) -> Vec<String> {
            check_sources(&self.root)
                .expect("the fake tree is checked")
                .iter()
                .filter(|violation| self.root.join(&violation.file).exists())
                .map(ToString::to_string)
                .collect()
        }
    }

    impl Drop for FakeTree {
        fn drop(&mut self) {
            let _ = fs::remove_dir_all(&self.root);
        }
    }

    /// The `index.html` every fake tree needs, since the CSP check reads it.
    pub const GOOD_INDEX: (&str, &str) = (
        "index.html",
        "<meta http-equiv=\"Content-Security-Policy\"\n content=\"default-src 'self'; connect-src 'self'\" />",
    );

    #[test]
    fn crate_roots_are_where_cargo_starts() {
        for root in [
            "src/lib.rs",
            "src/main.rs",
            "src/bin/libro_worker.rs",
            "crates/cuadra-core/src/lib.rs",
            "crates/cuadra-core/tests/engine.rs",
            "crates/cuadra-core/tests/it/main.rs",
            "crates/cuadra-core/benches/pipeline.rs",
            "xtask/src/main.rs",
            "tests/web.rs",
        ] {
            assert!(is_crate_root(root), "{root}");
        }
        for module in [
            "src/app/mod.rs",
            "crates/cuadra-core/src/input/common.rs",
            "xtask/src/tidy/mod.rs",
        ] {
            assert!(!is_crate_root(module), "{module}");
        }
    }

    #[test]
    fn a_clean_tree_has_no_violation() {
        let tree = FakeTree::new(&[
            GOOD_INDEX,
            ("src/lib.rs", "//! The app.\nmod app;\n"),
            (
                "src/app/mod.rs",
                "//! The page.\nfn f() -> &'static str { \"hola\" }\n",
            ),
            ("crates/core/src/lib.rs", "//! The core.\n"),
            ("crates/core/tests/t.rs", "//! A test.\n"),
        ]);
        assert_eq!(tree.violations(), Vec::<String>::new());
    }

    #[test]
    fn a_file_reached_by_cfg_test_mod_is_test_code() {
        let tree = FakeTree::new(&[
            ("src/lib.rs", "//! x\n#[cfg(test)]\nmod tests;\nmod live;\n"),
            ("src/tests.rs", "//! x\n"),
            ("src/live.rs", "//! x\n"),
        ]);
        let tests: Vec<(String, bool)> = tree
            .sources()
            .into_iter()
            .map(|source| (source.rel, source.is_test))
            .collect();
        assert_eq!(
            tests,
            [
                ("src/lib.rs".to_string(), false),
                ("src/live.rs".to_string(), false),
                ("src/tests.rs".to_string(), true),
            ]
        );
    }
}
