//! A small Rust lexer for `tidy`: tokens with their line, comments dropped, string and char
//! literals kept apart, so a check never matches a word in a comment or in user-facing text.

/// One token of Rust source. Literals keep their text only where a check needs it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Tok {
    Ident(String),
    /// `::`
    PathSep,
    Punct(char),
    /// A string literal's contents between the quotes, escapes left as written.
    Str(String),
    /// A char or byte literal, a number or a lifetime: nothing a check looks into.
    Other,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    pub tok: Tok,
    /// 1-based, as an editor shows it.
    pub line: u32,
}

impl Token {
    pub fn is_ident(&self, name: &str) -> bool {
        matches!(&self.tok, Tok::Ident(ident) if ident == name)
    }

    pub fn is_punct(&self, c: char) -> bool {
        self.tok == Tok::Punct(c)
    }
}

/// Splits `source` into tokens. Unterminated literals or comments end at the end of the
/// file: tidy reports on the code it can read and leaves syntax errors to the compiler.
pub fn tokenize(source: &str) -> Vec<Token> {
    let chars: Vec<char> = source.chars().collect();
    let mut lexer = Lexer {
        chars: &chars,
        pos: 0,
        line: 1,
    };
    let mut tokens = Vec::new();
    while let Some(token) = lexer.next_token() {
        tokens.push(token);
    }
    tokens
}

struct Lexer<'a> {
    chars: &'a [char],
    pos: usize,
    line: u32,
}

impl Lexer<'_> {
    fn peek(&self, ahead: usize) -> Option<char> {
        self.chars.get(self.pos + ahead).copied()
    }

    fn bump(&mut self) -> Option<char> {
        let c = self.peek(0)?;
        self.pos += 1;
        if c == '\n' {
            self.line += 1;
        }
        Some(c)
    }

    fn next_token(&mut self) -> Option<Token> {
        loop {
            let c = self.peek(0)?;
            if c.is_whitespace() {
                self.bump();
            } else if c == '/' && self.peek(1) == Some('/') {
                while self.peek(0).is_some_and(|c| c != '\n') {
                    self.bump();
                }
            } else if c == '/' && self.peek(1) == Some('*') {
                self.block_comment();
            } else {
                break;
            }
        }
        let line = self.line;
        let c = self.peek(0)?;
        let tok = if c == '"' {
            Tok::Str(self.quoted())
        } else if c == '\'' {
            self.char_or_lifetime();
            Tok::Other
        } else if c.is_ascii_digit() {
            self.number();
            Tok::Other
        } else if is_ident_start(c) {
            self.word()
        } else if c == ':' && self.peek(1) == Some(':') {
            self.bump();
            self.bump();
            Tok::PathSep
        } else {
            self.bump();
            Tok::Punct(c)
        };
        Some(Token { tok, line })
    }

    /// Nested, as Rust's are.
    fn block_comment(&mut self) {
        self.bump();
        self.bump();
        let mut depth = 1;
        while depth > 0 {
            match (self.peek(0), self.peek(1)) {
                (Some('/'), Some('*')) => {
                    self.bump();
                    self.bump();
                    depth += 1;
                }
                (Some('*'), Some('/')) => {
                    self.bump();
                    self.bump();
                    depth -= 1;
                }
                (Some(_), _) => {
                    self.bump();
                }
                (None, _) => return,
            }
        }
    }

    /// A `"…"` literal with backslash escapes; the cursor is on the opening quote.
    fn quoted(&mut self) -> String {
        self.bump();
        let mut text = String::new();
        while let Some(c) = self.bump() {
            match c {
                '"' => break,
                '\\' => {
                    text.push(c);
                    if let Some(escaped) = self.bump() {
                        text.push(escaped);
                    }
                }
                _ => text.push(c),
            }
        }
        text
    }

    /// A raw literal `r#…#"…"#…#`; the cursor is on the first `#` or the quote.
    fn raw_quoted(&mut self) -> String {
        let mut hashes = 0;
        while self.peek(0) == Some('#') {
            self.bump();
            hashes += 1;
        }
        self.bump(); // the opening quote
        let mut text = String::new();
        while let Some(c) = self.bump() {
            if c == '"' && (0..hashes).all(|i| self.peek(i) == Some('#')) {
                for _ in 0..hashes {
                    self.bump();
                }
                break;
            }
            text.push(c);
        }
        text
    }

    /// `'x'`, `'\n'`, `'\u{f1}'` are literals; `'a` and `'static` are lifetimes or labels.
    fn char_or_lifetime(&mut self) {
        self.bump();
        if self.peek(0) == Some('\\') {
            while let Some(c) = self.bump() {
                if c == '\\' {
                    self.bump();
                } else if c == '\'' {
                    return;
                }
            }
        } else if self.peek(1) == Some('\'') {
            self.bump();
            self.bump();
        } else {
            while self.peek(0).is_some_and(is_ident_continue) {
                self.bump();
            }
        }
    }

    fn number(&mut self) {
        while let Some(c) = self.peek(0) {
            let decimal_point = c == '.' && self.peek(1).is_some_and(|d| d.is_ascii_digit());
            if is_ident_continue(c) || decimal_point {
                self.bump();
            } else {
                break;
            }
        }
    }

    /// An identifier, or the prefix of a literal (`b"…"`, `r#"…"#`, `br"…"`, `c"…"`,
    /// `b'x'`), or a raw identifier (`r#type`).
    fn word(&mut self) -> Tok {
        let start = self.pos;
        while self.peek(0).is_some_and(is_ident_continue) {
            self.bump();
        }
        let word: String = self.chars[start..self.pos].iter().collect();
        let raw_start = matches!(
            (self.peek(0), self.peek(1)),
            (Some('"'), _) | (Some('#'), Some('"' | '#'))
        );
        match word.as_str() {
            "r" | "br" | "cr" if raw_start => Tok::Str(self.raw_quoted()),
            "b" | "c" if self.peek(0) == Some('"') => Tok::Str(self.quoted()),
            "b" if self.peek(0) == Some('\'') => {
                self.char_or_lifetime();
                Tok::Other
            }
            "r" if self.peek(0) == Some('#') && self.peek(1).is_some_and(is_ident_start) => {
                self.bump();
                let start = self.pos;
                while self.peek(0).is_some_and(is_ident_continue) {
                    self.bump();
                }
                Tok::Ident(self.chars[start..self.pos].iter().collect())
            }
            _ => Tok::Ident(word),
        }
    }
}

