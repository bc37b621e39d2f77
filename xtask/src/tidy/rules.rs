//! The per-file rules: what every `.rs` file, the page, the core's readers and the report
//! modules must not contain. Comments and string literals never match a code rule.

use super::allow::{self, FileException};
use super::lexer::{Tok, Token};
use super::{Source, Violation};

const MAX_LINES: usize = 600;
const CORE: &str = "crates/cuadra-core/";
const CORE_SRC: &str = "crates/cuadra-core/src/";
const SHEET: &str = "crates/cuadra-core/src/sheet";
const PAGE: &str = "src/";
const PAGE_COMPONENTS: &str = "src/app/";
const PROTOCOL: &str = "src/protocol.rs";
/// Worker-side code of the app: the only place a `thread_local!` may be allowed.
const WORKER_SIDE: &[&str] = &["src/workers/", "src/worker_runtime.rs", "src/bin/"];
/// The core modules whose iteration order could reach a report.
const REPORT_MODULES: &[&str] = &[
    "document",
    "consolidate",
    "discrepancy",
    "export",
    "compare",
];
/// Letters that mark a literal as Spanish text for the user.
const SPANISH_LETTERS: &[char] = &[
    'á', 'é', 'í', 'ó', 'ú', 'ñ', '¿', '¡', 'Á', 'É', 'Í', 'Ó', 'Ú', 'Ñ',
];
/// encoding_rs calls that decode (encoding, as the generator does, is fine).
const DECODING: &[&str] = &[
    "decode",
    "decode_with_bom_removal",
    "decode_without_bom_handling",
    "decode_without_bom_handling_and_without_replacement",
    "new_decoder",
    "new_decoder_with_bom_removal",
    "new_decoder_without_bom_handling",
    "Decoder",
    "for_bom",
];

pub fn check(sources: &[Source]) -> Vec<Violation> {
    check_with(sources, allow::THREAD_LOCAL, allow::HASH_COLLECTIONS)
}

/// [`check`] with the exception lists given, so tests can show what an entry does.
fn check_with(
    sources: &[Source],
    thread_local_ok: &[FileException],
    hash_ok: &[FileException],
) -> Vec<Violation> {
    let mut out = Vec::new();
    for source in sources {
        header(source, &mut out);
        length(source, &mut out);
        if source.rel.starts_with(PAGE) {
            thread_local(source, thread_local_ok, &mut out);
            network(source, &mut out);
        }
        if !source.rel.starts_with(SHEET) {
            spreadsheet_readers(source, &mut out);
        }
        if source.rel.starts_with(CORE_SRC) || source.rel == PROTOCOL {
            skip_serializing_if(source, &mut out);
        }
        if is_report_module(&source.rel) {
            hash_collections(source, hash_ok, &mut out);
        }
        if source.rel.starts_with(PAGE_COMPONENTS) {
            spanish_literals(source, &mut out);
        }
    }
    stale_exceptions(sources, thread_local_ok, hash_ok, &mut out);
    out
}

fn violation(source: &Source, line: u32, what: String, why: &'static str) -> Violation {
    Violation {
        file: source.rel.clone(),
        line: Some(line),
        what,
        why,
    }
}

/// Tokens with whether each is test code.
fn tokens(source: &Source) -> impl Iterator<Item = (usize, &Token, bool)> {
    source.tokens.iter().enumerate().map(|(idx, token)| {
        (
            idx,
            token,
            source
                .outline
                .in_test
                .get(idx)
                .copied()
                .unwrap_or(source.is_test),
        )
    })
}

fn ident(token: &Token) -> Option<&str> {
    match &token.tok {
        Tok::Ident(name) => Some(name),
        _ => None,
    }
}

fn header(source: &Source, out: &mut Vec<Violation>) {
    if !source.text.starts_with("//!") {
        out.push(violation(
            source,
            1,
            "the file does not open with a `//!` line".into(),
            "the first line is how a reader learns what a file is for before reading it",
        ));
    }
}

/// Test files are exempt: they are lists of independent cases, read by search.
fn length(source: &Source, out: &mut Vec<Violation>) {
    let lines = source.text.lines().count();
    if lines > MAX_LINES && !source.is_test {
        out.push(violation(
            source,
            MAX_LINES as u32 + 1,
            format!("{lines} lines, over the limit of {MAX_LINES}"),
            "a file that needs a table of contents holds several concerns: split it by concern",
        ));
    }
}

fn is_worker_side(rel: &str) -> bool {
    WORKER_SIDE.iter().any(|prefix| rel.starts_with(prefix))
}

fn excepted(list: &[FileException], rel: &str) -> bool {
    list.iter().any(|exception| exception.file == rel)
}

