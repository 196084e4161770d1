//! Lexer and parser of the rule language: text → syntax tree, with every error positioned.
//!
//! The parser recovers at the next statement keyword that starts a line, so one
//! compile reports the problems of every statement, not only the first.

use crate::error::{CompileError, Pos};

/// Deepest nesting of `not` / parentheses accepted; bounds the recursion of the parser.
pub(crate) const CONDITION_DEPTH_MAX: usize = 32;

#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Tok {
    /// Identifier or bare word: starts with a letter or `_`, continues with letters,
    /// digits, `_` and `-`.
    Word(String),
    /// Atom starting with a digit (or `-` then digit): a number or a date.
    Atom(String),
    Str(String),
    LParen,
    RParen,
    Comma,
    Colon,
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
    Percent,
    DotDot,
    Eof,
}

impl Tok {
    fn describe(&self) -> String {
        match self {
            Tok::Word(w) => format!("`{w}`"),
            Tok::Atom(a) => format!("`{a}`"),
            Tok::Str(s) => format!("string \"{s}\""),
            Tok::LParen => "`(`".into(),
            Tok::RParen => "`)`".into(),
            Tok::Comma => "`,`".into(),
            Tok::Colon => "`:`".into(),
            Tok::Eq => "`=`".into(),
            Tok::Ne => "`!=`".into(),
            Tok::Lt => "`<`".into(),
            Tok::Le => "`<=`".into(),
            Tok::Gt => "`>`".into(),
            Tok::Ge => "`>=`".into(),
            Tok::Percent => "`%`".into(),
            Tok::DotDot => "`..`".into(),
            Tok::Eof => "end of text".into(),
        }
    }
}

#[derive(Clone, Debug)]
pub(crate) struct Token {
    pub tok: Tok,
    pub pos: Pos,
    pub first_on_line: bool,
}

pub(crate) fn lex(source: &str, errors: &mut Vec<CompileError>) -> Vec<Token> {
    let chars: Vec<char> = source.chars().collect();
    let mut tokens = Vec::new();
    let (mut i, mut line, mut col) = (0usize, 1u32, 1u32);
    let mut line_has_token = false;
    while i < chars.len() {
        let c = chars[i];
        let pos = Pos { line, column: col };
        let start = i;
        let tok = match c {
            '\n' => {
                i += 1;
                line += 1;
                col = 1;
                line_has_token = false;
                continue;
            }
            c if c.is_whitespace() => {
                i += 1;
                col += 1;
                continue;
            }
            '#' => {
                while i < chars.len() && chars[i] != '\n' {
                    i += 1;
                }
                continue;
            }
            '"' => {
                i += 1;
                let mut text = String::new();
                let mut closed = false;
                while i < chars.len() && chars[i] != '\n' {
                    match chars[i] {
                        '"' => {
                            closed = true;
                            i += 1;
                            break;
                        }
                        '\\' if i + 1 < chars.len() && matches!(chars[i + 1], '"' | '\\') => {
                            text.push(chars[i + 1]);
                            i += 2;
                        }
                        other => {
                            text.push(other);
                            i += 1;
                        }
                    }
                }
                if !closed {
                    errors.push(CompileError::at(
                        pos,
                        "unterminated_string",
                        "string is not closed on this line",
                    ));
                }
                Tok::Str(text)
            }
            c if c.is_ascii_alphabetic() || c == '_' => {
                while i < chars.len()
                    && (chars[i].is_ascii_alphanumeric() || chars[i] == '_' || chars[i] == '-')
                {
                    i += 1;
                }
                Tok::Word(chars[start..i].iter().collect())
            }
            c if c.is_ascii_digit()
                || (c == '-' && chars.get(i + 1).is_some_and(char::is_ascii_digit)) =>
            {
                i += 1;
                while i < chars.len() {
                    let d = chars[i];
                    let is_range = d == '.' && chars.get(i + 1) == Some(&'.');
                    if is_range || !(d.is_ascii_alphanumeric() || d == '.' || d == '-' || d == '_')
                    {
                        break;
                    }
                    i += 1;
                }
                Tok::Atom(chars[start..i].iter().collect())
            }
            _ => {
                let next = chars.get(i + 1).copied();
                let (tok, len) = match (c, next) {
                    ('(', _) => (Some(Tok::LParen), 1),
                    (')', _) => (Some(Tok::RParen), 1),
                    (',', _) => (Some(Tok::Comma), 1),
                    (':', _) => (Some(Tok::Colon), 1),
                    ('%', _) => (Some(Tok::Percent), 1),
                    ('=', _) => (Some(Tok::Eq), 1),
                    ('!', Some('=')) => (Some(Tok::Ne), 2),
                    ('<', Some('=')) => (Some(Tok::Le), 2),
                    ('<', _) => (Some(Tok::Lt), 1),
                    ('>', Some('=')) => (Some(Tok::Ge), 2),
                    ('>', _) => (Some(Tok::Gt), 1),
                    ('.', Some('.')) => (Some(Tok::DotDot), 2),
                    _ => (None, 1),
                };
                i += len;
                match tok {
                    Some(tok) => tok,
                    None => {
                        errors.push(CompileError::at(
                            pos,
                            "unexpected_character",
                            format!("unexpected character `{c}`"),
                        ));
                        col += 1;
                        continue;
                    }
                }
            }
        };
        col += (i - start) as u32;
        tokens.push(Token {
            tok,
            pos,
            first_on_line: !line_has_token,
        });
        line_has_token = true;
    }
    tokens.push(Token {
        tok: Tok::Eof,
        pos: Pos { line, column: col },
        first_on_line: true,
    });
    tokens
}