fn is_ident_start(c: char) -> bool {
    c == '_' || c.is_alphabetic()
}

fn is_ident_continue(c: char) -> bool {
    c == '_' || c.is_alphanumeric()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn idents(source: &str) -> Vec<String> {
        tokenize(source)
            .into_iter()
            .filter_map(|token| match token.tok {
                Tok::Ident(ident) => Some(ident),
                _ => None,
            })
            .collect()
    }

    fn strings(source: &str) -> Vec<(u32, String)> {
        tokenize(source)
            .into_iter()
            .filter_map(|token| match token.tok {
                Tok::Str(text) => Some((token.line, text)),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn comments_are_not_code() {
        let source = "a // HashMap\n/* thread_local! /* nested */ calamine */ b\n/// doc fetch\nc";
        assert_eq!(idents(source), ["a", "b", "c"]);
    }

    #[test]
    fn strings_are_kept_apart_with_their_line() {
        let source = "let x = \"uno \\\" dos\";\nlet y = r#\"tres \"cuatro\" \"#;\nb\"cinco\"";
        assert_eq!(
            strings(source),
            [
                (1, "uno \\\" dos".to_string()),
                (2, "tres \"cuatro\" ".to_string()),
                (3, "cinco".to_string()),
            ]
        );
        assert_eq!(idents(source), ["let", "x", "let", "y"]);
    }

    #[test]
    fn a_comment_marker_inside_a_string_is_text() {
        let source = "let url = \"http://example\"; after";
        assert_eq!(idents(source), ["let", "url", "after"]);
    }

    #[test]
    fn char_literals_and_lifetimes() {
        // A quote or a brace in a char literal must not open a string or a block.
        let source =
            "fn f<'a>(x: &'a str) -> char { if x == \"\" { '\"' } else { '{' } }\n'\\u{f1}' z";
        let tokens = tokenize(source);
        assert_eq!(tokens.iter().filter(|t| t.is_punct('{')).count(), 3);
        assert!(strings(source) == [(1, String::new())]);
        assert_eq!(
            tokens.last().map(|t| (t.line, t.tok.clone())),
            Some((2, Tok::Ident("z".into())))
        );
    }

    #[test]
    fn path_separators_and_raw_identifiers() {
        let tokens = tokenize("crate::a::r#type");
        let kinds: Vec<Tok> = tokens.into_iter().map(|t| t.tok).collect();
        assert_eq!(
            kinds,
            [
                Tok::Ident("crate".into()),
                Tok::PathSep,
                Tok::Ident("a".into()),
                Tok::PathSep,
                Tok::Ident("type".into()),
            ]
        );
    }

    #[test]
    fn lines_count_across_block_comments_and_multiline_strings() {
        let source = "/*\n\n*/ \"a\nb\" x";
        let last = tokenize(source).pop().expect("x is a token");
        assert_eq!((last.line, last.tok), (4, Tok::Ident("x".into())));
    }
}
