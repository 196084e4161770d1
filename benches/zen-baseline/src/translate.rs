//! Translates a chuanyu rule text into one JDM decision graph for zen-engine: a header table and an item table (loop mode), one row per rule.
//!
//! The translator reads the same text `chuanyu_risk::compile` reads, so both engines get
//! the same conditions and thresholds. It covers the subset of the rule language the
//! synthetic generator (crates/risk/tests/it/synth.rs) emits — any condition made of
//! field tests joined by `and` / `or` / `not` — and panics on anything else (it is a
//! benchmark fixture, not a product).
//!
//! Mapping:
//!
//! - A rule that reads no item field goes into the **header table** (evaluated once per
//!   declaration). Any other rule goes into the **item table**, run by zen in `loop`
//!   mode over `items`: zen evaluates it once per goods item, and each item record carries
//!   the header fields those rules read. A rule matches if its row matches for some item
//!   — chuanyu's "one and the same item" semantics.
//! - Each top-level `and` conjunct that is one test on a field becomes a cell in that
//!   field's column, in zen's unary syntax (`"JPN", "KOR"`, `< 20`, `false`…), so zen's
//!   own table index (exact-match on enum cells) can prune rows. `hs starts_with "P"` with
//!   P of 2/4/6/8/10 digits becomes an exact-match cell on the derived column
//!   `hs_chapter` / `hs_heading` / `hs_subheading` / `hs8` / `hs` (equivalent: a prefix
//!   of length k matches iff the first k digits equal it, and a shorter code has neither).
//!   `in list NAME` inlines the list's values (zen has no named lists).
//! - Any other conjunct (an `or` group, a `not` of a non-boolean, a second test on an
//!   already used column) goes into the field-less column `expr` as a standard zen
//!   expression; several are joined with `and`.
//! - Absent values: a record omits an absent field (zen reads `null`); every translated
//!   test except `= value`, `in`, bare boolean is guarded with `!= null`, so a test on an
//!   absent value is false, as in chuanyu.
//! - Output columns `id` and `lane`, hit policy `collect` (every matching row reported).
//! - Validity periods are applied at translation time (rules not valid on the assessment
//!   date are left out), like `assess(facts, on)` does at evaluation time.

use std::collections::{BTreeMap, BTreeSet};

use chuanyu_risk::NamedLists;
use jiff::civil::Date;
use serde_json::{Value, json};

/// Item fields of the rule language (LANGUAGE.md, "Item"); every other field is a header field.
pub const ITEM_FIELDS: &[&str] = &[
    "hs",
    "hs_chapter",
    "hs_heading",
    "hs_subheading",
    "description",
    "origin",
    "quantity",
    "unit",
    "value_cny",
    "unit_value_cny",
    "item_net_weight_kg",
    "item_value_per_kg_cny",
    "item_value_share",
    // derived for the zen tables only: the first 8 digits of the HS code
    "hs8",
];

const NUMBER_FIELDS: &[&str] = &[
    "total_value_cny",
    "freight_cny",
    "insurance_cny",
    "cif_value_cny",
    "gross_weight_kg",
    "net_weight_kg",
    "gross_net_ratio",
    "value_per_kg_cny",
    "freight_share",
    "packages",
    "item_count",
    "prior_hits",
    "quantity",
    "value_cny",
    "unit_value_cny",
    "item_net_weight_kg",
    "item_value_per_kg_cny",
    "item_value_share",
];

const BOOL_FIELDS: &[&str] = &["partner_mra_aeo"];

pub fn is_item_field(field: &str) -> bool {
    ITEM_FIELDS.contains(&field)
}

// ---------------------------------------------------------------- parsing

