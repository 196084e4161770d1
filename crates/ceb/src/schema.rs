//! Table-driven schema checks: the XSD sequence (order, min/maxOccurs) of each
//! complex element and the facets of each simple field (`C..n`, `Cn`, `N19,5`,
//! enumerations, date-times), all findings collected in one pass.

use std::str::FromStr;

use rust_decimal::Decimal;

use crate::error::{Finding, FindingCode};
use crate::xml::{Node, Ns, line_col};

/// Format of one simple field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    /// 36-character unique number `8-4-4-4-12`, digits and upper-case letters only
    /// (`C36`, spec: "英文字母大写"; not restricted to hex: an official sample uses `G`).
    Guid,
    /// `C..max` with a minLength (0 or 1), counted in characters.
    Text { min: u16, max: u16 },
    /// `Cn`: exactly n characters.
    Exact(u16),
    /// `Ntotal,frac`: xs:decimal with totalDigits / fractionDigits.
    Decimal { total: u8, frac: u8 },
    /// Unsigned integer of at most `digits` digits (`N4` …).
    Int { digits: u8 },
    /// One of the listed codes (spec enumerations and XSD `fixed`).
    Code(&'static [&'static str]),
    /// Digits `YYYYMMDD` (8), `YYYYMMDDhhmmss` (14) or `YYYYMMDDhhmmssSSS` (17).
    DateTime(u8),
}

/// One simple field of a record element.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Field {
    pub name: &'static str,
    pub required: bool,
    pub kind: Kind,
}

/// One child of a complex element's `xs:sequence`.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Part {
    pub name: &'static str,
    pub ns: Ns,
    pub min: u32,
    pub max: u32,
}

impl Part {
    pub(crate) const fn ceb(name: &'static str, min: u32, max: u32) -> Part {
        Part {
            name,
            ns: Ns::Ceb,
            min,
            max,
        }
    }
    pub(crate) const fn ds(name: &'static str, min: u32, max: u32) -> Part {
        Part {
            name,
            ns: Ns::Ds,
            min,
            max,
        }
    }
}

/// The values of one record element, aligned with its field table (trimmed; `None`
/// for absent, and for optional elements present but empty).
pub(crate) struct Rec<'n> {
    slots: Vec<Option<&'n str>>,
}

fn parse_decimal(v: &str) -> Option<Decimal> {
    let v = v.strip_prefix('+').unwrap_or(v);
    let v = v.strip_suffix('.').unwrap_or(v);
    Decimal::from_str(v).ok()
}

impl Rec<'_> {
    pub(crate) fn text(&self, i: usize) -> String {
        self.slots[i].unwrap_or("").to_owned()
    }
    pub(crate) fn opt_text(&self, i: usize) -> Option<String> {
        self.slots[i].map(str::to_owned)
    }
    pub(crate) fn dec(&self, i: usize) -> Decimal {
        self.opt_dec(i).unwrap_or(Decimal::ZERO)
    }
    pub(crate) fn opt_dec(&self, i: usize) -> Option<Decimal> {
        self.slots[i].and_then(parse_decimal)
    }
    pub(crate) fn int(&self, i: usize) -> u32 {
        self.opt_int(i).unwrap_or(0)
    }
    pub(crate) fn opt_int(&self, i: usize) -> Option<u32> {
        self.slots[i].and_then(|v| v.strip_prefix('+').unwrap_or(v).parse().ok())
    }
}

struct Seg {
    prefix: &'static str,
    name: &'static str,
    index: Option<usize>,
}

/// Walk state: the current element path, the current business entry, the findings.
pub(crate) struct Ctx<'d> {
    src: &'d str,
    path: Vec<Seg>,
    pub entry: Option<usize>,
    pub findings: Vec<Finding>,
}

fn prefix(ns: Ns) -> &'static str {
    match ns {
        Ns::Ceb => "ceb:",
        Ns::Ds => "ds:",
        Ns::Other => "",
    }
}

impl<'d> Ctx<'d> {
    pub(crate) fn new(src: &'d str) -> Self {
        Ctx {
            src,
            path: Vec::new(),
            entry: None,
            findings: Vec::new(),
        }
    }

    pub(crate) fn enter(&mut self, ns: Ns, name: &'static str, index: Option<usize>) {
        self.path.push(Seg {
            prefix: prefix(ns),
            name,
            index,
        });
    }

    pub(crate) fn leave(&mut self) {
        self.path.pop();
    }

    pub(crate) fn path(&self) -> String {
        render_path(self.path.iter().map(|s| (s.prefix, s.name, s.index)))
    }

