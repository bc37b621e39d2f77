//! What `tidy` needs from one Rust file beyond its tokens: the paths it names (with `use`
//! groups expanded), the modules it declares, and which tokens are test code.

use super::lexer::{Tok, Token};

/// A path as written, `use` groups expanded: `use crate::{a::X, b::{Y, Z}}` gives three.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PathUse {
    /// Each segment with the line it is on (a group may span lines).
    pub segments: Vec<(String, u32)>,
    /// The inline modules (`mod tests { … }`) the path is written in, outermost first.
    pub inline_modules: Vec<String>,
    pub in_test: bool,
}

impl PathUse {
    pub fn first(&self) -> &str {
        self.segments.first().map_or("", |(name, _)| name.as_str())
    }

    pub fn line(&self) -> u32 {
        self.segments.first().map_or(0, |(_, line)| *line)
    }
}

/// `mod name;` (a file) or `mod name { … }` (inline), inside `inline_modules`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ModDecl {
    pub name: String,
    pub inline_modules: Vec<String>,
    pub inline: bool,
    pub is_test: bool,
}

#[derive(Debug, Default)]
pub struct Outline {
    pub paths: Vec<PathUse>,
    pub mods: Vec<ModDecl>,
    /// Parallel to the tokens: inside a `#[cfg(test)]` module (or a file that is all test).
    pub in_test: Vec<bool>,
}

/// Reads the outline of a file whose tokens are `tokens`. `file_is_test` marks every token
/// (an integration test, or a file declared by `#[cfg(test)] mod name;`).
pub fn outline(tokens: &[Token], file_is_test: bool) -> Outline {
    let mut out = Outline::default();
    // Inline modules open around the cursor: (name, brace depth inside it, is test).
    let mut open: Vec<(String, usize, bool)> = Vec::new();
    let mut depth = 0;
    let mut file_test = file_is_test;
    let mut pending_test = false;
    let mut pending_inline: Option<(String, bool)> = None;
    let mut idx = 0;
    let mut marked = 0;
    while idx < tokens.len() {
        let in_test = file_test || open.iter().any(|(_, _, test)| *test);
        let token = &tokens[idx];
        let starts_path = matches!(token.tok, Tok::Ident(_))
            && tokens
                .get(idx + 1)
                .is_some_and(|next| next.tok == Tok::PathSep)
            && (idx == 0 || tokens[idx - 1].tok != Tok::PathSep);
        let next = if token.is_punct('#') {
            let (end, is_test, inner) = attribute(tokens, idx);
            if is_test && inner && open.is_empty() {
                file_test = true;
            } else if is_test && inner {
                if let Some(top) = open.last_mut() {
                    top.2 = true;
                }
            } else if is_test {
                pending_test = true;
            }
            end
        } else if token.is_ident("mod") {
            match (tokens.get(idx + 1), tokens.get(idx + 2)) {
                (Some(name), Some(after)) => {
                    if let Tok::Ident(name) = &name.tok {
                        let decl = ModDecl {
                            name: name.clone(),
                            inline_modules: open.iter().map(|(name, _, _)| name.clone()).collect(),
                            inline: after.is_punct('{'),
                            is_test: in_test || pending_test,
                        };
                        if decl.inline {
                            pending_inline = Some((decl.name.clone(), decl.is_test));
                        }
                        out.mods.push(decl);
                    }
                    pending_test = false;
                    idx + 2
                }
                _ => idx + 1,
            }
        } else if token.is_punct('{') {
            depth += 1;
            if let Some((name, test)) = pending_inline.take() {
                open.push((name, depth, test));
            }
            pending_test = false;
            idx + 1
        } else if token.is_punct('}') {
            if open
                .last()
                .is_some_and(|(_, open_depth, _)| *open_depth == depth)
            {
                open.pop();
            }
            depth = depth.saturating_sub(1);
            idx + 1
        } else if starts_path {
            let inline_modules: Vec<String> =
                open.iter().map(|(name, _, _)| name.clone()).collect();
            let mut segments = Vec::new();
            let end = path_tree(tokens, idx, &mut Vec::new(), &mut segments);
            for segments in segments {
                out.paths.push(PathUse {
                    segments,
                    inline_modules: inline_modules.clone(),
                    in_test,
                });
            }
            pending_test = false;
            end.max(idx + 1)
        } else {
            let visibility = token.is_ident("pub")
                || token.is_ident("crate")
                || token.is_ident("in")
                || token.is_ident("self")
                || token.is_ident("super")
                || token.is_punct('(')
                || token.is_punct(')');
            if !visibility {
                pending_test = false;
            }
            idx + 1
        };
        // A test module's own braces count as inside it.
        let in_test_after = file_test || open.iter().any(|(_, _, test)| *test);
        while marked < next.min(tokens.len()) {
            out.in_test.push(in_test || in_test_after);
            marked += 1;
        }
        idx = next;
    }
    out
}