/// A literal as written; its type is decided against the field it is compared with.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum LitKind {
    /// Bare word such as `JPN` or `true`.
    Word,
    /// Token starting with a digit such as `20` or `2026-01-01`.
    Atom,
    /// Quoted string.
    Str,
}

#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Lit {
    pub kind: LitKind,
    pub text: String,
    pub pos: Pos,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Op {
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
    StartsWith,
    Contains,
    In,
    NotIn,
}

impl Op {
    pub fn as_str(self) -> &'static str {
        match self {
            Op::Eq => "=",
            Op::Ne => "!=",
            Op::Lt => "<",
            Op::Le => "<=",
            Op::Gt => ">",
            Op::Ge => ">=",
            Op::StartsWith => "starts_with",
            Op::Contains => "contains",
            Op::In => "in",
            Op::NotIn => "not in",
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Rhs {
    Lit(Lit),
    Set(Vec<Lit>),
    List { name: String, pos: Pos },
}

#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Cond {
    And(Vec<Cond>),
    Or(Vec<Cond>),
    Not(Box<Cond>),
    /// A boolean field on its own, e.g. `partner_mra_aeo`.
    Bare {
        field: String,
        pos: Pos,
    },
    Test {
        field: String,
        pos: Pos,
        op: Op,
        op_pos: Pos,
        rhs: Rhs,
    },
}

#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Spanned {
    pub text: String,
    pub pos: Pos,
}

#[derive(Clone, Debug, PartialEq)]
pub(crate) struct RuleAst {
    pub id: Spanned,
    pub cond: Cond,
    pub lane: Spanned,
    pub probability: Option<Spanned>,
    pub valid: Option<(Spanned, Spanned)>,
    pub because: Option<String>,
    pub author: Option<String>,
}

#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Stmt {
    Rule(RuleAst),
    List {
        name: Spanned,
        values: Vec<Lit>,
    },
    Random {
        lane: Spanned,
        rate: Spanned,
    },
    Facilitation {
        tier: Spanned,
        random: Option<Spanned>,
        rules: Option<Spanned>,
    },
}

/// Words that cannot name a field because the grammar uses them.
const RESERVED: [&str; 5] = ["and", "or", "not", "when", "then"];