#[derive(Clone, Debug, PartialEq)]
enum Tok {
    Word(String),
    Str(String),
    LParen,
    RParen,
    Comma,
    Op(&'static str),
}

fn tokenize(text: &str) -> Vec<Tok> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        match c {
            _ if c.is_whitespace() => i += 1,
            '(' => {
                out.push(Tok::LParen);
                i += 1;
            }
            ')' => {
                out.push(Tok::RParen);
                i += 1;
            }
            ',' => {
                out.push(Tok::Comma);
                i += 1;
            }
            '"' => {
                let mut s = String::new();
                i += 1;
                while chars[i] != '"' {
                    if chars[i] == '\\' {
                        i += 1;
                    }
                    s.push(chars[i]);
                    i += 1;
                }
                i += 1;
                out.push(Tok::Str(s));
            }
            '=' => {
                out.push(Tok::Op("="));
                i += 1;
            }
            '!' | '<' | '>' => {
                let two = chars.get(i + 1) == Some(&'=');
                out.push(Tok::Op(match (c, two) {
                    ('!', true) => "!=",
                    ('<', true) => "<=",
                    ('>', true) => ">=",
                    ('<', false) => "<",
                    ('>', false) => ">",
                    _ => panic!("unexpected character {c:?} in {text:?}"),
                }));
                i += if two { 2 } else { 1 };
            }
            _ if c.is_alphanumeric() || c == '_' || c == '-' => {
                let start = i;
                while i < chars.len()
                    && (chars[i].is_alphanumeric() || matches!(chars[i], '_' | '-' | '.'))
                {
                    i += 1;
                }
                out.push(Tok::Word(chars[start..i].iter().collect()));
            }
            _ => panic!("unexpected character {c:?} in {text:?}"),
        }
    }
    out
}

/// A literal value; numbers are kept as written (exact decimals on both sides).
#[derive(Clone, Debug)]
enum Lit {
    Text(String),
    Number(String),
}

impl Lit {
    fn zen(&self) -> String {
        match self {
            Lit::Text(t) => serde_json::to_string(t).expect("string literal"),
            Lit::Number(n) => n.clone(),
        }
    }
}

#[derive(Clone, Debug)]
enum Cond {
    Or(Vec<Cond>),
    And(Vec<Cond>),
    Not(Box<Cond>),
    Test {
        field: String,
        op: &'static str,
        values: Vec<Lit>,
    },
}

struct Parser<'a> {
    toks: Vec<Tok>,
    pos: usize,
    lists: &'a NamedLists,
}

impl Parser<'_> {
    fn peek(&self) -> Option<&Tok> {
        self.toks.get(self.pos)
    }

    fn next(&mut self) -> Tok {
        let t = self.toks[self.pos].clone();
        self.pos += 1;
        t
    }

    fn is_word(&self, w: &str) -> bool {
        matches!(self.peek(), Some(Tok::Word(x)) if x == w)
    }

    fn condition(&mut self) -> Cond {
        let mut parts = vec![self.conjunction()];
        while self.is_word("or") {
            self.pos += 1;
            parts.push(self.conjunction());
        }
        if parts.len() == 1 {
            parts.pop().expect("one")
        } else {
            Cond::Or(parts)
        }
    }

    fn conjunction(&mut self) -> Cond {
        let mut parts = vec![self.unary()];
        while self.is_word("and") {
            self.pos += 1;
            parts.push(self.unary());
        }
        if parts.len() == 1 {
            parts.pop().expect("one")
        } else {
            Cond::And(parts)
        }
    }

    fn unary(&mut self) -> Cond {
        if self.is_word("not") {
            self.pos += 1;
            return Cond::Not(Box::new(self.unary()));
        }
        if self.peek() == Some(&Tok::LParen) {
            self.pos += 1;
            let c = self.condition();
            assert_eq!(self.next(), Tok::RParen);
            return c;
        }
        self.test()
    }

    fn value(&mut self, field: &str) -> Lit {
        match self.next() {
            Tok::Str(s) => Lit::Text(s),
            Tok::Word(w) if NUMBER_FIELDS.contains(&field) => Lit::Number(w),
            Tok::Word(w) => Lit::Text(w),
            t => panic!("value expected, got {t:?}"),
        }
    }

    fn values(&mut self, field: &str) -> Vec<Lit> {
        if self.peek() != Some(&Tok::LParen) {
            return vec![self.value(field)];
        }
        self.pos += 1;
        let mut out = vec![self.value(field)];
        while self.peek() == Some(&Tok::Comma) {
            self.pos += 1;
            out.push(self.value(field));
        }
        assert_eq!(self.next(), Tok::RParen);
        out
    }

    fn test(&mut self) -> Cond {
        let Tok::Word(field) = self.next() else {
            panic!("field expected")
        };
        let (op, values) = match self.peek().cloned() {
            Some(Tok::Op(op)) => {
                self.pos += 1;
                (op, vec![self.value(&field)])
            }
            Some(Tok::Word(w)) if w == "starts_with" || w == "contains" => {
                self.pos += 1;
                (
                    if w == "contains" {
                        "contains"
                    } else {
                        "starts_with"
                    },
                    self.values(&field),
                )
            }
            Some(Tok::Word(w)) if w == "in" || w == "not" => {
                self.pos += 1;
                let negate = w == "not";
                if negate {
                    assert!(self.is_word("in"), "`not in` expected");
                    self.pos += 1;
                }
                let values = if self.is_word("list") {
                    self.pos += 1;
                    let Tok::Word(name) = self.next() else {
                        panic!("list name expected")
                    };
                    let list = self
                        .lists
                        .get(&name)
                        .unwrap_or_else(|| panic!("unknown list {name}"));
                    list.iter().map(|v| Lit::Text(v.clone())).collect()
                } else {
                    self.values(&field)
                };
                (if negate { "not_in" } else { "in" }, values)
            }
            _ => {
                assert!(
                    BOOL_FIELDS.contains(&field.as_str()),
                    "bare non-boolean {field}"
                );
                ("bool", Vec::new())
            }
        };
        Cond::Test { field, op, values }
    }
}