/// Reads `#[…]` or `#![…]` from `start`: where it ends, whether it is `cfg(test)` (also
/// `cfg(all(test, …))`), and whether it is an inner attribute.
fn attribute(tokens: &[Token], start: usize) -> (usize, bool, bool) {
    let mut idx = start + 1;
    let inner = tokens.get(idx).is_some_and(|t| t.is_punct('!'));
    if inner {
        idx += 1;
    }
    if !tokens.get(idx).is_some_and(|t| t.is_punct('[')) {
        return (start + 1, false, false);
    }
    let mut depth = 0;
    let mut text = String::new();
    while let Some(token) = tokens.get(idx) {
        idx += 1;
        match &token.tok {
            Tok::Punct('[') => {
                depth += 1;
                if depth > 1 {
                    text.push('[');
                }
            }
            Tok::Punct(']') => {
                depth -= 1;
                if depth == 0 {
                    break;
                }
                text.push(']');
            }
            Tok::Punct(c) => text.push(*c),
            Tok::Ident(ident) => {
                if text.ends_with(|c: char| c.is_alphanumeric() || c == '_') {
                    text.push(' ');
                }
                text.push_str(ident);
            }
            Tok::PathSep => text.push_str("::"),
            Tok::Str(_) | Tok::Other => text.push('_'),
        }
    }
    (idx, is_test_cfg(&text), inner)
}

/// `cfg(test)` or `cfg(all(…, test, …))`; never `cfg(not(test))` or `cfg(any(test, …))`.
fn is_test_cfg(text: &str) -> bool {
    if text == "cfg(test)" {
        return true;
    }
    let Some(args) = text
        .strip_prefix("cfg(all(")
        .and_then(|rest| rest.strip_suffix("))"))
    else {
        return false;
    };
    let mut depth = 0;
    let mut arg = String::new();
    for c in args.chars().chain([',']) {
        match c {
            '(' => depth += 1,
            ')' => depth -= 1,
            ',' if depth == 0 => {
                if arg == "test" {
                    return true;
                }
                arg.clear();
                continue;
            }
            _ => {}
        }
        arg.push(c);
    }
    false
}

/// Reads one path from `idx` onto `prefix`, pushing every complete path into `out`, and
/// returns the index after it. Groups recurse; `as name` and `*` end a branch.
fn path_tree(
    tokens: &[Token],
    mut idx: usize,
    prefix: &mut Vec<(String, u32)>,
    out: &mut Vec<Vec<(String, u32)>>,
) -> usize {
    let base = prefix.len();
    loop {
        let Some(token) = tokens.get(idx) else {
            out.push(prefix.clone());
            break;
        };
        match &token.tok {
            Tok::Ident(name) => {
                prefix.push((name.clone(), token.line));
                idx += 1;
                if tokens.get(idx).is_some_and(|t| t.tok == Tok::PathSep) {
                    idx += 1;
                    continue;
                }
                out.push(prefix.clone());
            }
            Tok::Punct('*') => {
                prefix.push(("*".to_string(), token.line));
                out.push(prefix.clone());
                idx += 1;
            }
            Tok::Punct('{') => {
                idx += 1;
                loop {
                    match tokens.get(idx) {
                        None => break,
                        Some(t) if t.is_punct('}') => {
                            idx += 1;
                            break;
                        }
                        Some(t) if t.is_punct(',') => idx += 1,
                        Some(t) if t.is_ident("as") => idx += 2,
                        Some(_) => {
                            let after = path_tree(tokens, idx, prefix, out);
                            // Anything a group cannot hold is stepped over, never looped on.
                            idx = after.max(idx + 1);
                        }
                    }
                }
            }
            _ => out.push(prefix.clone()),
        }
        break;
    }
    prefix.truncate(base);
    idx
}