fn thread_local(source: &Source, exceptions: &[FileException], out: &mut Vec<Violation>) {
    let allowed = is_worker_side(&source.rel) && excepted(exceptions, &source.rel);
    if allowed {
        return;
    }
    for (idx, token, _) in tokens(source) {
        let bang = source
            .tokens
            .get(idx + 1)
            .is_some_and(|next| next.is_punct('!'));
        if token.is_ident("thread_local") && bang {
            out.push(violation(
                source,
                token.line,
                "`thread_local!` in the page's modules".into(),
                "page state must belong to one instance: two instances on one page would \
                 share and overwrite it, and nothing releases it on unmount",
            ));
        }
    }
}

fn network(source: &Source, out: &mut Vec<Violation>) {
    for (_, token, _) in tokens(source) {
        let Some(name) = ident(token) else { continue };
        let network = name == "fetch"
            || name.starts_with("fetch_with")
            || name.starts_with("XmlHttpRequest")
            || name.starts_with("WebSocket")
            || name.starts_with("EventSource")
            || name.starts_with("send_beacon");
        if network {
            out.push(violation(
                source,
                token.line,
                format!("network API `{name}` in the page or a worker"),
                "payroll data never leaves the machine: the page makes no request beyond \
                 loading its own files",
            ));
        }
    }
}

/// Only `sheet` reads spreadsheets. The core's own tests may read an export back.
fn spreadsheet_readers(source: &Source, out: &mut Vec<Violation>) {
    const WHY: &str = "one module reads spreadsheets, so cells become typed values in one \
                       place and no `f64` or encoding guess leaks into the rules";
    let in_core = source.rel.starts_with(CORE);
    let exempt = |in_test: bool| in_core && (source.is_test || in_test);
    let mut names_encoding_rs = false;
    for (_, token, in_test) in tokens(source) {
        if exempt(in_test) {
            continue;
        }
        if token.is_ident("calamine") {
            out.push(violation(
                source,
                token.line,
                "`calamine` named outside `cuadra-core/src/sheet`".into(),
                WHY,
            ));
        }
        names_encoding_rs |= token.is_ident("encoding_rs");
    }
    for path in &source.outline.paths {
        let reader = path.first() == "csv"
            && path
                .segments
                .get(1)
                .is_some_and(|(name, _)| name == "Reader" || name == "ReaderBuilder");
        if reader && !exempt(path.in_test) {
            out.push(violation(
                source,
                path.line(),
                "the csv reader used outside `cuadra-core/src/sheet`".into(),
                WHY,
            ));
        }
    }
    if names_encoding_rs {
        for (_, token, in_test) in tokens(source) {
            let decoding = ident(token).is_some_and(|name| DECODING.contains(&name));
            if decoding && !exempt(in_test) {
                out.push(violation(
                    source,
                    token.line,
                    "encoding_rs decoding outside `cuadra-core/src/sheet`".into(),
                    WHY,
                ));
            }
        }
    }
}

fn skip_serializing_if(source: &Source, out: &mut Vec<Violation>) {
    for (_, token, _) in tokens(source) {
        if token.is_ident("skip_serializing_if") {
            out.push(violation(
                source,
                token.line,
                "`skip_serializing_if` on a type of the core or the protocol".into(),
                "postcard is not self-describing: a skipped field shifts every field after \
                 it, and the worker reads garbage",
            ));
        }
    }
}

fn is_report_module(rel: &str) -> bool {
    let Some(rest) = rel.strip_prefix(CORE_SRC) else {
        return false;
    };
    REPORT_MODULES.iter().any(|module| {
        rest.strip_prefix(module)
            .is_some_and(|tail| tail == ".rs" || tail.starts_with('/'))
    })
}

fn hash_collections(source: &Source, exceptions: &[FileException], out: &mut Vec<Violation>) {
    if excepted(exceptions, &source.rel) {
        return;
    }
    for (_, token, _) in tokens(source) {
        let Some(name) = ident(token) else { continue };
        if name.contains("HashMap") || name.contains("HashSet") {
            out.push(violation(
                source,
                token.line,
                format!("`{name}` in a module whose order can reach a report"),
                "a hash map's iteration order changes from run to run: two runs on the same \
                 files must give the same document; use a BTreeMap or sort",
            ));
        }
    }
}

fn spanish_literals(source: &Source, out: &mut Vec<Violation>) {
    for (_, token, in_test) in tokens(source) {
        let Tok::Str(text) = &token.tok else { continue };
        if in_test || source.is_test || !text.contains(SPANISH_LETTERS) {
            continue;
        }
        let excerpt: String = text.chars().take(40).collect();
        let ellipsis = if text.chars().count() > 40 { "…" } else { "" };
        out.push(violation(
            source,
            token.line,
            format!("Spanish text \"{excerpt}{ellipsis}\" in a component"),
            "the page's text lives in `src/ui_text.rs`, where it is reviewed and translated \
             in one place",
        ));
    }
}

