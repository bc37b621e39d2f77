//! The core's dependency tree, native and wasm32, must reach no web crate: the core is
//! bytes in, values out, and runs the same in a worker, the CLI and a test.

use std::path::Path;
use std::process::Command;

use anyhow::{bail, Context, Result};

use super::allow::{WebDependency, CORE_WEB_DEPENDENCIES};
use super::Violation;

const WEB_CRATES: &[&str] = &["leptos", "web-sys", "wasm-bindgen", "js-sys"];
const MANIFEST: &str = "crates/cuadra-core/Cargo.toml";
const TARGETS: &[(&str, Option<&str>)] = &[
    ("native", None),
    ("wasm32-unknown-unknown", Some("wasm32-unknown-unknown")),
];
const WHY: &str = "the core knows nothing of the browser, so it builds, tests and runs \
                   natively and in a worker alike";

pub fn check(root: &Path) -> Result<Vec<Violation>> {
    let mut out = Vec::new();
    let mut used = vec![false; CORE_WEB_DEPENDENCIES.len()];
    for (name, target) in TARGETS {
        let mut command = Command::new("cargo");
        command.current_dir(root).args([
            "tree",
            "--locked",
            "-p",
            "cuadra-core",
            "-e",
            "normal",
            "--prefix",
            "depth",
            "--no-dedupe",
            "--format",
            "{p}",
        ]);
        if let Some(target) = target {
            command.args(["--target", target]);
        }
        let output = command.output().context("running cargo tree")?;
        if !output.status.success() {
            bail!(
                "cargo tree for {name} failed: {}",
                String::from_utf8_lossy(&output.stderr)
            );
        }
        let tree = String::from_utf8_lossy(&output.stdout);
        out.extend(check_tree(name, &tree, CORE_WEB_DEPENDENCIES, &mut used));
    }
    for (allow, used) in CORE_WEB_DEPENDENCIES.iter().zip(&used) {
        if *used {
            eprintln!(
                "tidy: accepted on {}: `{}` under `{}`, because {}",
                allow.target, allow.krate, allow.parent, allow.reason
            );
        }
    }
    out.extend(unused(CORE_WEB_DEPENDENCIES, &used));
    Ok(out)
}

/// Walks `cargo tree --prefix depth` output. The first web crate on each path is reported
/// (its subtree says nothing new) unless an allowance names it and its parent.
fn check_tree(
    target: &str,
    tree: &str,
    allowed: &[WebDependency],
    used: &mut [bool],
) -> Vec<Violation> {
    let mut out = Vec::new();
    let mut stack: Vec<String> = Vec::new();
    // Depth below which lines are inside a web crate already reported or allowed.
    let mut skip_below: Option<usize> = None;
    for line in tree.lines() {
        let digits = line.chars().take_while(char::is_ascii_digit).count();
        let Ok(depth) = line[..digits].parse::<usize>() else {
            continue;
        };
        let name = line[digits..].split_whitespace().next().unwrap_or_default();
        stack.truncate(depth);
        stack.push(name.to_string());
        if let Some(limit) = skip_below {
            if depth > limit {
                continue;
            }
            skip_below = None;
        }
        if !WEB_CRATES.contains(&name) {
            continue;
        }
        skip_below = Some(depth);
        let parent = depth.checked_sub(1).and_then(|idx| stack.get(idx));
        let allowance = allowed.iter().position(|allow| {
            allow.target == target
                && allow.krate == name
                && parent.is_some_and(|p| p == allow.parent)
        });
        match allowance {
            Some(idx) => used[idx] = true,
            None => out.push(Violation {
                file: MANIFEST.into(),
                line: None,
                what: format!(
                    "{target}: the core reaches `{name}` through {}",
                    stack.join(" → ")
                ),
                why: WHY,
            }),
        }
    }
    out
}

fn unused(allowed: &[WebDependency], used: &[bool]) -> Vec<Violation> {
    allowed
        .iter()
        .zip(used)
        .filter(|(_, used)| !**used)
        .map(|(allow, _)| Violation {
            file: "xtask/src/tidy/allow.rs".into(),
            line: None,
            what: format!(
                "{}: the allowance for `{}` under `{}` matches no path any more",
                allow.target, allow.krate, allow.parent
            ),
            why: "an exception that covers nothing hides the next real violation: remove it",
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const WASM: &str = "wasm32-unknown-unknown";
    const TREE: &str =
        "0cuadra-core v0.1.0 (/x)\n1calamine v0.38.0\n2zip v9.8.2\n3getrandom v0.4.3\n\
                        4wasm-bindgen v0.2.130\n5wasm-bindgen-macro v0.2.130 (proc-macro)\n\
                        1rust_xlsxwriter v0.102.0\n2js-sys v0.3.107\n3wasm-bindgen v0.2.130\n\
                        2wasm-bindgen v0.2.130\n1serde v1.0.0\n";

    fn allowance(parent: &'static str, krate: &'static str) -> WebDependency {
        WebDependency {
            target: WASM,
            parent,
            krate,
            reason: "test",
        }
    }

    fn whats(target: &str, tree: &str, allowed: &[WebDependency]) -> (Vec<String>, Vec<bool>) {
        let mut used = vec![false; allowed.len()];
        let found = check_tree(target, tree, allowed, &mut used)
            .into_iter()
            .map(|v| v.what)
            .collect();
        (found, used)
    }

    #[test]
    fn each_path_to_a_web_crate_is_reported_once() {
        let (found, _) = whats(WASM, TREE, &[]);
        assert_eq!(
            found,
            [
                "wasm32-unknown-unknown: the core reaches `wasm-bindgen` through cuadra-core → calamine → zip → getrandom → wasm-bindgen",
                "wasm32-unknown-unknown: the core reaches `js-sys` through cuadra-core → rust_xlsxwriter → js-sys",
                "wasm32-unknown-unknown: the core reaches `wasm-bindgen` through cuadra-core → rust_xlsxwriter → wasm-bindgen",
            ]
        );
    }

    #[test]
    fn an_allowance_covers_its_parent_and_target_only() {
        let allowed = [
            allowance("getrandom", "wasm-bindgen"),
            allowance("rust_xlsxwriter", "js-sys"),
        ];
        let (found, used) = whats(WASM, TREE, &allowed);
        assert_eq!(
            found,
            ["wasm32-unknown-unknown: the core reaches `wasm-bindgen` through cuadra-core → rust_xlsxwriter → wasm-bindgen"]
        );
        assert_eq!(used, [true, true]);
        // The same tree on another target is not covered.
        let (found, used) = whats("native", TREE, &allowed);
        assert_eq!(found.len(), 3);
        assert_eq!(used, [false, false]);
    }

    #[test]
    fn an_allowance_nothing_uses_is_reported() {
        let allowed = [
            allowance("getrandom", "wasm-bindgen"),
            allowance("leptos", "web-sys"),
        ];
        let mut used = vec![false; 2];
        check_tree(WASM, TREE, &allowed, &mut used);
        let stale: Vec<String> = unused(&allowed, &used)
            .into_iter()
            .map(|v| v.what)
            .collect();
        assert_eq!(
            stale,
            ["wasm32-unknown-unknown: the allowance for `web-sys` under `leptos` matches no path any more"]
        );
    }

    #[test]
    fn a_clean_tree_passes() {
        let (found, _) = whats(
            "native",
            "0cuadra-core v0.1.0\n1serde v1.0.0\n2serde_derive v1\n",
            &[],
        );
        assert_eq!(found, Vec::<String>::new());
    }
}