#[cfg(test)]
mod tests {
    use super::super::lexer::tokenize;
    use super::*;

    fn paths(source: &str) -> Vec<String> {
        outline(&tokenize(source), false)
            .paths
            .iter()
            .map(|path| {
                let names: Vec<&str> = path.segments.iter().map(|(n, _)| n.as_str()).collect();
                names.join("::")
            })
            .collect()
    }

    #[test]
    fn use_groups_expand_to_one_path_each() {
        assert_eq!(
            paths("use crate::{a::X, b::{Y, Z as W}, self, c::*};"),
            [
                "crate::a::X",
                "crate::b::Y",
                "crate::b::Z",
                "crate::self",
                "crate::c::*"
            ]
        );
    }

    #[test]
    fn paths_in_expressions_and_types() {
        assert_eq!(
            paths("fn f() -> super::Read { crate::x::y(1); let v = Vec::<u8>::new(); a.b }"),
            ["super::Read", "crate::x::y", "Vec"]
        );
    }

    #[test]
    fn segments_keep_their_lines() {
        let source = "use super::common::{\n    find_header_row,\n};";
        let outline = outline(&tokenize(source), false);
        assert_eq!(
            outline.paths[0].segments,
            [
                ("super".to_string(), 1),
                ("common".to_string(), 1),
                ("find_header_row".to_string(), 2)
            ]
        );
    }

    #[test]
    fn cfg_test_modules_are_test_code_and_nest() {
        let source = "fn a() {}\n#[cfg(test)]\nmod tests {\n use super::*;\n mod inner { fn b() {} }\n}\nfn c() {}";
        let tokens = tokenize(source);
        let outline = outline(&tokens, false);
        let test_of = |name: &str| {
            let idx = tokens.iter().position(|t| t.is_ident(name)).expect("token");
            outline.in_test[idx]
        };
        assert!(!test_of("a"));
        assert!(test_of("b"));
        assert!(!test_of("c"));
        assert_eq!(outline.paths[0].inline_modules, ["tests"]);
        assert!(outline.paths[0].in_test);
        assert_eq!(
            outline.mods,
            [
                ModDecl {
                    name: "tests".into(),
                    inline_modules: vec![],
                    inline: true,
                    is_test: true,
                },
                ModDecl {
                    name: "inner".into(),
                    inline_modules: vec!["tests".into()],
                    inline: true,
                    is_test: true,
                },
            ]
        );
    }

    #[test]
    fn only_test_cfgs_make_test_code() {
        assert!(is_test_cfg("cfg(test)"));
        assert!(is_test_cfg("cfg(all(test,target_arch=_))"));
        assert!(!is_test_cfg("cfg(not(test))"));
        assert!(!is_test_cfg("cfg(any(test,feature=_))"));
        assert!(!is_test_cfg("cfg(target_arch=_)"));
        let outline = outline(
            &tokenize("#[cfg(not(test))]\nmod live { fn x() {} }"),
            false,
        );
        assert!(!outline.mods[0].is_test);
        assert!(outline.in_test.iter().all(|test| !test));
    }

    #[test]
    fn a_test_attribute_on_a_use_does_not_leak_onto_the_next_module() {
        let source =
            "#[cfg(test)]\nuse a::b;\nmod later { fn x() {} }\n#[cfg(test)]\npub(crate) mod t;";
        let outline = outline(&tokenize(source), false);
        let flags: Vec<(&str, bool, bool)> = outline
            .mods
            .iter()
            .map(|m| (m.name.as_str(), m.inline, m.is_test))
            .collect();
        assert_eq!(flags, [("later", true, false), ("t", false, true)]);
    }
}
