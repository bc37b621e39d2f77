//! The page's Content-Security-Policy in `index.html`: it must keep `connect-src 'self'`
//! and name no remote origin, so the browser itself refuses any request to elsewhere.

use std::fs;
use std::path::Path;

use anyhow::{Context, Result};

use super::Violation;

const INDEX: &str = "index.html";
const WHY: &str = "the policy is the browser's proof that payroll data never leaves the \
                   machine: no analytics, fonts, CDNs or other hosts";

pub fn check(root: &Path) -> Result<Vec<Violation>> {
    let html = fs::read_to_string(root.join(INDEX)).with_context(|| format!("reading {INDEX}"))?;
    Ok(check_html(&html))
}

fn violation(line: Option<u32>, what: String) -> Violation {
    Violation {
        file: INDEX.into(),
        line,
        what,
        why: WHY,
    }
}

fn check_html(html: &str) -> Vec<Violation> {
    let Some((line, policy)) = policy(html) else {
        return vec![violation(
            None,
            "no Content-Security-Policy <meta> element".into(),
        )];
    };
    let mut out = Vec::new();
    let mut connect = None;
    for directive in policy.split(';') {
        let mut words = directive.split_whitespace();
        let Some(name) = words.next() else { continue };
        let sources: Vec<&str> = words.collect();
        if name.eq_ignore_ascii_case("connect-src") {
            connect = Some(sources.clone());
        }
        for source in sources {
            if !is_local_source(source) {
                out.push(violation(
                    Some(line),
                    format!("`{name}` allows `{source}`, a remote origin"),
                ));
            }
        }
    }
    match connect {
        Some(sources) if sources == ["'self'"] => {}
        Some(sources) => out.push(violation(
            Some(line),
            format!(
                "`connect-src` is `{}`, not only `'self'`",
                sources.join(" ")
            ),
        )),
        None => out.push(violation(
            Some(line),
            "the policy has no `connect-src 'self'`".into(),
        )),
    }
    out
}

/// The policy's text and the line its `content` starts on.
fn policy(html: &str) -> Option<(u32, String)> {
    let lower = html.to_ascii_lowercase();
    let meta = lower.find("content-security-policy")?;
    let content = meta + lower[meta..].find("content=")? + "content=".len();
    let quote = html[content..].chars().next()?;
    let body = &html[content + quote.len_utf8()..];
    let end = body.find(quote)?;
    let line = html[..content].matches('\n').count() as u32 + 1;
    Some((line, body[..end].to_string()))
}

/// Keywords, hashes, nonces and the `data:`/`blob:` schemes stay on the machine.
fn is_local_source(source: &str) -> bool {
    let quoted = source.starts_with('\'') && source.ends_with('\'') && source.len() > 1;
    if quoted {
        let keyword = source.trim_matches('\'').to_ascii_lowercase();
        return matches!(
            keyword.as_str(),
            "self"
                | "none"
                | "unsafe-inline"
                | "unsafe-eval"
                | "wasm-unsafe-eval"
                | "strict-dynamic"
                | "report-sample"
                | "unsafe-hashes"
        ) || ["sha256-", "sha384-", "sha512-", "nonce-"]
            .iter()
            .any(|prefix| keyword.starts_with(prefix));
    }
    matches!(source.to_ascii_lowercase().as_str(), "data:" | "blob:")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(html: &str) -> Vec<String> {
        check_html(html)
            .iter()
            .map(|v| format!("{}: {}", v.line.unwrap_or(0), v.what))
            .collect()
    }

    const GOOD: &str = "<head>\n<meta http-equiv=\"Content-Security-Policy\"\n      content=\"default-src 'self'; script-src 'self' 'wasm-unsafe-eval' 'sha256-abc='; img-src 'self' data: blob:; connect-src 'self'; object-src 'none'\" />";

    #[test]
    fn the_page_policy_passes() {
        assert_eq!(found(GOOD), Vec::<String>::new());
    }

    #[test]
    fn remote_origins_and_a_wider_connect_src_fail() {
        let html = GOOD
            .replace(
                "connect-src 'self'",
                "connect-src 'self' https://api.example.com",
            )
            .replace("img-src 'self'", "img-src *");
        assert_eq!(
            found(&html),
            [
                "3: `img-src` allows `*`, a remote origin",
                "3: `connect-src` allows `https://api.example.com`, a remote origin",
                "3: `connect-src` is `'self' https://api.example.com`, not only `'self'`",
            ]
        );
    }

    #[test]
    fn a_missing_connect_src_or_policy_fails() {
        let html = GOOD.replace("connect-src 'self';", "");
        assert_eq!(found(&html), ["3: the policy has no `connect-src 'self'`"]);
        assert_eq!(
            found("<head></head>"),
            ["0: no Content-Security-Policy <meta> element"]
        );
    }
}