/// An exception that no longer matches anything, or that names code it may not cover.
fn stale_exceptions(
    sources: &[Source],
    thread_local_ok: &[FileException],
    hash_ok: &[FileException],
    out: &mut Vec<Violation>,
) {
    let mut stale = |exception: &FileException, what: String| {
        out.push(Violation {
            file: "xtask/src/tidy/allow.rs".into(),
            line: None,
            what: format!(
                "{what} (entry for {}: {})",
                exception.file, exception.reason
            ),
            why: "an exception that covers nothing hides the next real violation: remove it",
        });
    };
    let has = |rel: &str, found: &dyn Fn(&Source) -> bool| {
        sources
            .iter()
            .any(|source| source.rel == rel && found(source))
    };
    for exception in thread_local_ok {
        if !is_worker_side(exception.file) {
            stale(
                exception,
                "a `thread_local!` exception outside worker-side code".into(),
            );
        } else if !has(exception.file, &|s| {
            s.tokens.iter().any(|t| t.is_ident("thread_local"))
        }) {
            stale(
                exception,
                "a `thread_local!` exception no longer needed".into(),
            );
        }
    }
    for exception in hash_ok {
        let uses = |s: &Source| {
            s.tokens.iter().any(|t| {
                ident(t).is_some_and(|name| name.contains("HashMap") || name.contains("HashSet"))
            })
        };
        if !has(exception.file, &uses) {
            stale(
                exception,
                "a hash collection exception no longer needed".into(),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::{FakeTree, GOOD_INDEX};
    use super::*;

    /// The violations of a tree holding `index.html` and one file, as `line: what`.
    fn found(rel: &str, text: &str) -> Vec<String> {
        let tree = FakeTree::new(&[GOOD_INDEX, (rel, text)]);
        tree.violations()
            .into_iter()
            .map(|line| {
                let rest = line.strip_prefix(rel).expect("reported on the file");
                let rest = rest.trim_start_matches(':');
                rest.split(" — ").next().unwrap_or(rest).to_string()
            })
            .collect()
    }

    #[test]
    fn every_file_opens_with_a_doc_line() {
        assert_eq!(
            found("src/lib.rs", "// a plain comment\n"),
            ["1: the file does not open with a `//!` line"]
        );
        assert_eq!(found("xtask/src/main.rs", "\n//! late\n").len(), 1);
        assert_eq!(found("src/lib.rs", "//! ok\n"), Vec::<String>::new());
    }

    #[test]
    fn long_files_fail_except_tests() {
        let long = format!("//! long\n{}", "fn f() {}\n".repeat(600));
        assert_eq!(
            found("crates/core/src/big.rs", &long),
            ["601: 601 lines, over the limit of 600"]
        );
        assert_eq!(
            found("crates/core/tests/big.rs", &long),
            Vec::<String>::new()
        );
        let just = format!("//! fits\n{}", "fn f() {}\n".repeat(599));
        assert_eq!(found("src/fits.rs", &just), Vec::<String>::new());
    }

    #[test]
    fn thread_local_in_the_page() {
        let text =
            "//! x\n// thread_local! in a comment\nthread_local! {\n    static X: u8 = 0;\n}\n";
        assert_eq!(
            found("src/app/controller.rs", text),
            ["3: `thread_local!` in the page's modules"]
        );
        // Outside the page (the core, xtask) the rule does not apply.
        assert_eq!(
            found("crates/cuadra-core/src/a.rs", text),
            Vec::<String>::new()
        );
    }

    #[test]
    fn spreadsheets_are_read_only_in_sheet() {
        let text = "//! x\nuse calamine::Reader;\nuse csv::{ReaderBuilder, Writer};\nfn f(b: &[u8]) {\n    encoding_rs::WINDOWS_1252.decode(b);\n}\n";
        assert_eq!(
            found("crates/cuadra-core/src/input/a.rs", text),
            [
                "2: `calamine` named outside `cuadra-core/src/sheet`",
                "3: the csv reader used outside `cuadra-core/src/sheet`",
                "5: encoding_rs decoding outside `cuadra-core/src/sheet`",
            ]
        );
        assert_eq!(
            found("crates/cuadra-core/src/sheet/csv_grid.rs", text),
            Vec::<String>::new()
        );
        assert_eq!(
            found("crates/cuadra-core/tests/engine.rs", text),
            Vec::<String>::new()
        );
        // The page has no test exemption: it must never read a spreadsheet.
        assert_eq!(found("src/session.rs", text).len(), 3);
    }

    #[test]
    fn writing_csv_and_encoding_are_fine_and_core_unit_tests_are_exempt() {
        let text = "//! x\nfn w() {\n    csv::WriterBuilder::new();\n    encoding_rs::WINDOWS_1252.encode(\"\");\n}\n\
                    #[cfg(test)]\nmod tests {\n    fn r(b: &[u8]) { encoding_rs::WINDOWS_1252.decode(b); csv::ReaderBuilder::new(); }\n}\n";
        assert_eq!(
            found("crates/cuadra-core/src/generator/table.rs", text),
            Vec::<String>::new()
        );
    }

    #[test]
    fn skip_serializing_if_in_the_core_and_the_protocol() {
        let text = "//! x\n// No `skip_serializing_if` here.\n#[derive(Serialize)]\nstruct S {\n    #[serde(skip_serializing_if = \"Option::is_none\")]\n    a: Option<u8>,\n}\n";
        let expected = ["5: `skip_serializing_if` on a type of the core or the protocol"];
        assert_eq!(found("crates/cuadra-core/src/model.rs", text), expected);
        assert_eq!(found("src/protocol.rs", text), expected);
        assert_eq!(found("src/session.rs", text), Vec::<String>::new());
    }

    #[test]
    fn hash_collections_in_report_modules() {
        let text = "//! x\nuse std::collections::HashMap;\nfn f(s: &HashSet<u8>) {}\n";
        let expected = [
            "2: `HashMap` in a module whose order can reach a report",
            "3: `HashSet` in a module whose order can reach a report",
        ];
        assert_eq!(found("crates/cuadra-core/src/document.rs", text), expected);
        assert_eq!(
            found("crates/cuadra-core/src/export/csv.rs", text),
            expected
        );
        assert_eq!(
            found("crates/cuadra-core/src/compare/mod.rs", text),
            expected
        );
        // Lookups while reading are fine, and `documents` is not `document`.
        assert_eq!(
            found("crates/cuadra-core/src/input/payroll_book.rs", text),
            Vec::<String>::new()
        );
        assert_eq!(
            found("crates/cuadra-core/src/documents.rs", text),
            Vec::<String>::new()
        );
    }

    #[test]
    fn network_apis_in_the_page_and_workers() {
        let text = "//! x\nfn f(w: Window) {\n    w.fetch_with_str(\"/x\");\n    let s = WebSocket::new(\"ws://x\");\n    n.send_beacon(\"u\");\n    let n = x.fetch_add(1);\n}\n";
        assert_eq!(
            found("src/workers/mod.rs", text),
            [
                "3: network API `fetch_with_str` in the page or a worker",
                "4: network API `WebSocket` in the page or a worker",
                "5: network API `send_beacon` in the page or a worker",
            ]
        );
    }

    #[test]
    fn spanish_literals_in_components() {
        let text = "//! x\n// Período in a comment is fine\nfn f() -> String {\n    format!(\"Período: {p}\")\n}\nconst OK: &str = \"ok\";\n\
                    #[cfg(test)]\nmod tests {\n    const T: &str = \"Días\";\n}\n";
        assert_eq!(
            found("src/app/slots.rs", text),
            ["4: Spanish text \"Período: {p}\" in a component"]
        );
        assert_eq!(found("src/ui_text.rs", text), Vec::<String>::new());
    }

    #[test]
    fn exceptions_cover_worker_code_only_and_go_stale() {
        let tree = FakeTree::new(&[
            (
                "src/worker_runtime.rs",
                "//! x\nthread_local! { static A: u8 = 0; }\n",
            ),
            ("src/workers/mod.rs", "//! x\n"),
            (
                "src/app/controller.rs",
                "//! x\nthread_local! { static B: u8 = 0; }\n",
            ),
            (
                "crates/cuadra-core/src/document.rs",
                "//! x\nuse std::collections::HashMap;\n",
            ),
        ]);
        let exception = |file| FileException {
            file,
            reason: "a reason",
        };
        let thread_ok = [
            exception("src/worker_runtime.rs"),
            exception("src/workers/mod.rs"),
            exception("src/app/controller.rs"),
        ];
        let hash_ok = [
            exception("crates/cuadra-core/src/document.rs"),
            exception("crates/cuadra-core/src/export/mod.rs"),
        ];
        let found: Vec<String> = check_with(&tree.sources(), &thread_ok, &hash_ok)
            .into_iter()
            .map(|v| format!("{}:{} {}", v.file, v.line.unwrap_or(0), v.what))
            .collect();
        assert_eq!(
            found,
            [
                "src/app/controller.rs:2 `thread_local!` in the page's modules",
                "xtask/src/tidy/allow.rs:0 a `thread_local!` exception no longer needed (entry for src/workers/mod.rs: a reason)",
                "xtask/src/tidy/allow.rs:0 a `thread_local!` exception outside worker-side code (entry for src/app/controller.rs: a reason)",
                "xtask/src/tidy/allow.rs:0 a hash collection exception no longer needed (entry for crates/cuadra-core/src/export/mod.rs: a reason)",
            ]
        );
    }
}