const STATEMENT_KEYWORDS: [&str; 4] = ["rule", "list", "random", "facilitation"];

pub(crate) fn parse(tokens: &[Token], errors: &mut Vec<CompileError>) -> Vec<Stmt> {
    let mut parser = Parser { tokens, at: 0 };
    let mut statements = Vec::new();
    while parser.peek().tok != Tok::Eof {
        match parser.statement() {
            Ok(stmt) => statements.push(stmt),
            Err(error) => {
                errors.push(error);
                parser.recover();
            }
        }
    }
    statements
}

struct Parser<'t> {
    tokens: &'t [Token],
    at: usize,
}

type Parsed<T> = Result<T, CompileError>;

impl<'t> Parser<'t> {
    fn peek(&self) -> &'t Token {
        &self.tokens[self.at.min(self.tokens.len() - 1)]
    }

    fn next(&mut self) -> &'t Token {
        let token = self.peek();
        if self.at < self.tokens.len() - 1 {
            self.at += 1;
        }
        token
    }

    fn is_atom_at(&self, ahead: usize) -> bool {
        let at = (self.at + ahead).min(self.tokens.len() - 1);
        matches!(self.tokens[at].tok, Tok::Atom(_))
    }

    fn is_word(&self, word: &str) -> bool {
        matches!(&self.peek().tok, Tok::Word(w) if w == word)
    }

    fn at_statement_start(&self) -> bool {
        let token = self.peek();
        token.tok == Tok::Eof
            || matches!(&token.tok, Tok::Word(w) if STATEMENT_KEYWORDS.contains(&w.as_str()))
    }

    /// Skips to the next statement keyword that begins a line.
    fn recover(&mut self) {
        self.next();
        loop {
            let token = self.peek();
            if token.tok == Tok::Eof
                || (token.first_on_line
                    && matches!(&token.tok, Tok::Word(w) if STATEMENT_KEYWORDS.contains(&w.as_str())))
            {
                return;
            }
            self.next();
        }
    }

    fn unexpected(&self, expected: &str) -> CompileError {
        let token = self.peek();
        let code = if token.tok == Tok::Eof {
            "unexpected_end"
        } else {
            "unexpected_token"
        };
        CompileError::at(
            token.pos,
            code,
            format!("expected {expected}, found {}", token.tok.describe()),
        )
    }

    fn expect(&mut self, tok: Tok, expected: &str) -> Parsed<&'t Token> {
        if self.peek().tok == tok {
            Ok(self.next())
        } else {
            Err(self.unexpected(expected))
        }
    }

    fn expect_keyword(&mut self, word: &str) -> Parsed<()> {
        if self.is_word(word) {
            self.next();
            Ok(())
        } else {
            Err(self.unexpected(&format!("`{word}`")))
        }
    }

    fn word(&mut self, expected: &str) -> Parsed<Spanned> {
        let token = self.peek();
        match &token.tok {
            Tok::Word(w) => {
                self.next();
                Ok(Spanned {
                    text: w.clone(),
                    pos: token.pos,
                })
            }
            _ => Err(self.unexpected(expected)),
        }
    }

    fn string(&mut self, expected: &str) -> Parsed<String> {
        match &self.peek().tok {
            Tok::Str(s) => {
                self.next();
                Ok(s.clone())
            }
            _ => Err(self.unexpected(expected)),
        }
    }

    fn atom(&mut self, expected: &str) -> Parsed<Spanned> {
        let token = self.peek();
        match &token.tok {
            Tok::Atom(a) => {
                self.next();
                Ok(Spanned {
                    text: a.clone(),
                    pos: token.pos,
                })
            }
            _ => Err(self.unexpected(expected)),
        }
    }

    fn percent(&mut self) -> Parsed<Spanned> {
        let number = self.atom("a percentage such as `30%`")?;
        self.expect(Tok::Percent, "`%` after the percentage")?;
        Ok(number)
    }

    fn statement(&mut self) -> Parsed<Stmt> {
        let keyword = self.word("a statement (`rule`, `list`, `random` or `facilitation`)")?;
        match keyword.text.as_str() {
            "rule" => self.rule().map(Stmt::Rule),
            "list" => {
                let name = self.word("a list name")?;
                self.expect(Tok::Eq, "`=` after the list name")?;
                let values = self.literal_set()?;
                Ok(Stmt::List { name, values })
            }
            "random" => {
                let lane = self.word("a lane (`blue`, `yellow` or `red`)")?;
                let rate = self.percent()?;
                Ok(Stmt::Random { lane, rate })
            }
            "facilitation" => {
                let tier = self
                    .word("a facilitation tier (`aeo-general`, `aeo-advanced` or `partner-mra`)")?;
                let (mut random, mut rules) = (None, None);
                // `random` is also a statement keyword: here it is a clause when a percentage follows.
                while !self.at_statement_start() || (self.is_word("random") && self.is_atom_at(1)) {
                    let clause = self.word("`random` or `rules`")?;
                    let slot = match clause.text.as_str() {
                        "random" => &mut random,
                        "rules" => &mut rules,
                        _ => {
                            return Err(CompileError::at(
                                clause.pos,
                                "unexpected_token",
                                format!("expected `random` or `rules`, found `{}`", clause.text),
                            ));
                        }
                    };
                    if slot.is_some() {
                        return Err(CompileError::at(
                            clause.pos,
                            "duplicate_clause",
                            format!("`{}` given twice", clause.text),
                        ));
                    }
                    *slot = Some(self.percent()?);
                }
                Ok(Stmt::Facilitation {
                    tier,
                    random,
                    rules,
                })
            }
            other => Err(CompileError::at(
                keyword.pos,
                "unexpected_token",
                format!(
                    "expected a statement (`rule`, `list`, `random` or `facilitation`), found `{other}`"
                ),
            )),
        }
    }

    fn rule(&mut self) -> Parsed<RuleAst> {
        let id = self.word("a rule id")?;
        self.expect(Tok::Colon, "`:` after the rule id")?;
        self.expect_keyword("when")?;
        let cond = self.or(0)?;
        self.expect_keyword("then")?;
        let lane = self.word("a lane (`green`, `blue`, `yellow` or `red`)")?;
        let mut rule = RuleAst {
            id,
            cond,
            lane,
            probability: None,
            valid: None,
            because: None,
            author: None,
        };
        while !self.at_statement_start() {
            let token = self.peek();
            let duplicate = match &token.tok {
                Tok::Atom(_) => {
                    let duplicate = rule.probability.is_some();
                    rule.probability = Some(self.percent()?);
                    duplicate
                }
                Tok::Word(w) if w == "valid" => {
                    self.next();
                    let from = self.atom("a date such as `2026-01-01`")?;
                    self.expect(Tok::DotDot, "`..` between the two dates")?;
                    let to = self.atom("a date such as `2026-12-31`")?;
                    rule.valid.replace((from, to)).is_some()
                }
                Tok::Word(w) if w == "because" => {
                    self.next();
                    rule.because
                        .replace(self.string("a quoted reason")?)
                        .is_some()
                }
                Tok::Word(w) if w == "author" => {
                    self.next();
                    rule.author
                        .replace(self.string("a quoted author")?)
                        .is_some()
                }
                _ => {
                    return Err(self.unexpected(
                        "a probability, `valid`, `because`, `author` or the next statement",
                    ));
                }
            };
            if duplicate {
                return Err(CompileError::at(
                    token.pos,
                    "duplicate_clause",
                    "this clause is given twice in the rule",
                ));
            }
        }
        Ok(rule)
    }

    fn or(&mut self, depth: usize) -> Parsed<Cond> {
        let mut parts = vec![self.and(depth)?];
        while self.is_word("or") {
            self.next();
            parts.push(self.and(depth)?);
        }
        Ok(if parts.len() == 1 {
            parts.pop().expect("one part")
        } else {
            Cond::Or(parts)
        })
    }

    fn and(&mut self, depth: usize) -> Parsed<Cond> {
        let mut parts = vec![self.unary(depth)?];
        while self.is_word("and") {
            self.next();
            parts.push(self.unary(depth)?);
        }
        Ok(if parts.len() == 1 {
            parts.pop().expect("one part")
        } else {
            Cond::And(parts)
        })
    }

    fn unary(&mut self, depth: usize) -> Parsed<Cond> {
        if depth >= CONDITION_DEPTH_MAX {
            return Err(CompileError::at(
                self.peek().pos,
                "nesting_too_deep",
                format!("conditions may nest at most {CONDITION_DEPTH_MAX} levels"),
            ));
        }
        if self.is_word("not") {
            self.next();
            return Ok(Cond::Not(Box::new(self.unary(depth + 1)?)));
        }
        if self.peek().tok == Tok::LParen {
            self.next();
            let inner = self.or(depth + 1)?;
            self.expect(Tok::RParen, "`)`")?;
            return Ok(inner);
        }
        self.test()
    }

    fn test(&mut self) -> Parsed<Cond> {
        if matches!(&self.peek().tok, Tok::Word(w) if RESERVED.contains(&w.as_str())) {
            return Err(self.unexpected("a field name, `not` or `(`"));
        }
        let field = self.word("a field name, `not` or `(`")?;
        let op_token = self.peek();
        let op = match &op_token.tok {
            Tok::Eq => Op::Eq,
            Tok::Ne => Op::Ne,
            Tok::Lt => Op::Lt,
            Tok::Le => Op::Le,
            Tok::Gt => Op::Gt,
            Tok::Ge => Op::Ge,
            Tok::Word(w) if w == "starts_with" => Op::StartsWith,
            Tok::Word(w) if w == "contains" => Op::Contains,
            Tok::Word(w) if w == "in" => Op::In,
            Tok::Word(w) if w == "not" => {
                self.next();
                if !self.is_word("in") {
                    return Err(self.unexpected("`in` after `not`"));
                }
                Op::NotIn
            }
            _ => {
                return Ok(Cond::Bare {
                    field: field.text,
                    pos: field.pos,
                });
            }
        };
        self.next();
        let rhs = match op {
            Op::In | Op::NotIn => {
                if self.is_word("list") {
                    self.next();
                    let name = self.word("a list name")?;
                    Rhs::List {
                        name: name.text,
                        pos: name.pos,
                    }
                } else {
                    Rhs::Set(self.literal_set()?)
                }
            }
            Op::StartsWith | Op::Contains if self.peek().tok == Tok::LParen => {
                Rhs::Set(self.literal_set()?)
            }
            _ => Rhs::Lit(self.literal()?),
        };
        Ok(Cond::Test {
            field: field.text,
            pos: field.pos,
            op,
            op_pos: op_token.pos,
            rhs,
        })
    }

    fn literal(&mut self) -> Parsed<Lit> {
        let token = self.peek();
        let (kind, text) = match &token.tok {
            Tok::Word(w) => (LitKind::Word, w.clone()),
            Tok::Atom(a) => (LitKind::Atom, a.clone()),
            Tok::Str(s) => (LitKind::Str, s.clone()),
            _ => return Err(self.unexpected("a value (number, quoted text or bare word)")),
        };
        self.next();
        Ok(Lit {
            kind,
            text,
            pos: token.pos,
        })
    }

    fn literal_set(&mut self) -> Parsed<Vec<Lit>> {
        self.expect(Tok::LParen, "`(` starting a list of values")?;
        let mut values = vec![self.literal()?];
        while self.peek().tok == Tok::Comma {
            self.next();
            values.push(self.literal()?);
        }
        self.expect(Tok::RParen, "`,` or `)`")?;
        Ok(values)
    }
}
