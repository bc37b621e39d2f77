//! The project stands alone: a clone carries its own product documentation under `docs/`,
//! so no file may send its reader to a specification or notes kept outside the repository.

use std::fs;
use std::path::Path;

use anyhow::Result;

use super::{walk, Violation};

const WHY: &str = "a clone has no specification beside it: name the docs/ page that states \
                   the rule";

/// What only a reader with the outside folder could follow. Spelled in two halves so this
/// file does not name them itself.
const OUTSIDE: [[&str; 2]; 3] = [["SPEC", " §"], ["../sha", "red"], ["shared/", "notes"]];

/// The text files a reader opens: docs, sources, tests, pages and scripts.
const EXTENSIONS: &[&str] = &["rs", "md", "mjs", "js", "html", "toml", "css", "py", "json"];

pub fn check(root: &Path) -> Result<Vec<Violation>> {
    let mut files = Vec::new();
    walk(root, "", &is_prose_or_source, &mut files)?;
    files.sort();
    let mut out = Vec::new();
    for rel in files {
        let Ok(text) = fs::read_to_string(root.join(&rel)) else {
            continue;
        };
        out.extend(check_text(&rel, &text));
    }
    Ok(out)
}

/// A text file a reader opens; `package-lock.json` is npm's, not the project's words.
fn is_prose_or_source(name: &str) -> bool {
    name != "package-lock.json"
        && Path::new(name)
            .extension()
            .is_some_and(|ext| EXTENSIONS.iter().any(|known| ext == *known))
}

fn check_text(rel: &str, text: &str) -> Vec<Violation> {
    let needles: Vec<String> = OUTSIDE.iter().map(|halves| halves.concat()).collect();
    let mut out = Vec::new();
    for (idx, line) in text.lines().enumerate() {
        for needle in &needles {
            if line.contains(needle.as_str()) {
                out.push(Violation {
                    file: rel.to_string(),
                    line: u32::try_from(idx + 1).ok(),
                    what: format!("refers to `{needle}`"),
                    why: WHY,
                });
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_section_of_the_outside_specification_is_a_violation() {
        let text = format!(
            "//! Worker 1 ({}4.1).\n//! Worker 2 (docs/rules.md).\n",
            OUTSIDE[0].concat()
        );
        let found = check_text("src/a.rs", &text);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].line, Some(1));
    }

    #[test]
    fn the_outside_notes_folder_is_a_violation() {
        let text = format!("see {}/TOOLCHAIN.md\n", OUTSIDE[1].concat());
        assert_eq!(check_text("README.md", &text).len(), 1);
        assert!(check_text("README.md", "see docs/inputs.md\n").is_empty());
    }
}