    /// Record a finding at `offset`; `leaf` (e.g. `ceb:orderNo` or `@guid`) is appended
    /// to the current path.
    pub(crate) fn report(
        &mut self,
        code: FindingCode,
        offset: usize,
        leaf: Option<&str>,
        detail: String,
    ) {
        let mut path = self.path();
        if let Some(leaf) = leaf {
            path.push('/');
            path.push_str(leaf);
        }
        let (line, column) = line_col(self.src, offset);
        self.findings.push(Finding {
            code,
            path,
            line,
            column,
            entry: self.entry,
            detail,
        });
    }

    /// Check a complex element against its sequence; children grouped by part.
    pub(crate) fn seq<'n, 'a>(
        &mut self,
        node: &'n Node<'a>,
        parts: &[Part],
    ) -> Vec<Vec<&'n Node<'a>>> {
        let mut groups: Vec<Vec<&'n Node<'a>>> = vec![Vec::new(); parts.len()];
        if node.stray_text {
            self.report(
                FindingCode::UnexpectedText,
                node.offset,
                None,
                "text between child elements".into(),
            );
        }
        let mut cur = 0;
        for child in &node.children {
            let leaf = || format!("{}{}", prefix(child.ns), child.name);
            match parts
                .iter()
                .position(|p| *p.name == *child.name && p.ns == child.ns)
            {
                None => {
                    let d = format!("<{}> is not allowed here", child.name);
                    self.report(
                        FindingCode::UnexpectedElement,
                        child.offset,
                        Some(&leaf()),
                        d,
                    );
                }
                Some(i) => {
                    if i < cur {
                        let d = format!("<{}> must come before <{}>", child.name, parts[cur].name);
                        self.report(FindingCode::OutOfOrder, child.offset, Some(&leaf()), d);
                    } else {
                        cur = i;
                    }
                    if groups[i].len() >= parts[i].max as usize {
                        let d = format!("<{}> at most {} times", child.name, parts[i].max);
                        self.report(
                            FindingCode::TooManyOccurrences,
                            child.offset,
                            Some(&leaf()),
                            d,
                        );
                    }
                    groups[i].push(child);
                }
            }
        }
        for (p, g) in parts.iter().zip(&groups) {
            if (g.len() as u64) < u64::from(p.min) {
                let leaf = format!("{}{}", prefix(p.ns), p.name);
                let d = if p.min == 1 {
                    format!("required <{}> is missing", p.name)
                } else {
                    format!("<{}> needs at least {} occurrences", p.name, p.min)
                };
                self.report(FindingCode::MissingElement, node.offset, Some(&leaf), d);
            }
        }
        groups
    }