// ---------------------------------------------------------------- zen syntax

fn list(values: &[Lit]) -> String {
    values.iter().map(Lit::zen).collect::<Vec<_>>().join(", ")
}

/// A standard (full-syntax) zen expression over the record's fields.
fn standard(c: &Cond) -> String {
    match c {
        Cond::Or(parts) => format!(
            "({})",
            parts.iter().map(standard).collect::<Vec<_>>().join(" or ")
        ),
        Cond::And(parts) => format!(
            "({})",
            parts.iter().map(standard).collect::<Vec<_>>().join(" and ")
        ),
        Cond::Not(inner) => format!("not ({})", standard(inner)),
        Cond::Test { field, op, values } => test_expr(field, op, values),
    }
}

/// One test in standard syntax, `subject` being the field name (or `$` in a unary cell).
fn test_expr(subject: &str, op: &str, values: &[Lit]) -> String {
    // zen's unary syntax rejects a cell that opens with `(`: no outer parentheses for `$`
    let guarded = |e: String| {
        if subject == "$" {
            format!("$ != null and {e}")
        } else {
            format!("({subject} != null and {e})")
        }
    };
    match op {
        "bool" => format!("{subject} == true"),
        "=" => format!("{subject} == {}", values[0].zen()),
        "!=" => guarded(format!("{subject} != {}", values[0].zen())),
        "<" | "<=" | ">" | ">=" => guarded(format!("{subject} {op} {}", values[0].zen())),
        "starts_with" | "contains" => {
            let f = if op == "contains" {
                "contains"
            } else {
                "startsWith"
            };
            guarded(format!(
                "({})",
                values
                    .iter()
                    .map(|v| format!("{f}({subject}, {})", v.zen()))
                    .collect::<Vec<_>>()
                    .join(" or ")
            ))
        }
        "in" => format!("{subject} in [{}]", list(values)),
        "not_in" => guarded(format!("not ({subject} in [{}])", list(values))),
        _ => unreachable!("op {op}"),
    }
}

/// The column and unary-syntax cell for a top-level conjunct, if it is one test on a field.
fn cell(c: &Cond) -> Option<(String, String)> {
    match c {
        Cond::Not(inner) => match &**inner {
            Cond::Test {
                field, op: "bool", ..
            } => Some((field.clone(), "false".into())),
            _ => None,
        },
        Cond::Test { field, op, values } => {
            let text = match *op {
                "bool" => "true".to_owned(),
                "=" | "in" => list(values),
                "<" | "<=" | ">" | ">=" if NUMBER_FIELDS.contains(&field.as_str()) => {
                    format!("{op} {}", values[0].zen())
                }
                "starts_with" if field == "hs" && values.len() == 1 => {
                    let Lit::Text(p) = &values[0] else {
                        return None;
                    };
                    let column = match p.len() {
                        2 => "hs_chapter",
                        4 => "hs_heading",
                        6 => "hs_subheading",
                        8 => "hs8",
                        10 => "hs",
                        _ => return Some((field.clone(), test_expr("$", op, values))),
                    };
                    return Some((column.to_owned(), values[0].zen()));
                }
                _ => test_expr("$", op, values),
            };
            Some((field.clone(), text))
        }
        _ => None,
    }
}

fn fields_of(c: &Cond, out: &mut BTreeSet<String>) {
    match c {
        Cond::Or(p) | Cond::And(p) => p.iter().for_each(|c| fields_of(c, out)),
        Cond::Not(inner) => fields_of(inner, out),
        Cond::Test { field, .. } => {
            out.insert(field.clone());
        }
    }
}

// ---------------------------------------------------------------- tables

/// One translated rule: its table row and the record fields it reads.
struct Row {
    id: String,
    lane: String,
    cells: BTreeMap<String, String>,
    fields: BTreeSet<String>,
}

/// Column order: exact-match-indexable codes first (zen prunes on them), then the rest, `expr` last.
fn column_rank(column: &str) -> (u8, String) {
    let rank = match column {
        "hs_heading" | "hs_subheading" | "hs8" | "hs" | "hs_chapter" => 0,
        "trader" | "declarant" | "customs_office" => 1,
        "origin" | "declaration_origin" | "trade_mode" => 2,
        "expr" => 9,
        _ => 5,
    };
    (rank, column.to_owned())
}

fn table(id: &str, name: &str, rows: &[Row], loop_over: Option<&str>, output_path: &str) -> Value {
    let mut columns: Vec<String> = rows
        .iter()
        .flat_map(|r| r.cells.keys().cloned())
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    columns.sort_by_key(|c| column_rank(c));
    let inputs: Vec<Value> = columns
        .iter()
        .map(|c| {
            if c == "expr" {
                json!({ "id": "c_expr", "name": "other conditions" })
            } else {
                json!({ "id": format!("c_{c}"), "name": c, "field": c })
            }
        })
        .collect();
    let rules: Vec<Value> = rows
        .iter()
        .map(|r| {
            let mut row = serde_json::Map::new();
            row.insert("_id".into(), json!(r.id));
            for (column, text) in &r.cells {
                row.insert(format!("c_{column}"), json!(text));
            }
            row.insert("o_id".into(), json!(format!("\"{}\"", r.id)));
            row.insert("o_lane".into(), json!(format!("\"{}\"", r.lane)));
            Value::Object(row)
        })
        .collect();
    let mut content = json!({
        "hitPolicy": "collect",
        "inputs": inputs,
        "outputs": [
            { "id": "o_id", "name": "rule id", "field": "id" },
            { "id": "o_lane", "name": "lane", "field": "lane" }
        ],
        "rules": rules,
        "outputPath": output_path,
        "executionMode": if loop_over.is_some() { "loop" } else { "single" },
        "passThrough": false
    });
    if let Some(field) = loop_over {
        content["inputField"] = json!(field);
    }
    json!({ "id": id, "name": name, "type": "decisionTableNode", "content": content })
}

/// The JDM graph and what the input records must carry.
pub struct Translation {
    pub jdm: Value,
    /// Fields of the declaration (header) record.
    pub header_fields: Vec<String>,
    /// Fields of each item record (item fields and the header fields item rules read).
    pub item_fields: Vec<String>,
    pub header_rules: usize,
    pub item_rules: usize,
    pub skipped_not_valid: usize,
    /// Rows with a cell in the field-less `expr` column (not indexable by zen).
    pub expr_rows: usize,
}

fn parse_date(s: &str) -> Date {
    s.parse().unwrap_or_else(|e| panic!("bad date {s}: {e}"))
}

/// Splits `rule ID: when COND then LANE …tail` (the statement may span lines).
fn split_rule(statement: &str) -> (&str, &str, &str, &str) {
    let rest = statement.strip_prefix("rule ").expect("rule statement");
    let (id, rest) = rest.split_once(':').expect("rule id");
    let rest = rest.trim_start().strip_prefix("when").expect("when");
    // `then` outside quotes, as a whole word
    let bytes = rest.as_bytes();
    let mut in_quote = false;
    let mut at = None;
    for i in 0..bytes.len() {
        match bytes[i] {
            b'"' => in_quote = !in_quote,
            b't' if !in_quote
                && rest[i..].starts_with("then")
                && bytes
                    .get(i.wrapping_sub(1))
                    .is_some_and(u8::is_ascii_whitespace)
                && bytes.get(i + 4).is_some_and(u8::is_ascii_whitespace) =>
            {
                at = Some(i);
                break;
            }
            _ => {}
        }
    }
    let at = at.expect("then");
    let condition = &rest[..at];
    let tail = rest[at + 4..].trim_start();
    let (lane, tail) = tail.split_once(char::is_whitespace).unwrap_or((tail, ""));
    (id.trim(), condition, lane, tail)
}