    /// Check a record element (a sequence of simple fields) and return its values.
    pub(crate) fn record<'n>(&mut self, node: &'n Node<'_>, fields: &[Field]) -> Rec<'n> {
        let mut slots: Vec<Option<(&'n str, usize)>> = vec![None; fields.len()];
        if node.stray_text {
            self.report(
                FindingCode::UnexpectedText,
                node.offset,
                None,
                "text between child elements".into(),
            );
        }
        let mut cur = 0;
        for child in &node.children {
            let leaf = || format!("{}{}", prefix(child.ns), child.name);
            let pos = if child.ns == Ns::Ceb {
                fields.iter().position(|f| *f.name == *child.name)
            } else {
                None
            };
            let Some(i) = pos else {
                let d = format!("<{}> is not a field of <{}>", child.name, node.name);
                self.report(
                    FindingCode::UnexpectedElement,
                    child.offset,
                    Some(&leaf()),
                    d,
                );
                continue;
            };
            if i < cur {
                let d = format!("<{}> must come before <{}>", child.name, fields[cur].name);
                self.report(FindingCode::OutOfOrder, child.offset, Some(&leaf()), d);
            } else {
                cur = i;
            }
            if slots[i].is_some() {
                let d = format!("<{}> appears more than once", child.name);
                self.report(
                    FindingCode::TooManyOccurrences,
                    child.offset,
                    Some(&leaf()),
                    d,
                );
                continue;
            }
            if let Some(grand) = child.children.first() {
                let d = format!(
                    "<{}> is a simple field, found <{}> inside",
                    child.name, grand.name
                );
                self.report(
                    FindingCode::UnexpectedElement,
                    grand.offset,
                    Some(&leaf()),
                    d,
                );
            }
            let v = child
                .text
                .trim_matches(|c| matches!(c, ' ' | '\t' | '\r' | '\n'));
            slots[i] = Some((v, child.offset));
        }
        let mut out = Vec::with_capacity(fields.len());
        for (f, slot) in fields.iter().zip(slots) {
            match slot {
                None => {
                    if f.required {
                        let d = format!("required <{}> is missing", f.name);
                        self.report(
                            FindingCode::MissingElement,
                            node.offset,
                            Some(&format!("ceb:{}", f.name)),
                            d,
                        );
                    }
                    out.push(None);
                }
                Some(("", offset)) => {
                    if f.required {
                        let d = format!("required <{}> is empty", f.name);
                        self.report(
                            FindingCode::EmptyValue,
                            offset,
                            Some(&format!("ceb:{}", f.name)),
                            d,
                        );
                    }
                    out.push(None);
                }
                Some((v, offset)) => {
                    if let Err((code, d)) = check_value(f.kind, v) {
                        self.report(
                            code,
                            offset,
                            Some(&format!("ceb:{}", f.name)),
                            format!("{}: {d}", f.name),
                        );
                    }
                    out.push(Some(v));
                }
            }
        }
        Rec { slots: out }
    }

    /// Check a root attribute (`guid`, `version`).
    pub(crate) fn attribute(&mut self, node: &Node<'_>, name: &'static str, kind: Kind) -> String {
        match node.attr(name) {
            None => {
                let d = format!("required attribute {name} is missing");
                self.report(
                    FindingCode::MissingAttribute,
                    node.offset,
                    Some(&format!("@{name}")),
                    d,
                );
                String::new()
            }
            Some(v) => {
                if v.is_empty() {
                    let d = format!("attribute {name} is empty");
                    self.report(
                        FindingCode::EmptyValue,
                        node.offset,
                        Some(&format!("@{name}")),
                        d,
                    );
                } else if let Err((code, d)) = check_value(kind, v) {
                    self.report(
                        code,
                        node.offset,
                        Some(&format!("@{name}")),
                        format!("{name}: {d}"),
                    );
                }
                v.to_owned()
            }
        }
    }
}

/// `/ceb:A/ceb:B[2]/…` from (prefix, name, 0-based index) segments.
pub(crate) fn render_path<'s>(
    segs: impl IntoIterator<Item = (&'s str, &'s str, Option<usize>)>,
) -> String {
    let mut s = String::new();
    for (prefix, name, index) in segs {
        s.push('/');
        s.push_str(prefix);
        s.push_str(name);
        if let Some(i) = index {
            s.push('[');
            s.push_str(&(i + 1).to_string());
            s.push(']');
        }
    }
    s
}

/// Check one non-empty value against its kind.
pub(crate) fn check_value(kind: Kind, v: &str) -> Result<(), (FindingCode, String)> {
    use FindingCode as F;
    match kind {
        Kind::Guid => {
            let ok = v.len() == 36
                && v.bytes().enumerate().all(|(i, b)| match i {
                    8 | 13 | 18 | 23 => b == b'-',
                    _ => b.is_ascii_digit() || b.is_ascii_uppercase(),
                });
            if ok {
                Ok(())
            } else {
                Err((
                    F::BadGuid,
                    format!(
                        "{v:?} is not 36 characters 8-4-4-4-12 of digits and upper-case letters"
                    ),
                ))
            }
        }
        Kind::Text { min, max } => {
            let n = v.chars().count();
            if n > usize::from(max) {
                Err((F::TooLong, format!("{n} characters > C..{max}")))
            } else if n < usize::from(min) {
                Err((F::TooShort, format!("{n} characters < {min}")))
            } else {
                Ok(())
            }
        }
        Kind::Exact(len) => {
            let n = v.chars().count();
            if n == usize::from(len) {
                Ok(())
            } else {
                Err((
                    F::WrongLength,
                    format!("{n} characters, C{len} needs exactly {len}"),
                ))
            }
        }
        Kind::Decimal { total, frac } => check_decimal(v, total, frac),
        Kind::Int { digits } => {
            let d = v.strip_prefix('+').unwrap_or(v);
            if d.is_empty() || !d.bytes().all(|b| b.is_ascii_digit()) {
                Err((F::BadNumber, format!("{v:?} is not an unsigned integer")))
            } else if d.trim_start_matches('0').len() > usize::from(digits) {
                Err((
                    F::TooManyDigits,
                    format!("{v:?} has more than N{digits} digits"),
                ))
            } else if d.parse::<u32>().is_err() {
                Err((F::TooManyDigits, format!("{v:?} is out of range")))
            } else {
                Ok(())
            }
        }
        Kind::Code(codes) => {
            if codes.contains(&v) {
                Ok(())
            } else {
                Err((
                    F::BadEnum,
                    format!("{v:?} is not one of {}", codes.join("/")),
                ))
            }
        }
        Kind::DateTime(len) => {
            if valid_datetime(v, usize::from(len)) {
                Ok(())
            } else {
                let fmt = match len {
                    8 => "YYYYMMDD",
                    14 => "YYYYMMDDhhmmss",
                    _ => "YYYYMMDDhhmmssSSS",
                };
                Err((F::BadDatetime, format!("{v:?} is not a valid {fmt}")))
            }
        }
    }
}