/// Translates every rule of `text` valid on `on` into the two-table JDM graph.
pub fn translate(text: &str, lists: &NamedLists, on: Date) -> Translation {
    // statements: a line starting with a keyword opens one; indented lines continue it
    let mut statements: Vec<String> = Vec::new();
    for line in text.lines() {
        let line = line.split_once('#').map_or(line, |(l, _)| l); // no '#' in quoted text here
        if line.trim().is_empty() {
            continue;
        }
        if line.starts_with(char::is_whitespace) {
            let last = statements.last_mut().expect("continuation line");
            last.push(' ');
            last.push_str(line.trim());
        } else {
            statements.push(line.trim().to_owned());
        }
    }

    let (mut header_rows, mut item_rows) = (Vec::new(), Vec::new());
    let mut skipped_not_valid = 0;
    for statement in statements.iter().filter(|s| s.starts_with("rule ")) {
        let (id, condition, lane, tail) = split_rule(statement);
        if let Some((_, period)) = tail.split_once("valid ") {
            let period = period.split_whitespace().next().expect("period");
            let (from, to) = period.split_once("..").expect("FROM..TO");
            if !(parse_date(from) <= on && on <= parse_date(to)) {
                skipped_not_valid += 1;
                continue;
            }
        }
        let mut parser = Parser {
            toks: tokenize(condition),
            pos: 0,
            lists,
        };
        let cond = parser.condition();
        assert_eq!(
            parser.pos,
            parser.toks.len(),
            "trailing tokens in rule {id}"
        );

        let conjuncts = match cond {
            Cond::And(parts) => parts,
            c => vec![c],
        };
        let mut cells: BTreeMap<String, String> = BTreeMap::new();
        let mut fields = BTreeSet::new();
        let mut expr: Vec<String> = Vec::new();
        for c in &conjuncts {
            fields_of(c, &mut fields);
            match cell(c) {
                Some((column, text)) if !cells.contains_key(&column) => {
                    fields.insert(column.clone()); // hs8 etc.
                    cells.insert(column, text);
                }
                _ => expr.push(standard(c)),
            }
        }
        if !expr.is_empty() {
            cells.insert("expr".into(), expr.join(" and "));
        }
        let row = Row {
            id: id.to_owned(),
            lane: lane.to_owned(),
            cells,
            fields,
        };
        if row.fields.iter().any(|f| is_item_field(f)) {
            item_rows.push(row);
        } else {
            header_rows.push(row);
        }
    }

    let header_fields: BTreeSet<String> = header_rows
        .iter()
        .flat_map(|r| r.fields.iter().cloned())
        .collect();
    let item_fields: BTreeSet<String> = item_rows
        .iter()
        .flat_map(|r| r.fields.iter().cloned())
        .collect();
    let expr_rows = header_rows
        .iter()
        .chain(&item_rows)
        .filter(|r| r.cells.contains_key("expr"))
        .count();

    let jdm = json!({
        "nodes": [
            { "id": "input", "name": "declaration", "type": "inputNode", "content": {} },
            table("header_rules", "header rules", &header_rows, None, "header_hits"),
            table("item_rules", "item rules (per item)", &item_rows, Some("items"), "item_hits"),
            { "id": "output", "name": "hits", "type": "outputNode", "content": {} }
        ],
        "edges": [
            { "id": "e1", "sourceId": "input", "targetId": "header_rules", "type": "edge" },
            { "id": "e2", "sourceId": "input", "targetId": "item_rules", "type": "edge" },
            { "id": "e3", "sourceId": "header_rules", "targetId": "output", "type": "edge" },
            { "id": "e4", "sourceId": "item_rules", "targetId": "output", "type": "edge" }
        ]
    });
    Translation {
        jdm,
        header_fields: header_fields.into_iter().collect(),
        item_fields: item_fields.into_iter().collect(),
        header_rules: header_rows.len(),
        item_rules: item_rows.len(),
        skipped_not_valid,
        expr_rows,
    }
}