fn check_decimal(v: &str, total: u8, frac: u8) -> Result<(), (FindingCode, String)> {
    use FindingCode as F;
    let body = v.strip_prefix(['+', '-']).unwrap_or(v);
    let (int, fr) = body.split_once('.').unwrap_or((body, ""));
    let lexical_ok = (!int.is_empty() || !fr.is_empty())
        && int.bytes().all(|b| b.is_ascii_digit())
        && fr.bytes().all(|b| b.is_ascii_digit());
    if !lexical_ok {
        return Err((F::BadNumber, format!("{v:?} is not a decimal number")));
    }
    let int_digits = int.trim_start_matches('0').len();
    let frac_digits = fr.trim_end_matches('0').len();
    if frac_digits > usize::from(frac) {
        return Err((
            F::TooManyDigits,
            format!("{v:?}: more than {frac} decimals (N{total},{frac})"),
        ));
    }
    if int_digits + frac_digits > usize::from(total) {
        return Err((
            F::TooManyDigits,
            format!("{v:?}: more than {total} digits (N{total},{frac})"),
        ));
    }
    Ok(())
}

fn valid_datetime(v: &str, len: usize) -> bool {
    if v.len() != len || !v.bytes().all(|b| b.is_ascii_digit()) {
        return false;
    }
    let n = |a: usize, b: usize| v[a..b].parse::<u32>().unwrap_or(u32::MAX);
    let (y, m, d) = (n(0, 4), n(4, 6), n(6, 8));
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let days = match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return false,
    };
    if y == 0 || d == 0 || d > days {
        return false;
    }
    if len >= 14 && (n(8, 10) > 23 || n(10, 12) > 59 || n(12, 14) > 59) {
        return false;
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decimal_facets() {
        let k = Kind::Decimal { total: 19, frac: 5 };
        assert!(check_value(k, "19050").is_ok());
        assert!(check_value(k, "-0.12345").is_ok());
        assert!(check_value(k, "1.123450").is_ok());
        assert_eq!(
            check_value(k, "1.123456").unwrap_err().0,
            FindingCode::TooManyDigits
        );
        assert_eq!(
            check_value(k, "12345678901234567890").unwrap_err().0,
            FindingCode::TooManyDigits
        );
        assert_eq!(check_value(k, "1,5").unwrap_err().0, FindingCode::BadNumber);
        assert_eq!(check_value(k, ".").unwrap_err().0, FindingCode::BadNumber);
        assert_eq!(check_value(k, "1e5").unwrap_err().0, FindingCode::BadNumber);
    }

    #[test]
    fn datetimes() {
        assert!(valid_datetime("20240229235959", 14));
        assert!(!valid_datetime("20230229235959", 14));
        assert!(!valid_datetime("20241301000000", 14));
        assert!(!valid_datetime("20240101240000", 14));
        assert!(valid_datetime("20160428182238000", 17));
        assert!(valid_datetime("20160308", 8));
        assert!(!valid_datetime("2016030", 8));
    }

    #[test]
    fn guid_and_lengths() {
        assert!(check_value(Kind::Guid, "4CDE1CFD-EDED-46B1-946C-B8022E42FC94").is_ok());
        assert_eq!(
            check_value(Kind::Guid, "4cde1cfd-eded-46b1-946c-b8022e42fc94")
                .unwrap_err()
                .0,
            FindingCode::BadGuid
        );
        assert_eq!(
            check_value(Kind::Text { min: 1, max: 3 }, "四五六七")
                .unwrap_err()
                .0,
            FindingCode::TooLong
        );
        assert!(check_value(Kind::Text { min: 1, max: 4 }, "四五六七").is_ok());
        assert_eq!(
            check_value(Kind::Exact(3), "14").unwrap_err().0,
            FindingCode::WrongLength
        );
        assert_eq!(
            check_value(Kind::Code(&["1", "2"]), "3").unwrap_err().0,
            FindingCode::BadEnum
        );
        assert_eq!(
            check_value(Kind::Int { digits: 4 }, "12345").unwrap_err().0,
            FindingCode::TooManyDigits
        );
        assert_eq!(
            check_value(Kind::Int { digits: 4 }, "1a").unwrap_err().0,
            FindingCode::BadNumber
        );
    }
}
