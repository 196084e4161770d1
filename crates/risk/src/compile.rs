//! Semantic checks and lowering: syntax tree → type-checked, indexed `CompiledRuleSet`, collecting every error.

use std::collections::{BTreeMap, HashMap};
use std::str::FromStr;
use std::sync::Arc;

use jiff::civil::Date;
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;

use crate::engine::{CompiledRule, CompiledRuleSet, Facilitation, Factors, PPM_ONE};
use crate::error::{CompileError, Pos};
use crate::facts::Lane;
use crate::fields::{self, FieldInfo, Scope, Ty};
use crate::index::RuleIndex;
use crate::lists::NamedLists;
use crate::pred::{CmpOp, FxHashSet, Pred};
use crate::syntax::{self, Cond, Lit, LitKind, Op, Rhs, RuleAst, Spanned, Stmt};

/// Largest rule text accepted, in bytes.
pub const SOURCE_BYTES_MAX: usize = 4 * 1024 * 1024;
/// Most rules (counting every version) one rule set may hold.
pub const RULES_MAX: usize = 20_000;

const ORIGIN: Pos = Pos { line: 1, column: 1 };

/// Compiles rule text into an indexed rule set, or returns every error found.
///
/// `version` identifies the rule set; it is part of every sampling draw, so a new version
/// re-draws all samples. `lists` are the watch-lists `in list NAME` may name, in addition
/// to the lists declared inline with `list NAME = (…)`.
pub fn compile(
    source: &str,
    version: u64,
    lists: &NamedLists,
) -> Result<CompiledRuleSet, Vec<CompileError>> {
    if source.len() > SOURCE_BYTES_MAX {
        return Err(vec![CompileError::at(
            ORIGIN,
            "source_too_large",
            format!(
                "rule text is {} bytes; at most {SOURCE_BYTES_MAX} are accepted",
                source.len()
            ),
        )]);
    }
    let mut errors = Vec::new();
    let tokens = syntax::lex(source, &mut errors);
    let statements = syntax::parse(&tokens, &mut errors);
    let mut compiler = Compiler::new(lists, &statements, &mut errors);
    let mut random_ppm = [0u32; 4];
    let mut random_seen = [false; 4];
    let mut facilitation = Facilitation::default();
    let mut rules = Vec::new();
    let mut versions = Vec::new();
    for statement in &statements {
        match statement {
            Stmt::List { .. } => {}
            Stmt::Random { lane, rate } => {
                compiler.random(lane, rate, &mut random_ppm, &mut random_seen)
            }
            Stmt::Facilitation {
                tier,
                random,
                rules,
            } => compiler.facilitation(tier, random, rules, &mut facilitation),
            Stmt::Rule(rule) => {
                let (compiled, valid) = compiler.rule(rule);
                versions.push(Version {
                    id: &rule.id.text,
                    pos: rule.id.pos,
                    valid,
                });
                rules.extend(compiled);
            }
        }
    }
    if rules.len() > RULES_MAX {
        errors.push(CompileError::at(
            ORIGIN,
            "too_many_rules",
            format!("{} rules; at most {RULES_MAX} are accepted", rules.len()),
        ));
    }
    check_rule_ids(&versions, &mut errors);
    if !errors.is_empty() {
        errors.sort_by_key(|e| (e.line, e.column));
        return Err(errors);
    }
    let index = RuleIndex::build(&rules);
    Ok(CompiledRuleSet::new(
        version,
        rules,
        random_ppm,
        facilitation,
        index,
    ))
}

struct Compiler<'a> {
    lists: HashMap<String, Arc<FxHashSet<Box<str>>>>,
    errors: &'a mut Vec<CompileError>,
}

fn set_of<'v>(values: impl IntoIterator<Item = &'v str>) -> Arc<FxHashSet<Box<str>>> {
    Arc::new(values.into_iter().map(Box::from).collect())
}

impl<'a> Compiler<'a> {
    fn new(
        external: &NamedLists,
        statements: &[Stmt],
        errors: &'a mut Vec<CompileError>,
    ) -> Compiler<'a> {
        let mut lists: HashMap<String, Arc<FxHashSet<Box<str>>>> = external
            .names()
            .map(|name| {
                (
                    name.to_owned(),
                    set_of(external.get(name).into_iter().flatten().map(String::as_str)),
                )
            })
            .collect();
        for statement in statements {
            if let Stmt::List { name, values } = statement {
                if lists.contains_key(&name.text) {
                    errors.push(CompileError::at(
                        name.pos,
                        "duplicate_list",
                        format!("list `{}` is already defined", name.text),
                    ));
                    continue;
                }
                lists.insert(
                    name.text.clone(),
                    set_of(values.iter().map(|v| v.text.as_str())),
                );
            }
        }
        Compiler { lists, errors }
    }

    fn error(&mut self, pos: Pos, code: &'static str, message: impl Into<String>) {
        self.errors.push(CompileError::at(pos, code, message));
    }

    /// A percentage as parts per million; `allow_zero` for rates and factors, not for rule probabilities.
    fn percent(&mut self, text: &Spanned, allow_zero: bool) -> Option<u32> {
        let lower = if allow_zero { "0%" } else { "more than 0%" };
        let parsed = Decimal::from_str(&text.text)
            .ok()
            .filter(|p| p.scale() <= 4);
        match parsed {
            Some(p)
                if p <= Decimal::ONE_HUNDRED
                    && (p > Decimal::ZERO || (allow_zero && p.is_zero())) =>
            {
                // Exact: at most 4 decimals of a percentage are whole parts per million.
                Some((p * Decimal::from(10_000)).to_u32().expect("0..=1,000,000"))
            }
            _ => {
                self.error(
                    text.pos,
                    "bad_probability",
                    format!(
                        "`{}%` is not a percentage from {lower} to 100% with at most 4 decimals",
                        text.text
                    ),
                );
                None
            }
        }
    }

    fn random(
        &mut self,
        lane: &Spanned,
        rate: &Spanned,
        random_ppm: &mut [u32; 4],
        seen: &mut [bool; 4],
    ) {
        let Some(parsed) = Lane::parse(&lane.text).filter(|l| *l != Lane::Green) else {
            self.error(
                lane.pos,
                "bad_lane",
                format!(
                    "`{}` is not a lane with a random rate (blue, yellow or red)",
                    lane.text
                ),
            );
            return;
        };
        let slot = parsed as usize;
        if std::mem::replace(&mut seen[slot], true) {
            self.error(
                lane.pos,
                "duplicate_directive",
                format!("`random {}` is given twice", lane.text),
            );
        }
        if let Some(ppm) = self.percent(rate, true) {
            random_ppm[slot] = ppm;
        }
    }

    fn facilitation(
        &mut self,
        tier: &Spanned,
        random: &Option<Spanned>,
        rules: &Option<Spanned>,
        out: &mut Facilitation,
    ) {
        let random_ppm = random
            .as_ref()
            .map_or(Some(PPM_ONE), |r| self.percent(r, true));
        let rules_ppm = rules
            .as_ref()
            .map_or(Some(PPM_ONE), |r| self.percent(r, true));
        let slot = match tier.text.as_str() {
            "aeo-general" => &mut out.aeo_general,
            "aeo-advanced" => &mut out.aeo_advanced,
            "partner-mra" => &mut out.partner_mra,
            other => {
                self.error(
                    tier.pos,
                    "unknown_tier",
                    format!("unknown facilitation tier `{other}`; expected aeo-general, aeo-advanced or partner-mra"),
                );
                return;
            }
        };
        let duplicate = slot.is_some();
        if let (Some(random_ppm), Some(rules_ppm)) = (random_ppm, rules_ppm) {
            *slot = Some(Factors {
                random_ppm,
                rules_ppm,
            });
        }
        if duplicate {
            self.error(
                tier.pos,
                "duplicate_directive",
                format!("`facilitation {}` is given twice", tier.text),
            );
        }
    }

    fn date(&mut self, text: &Spanned) -> Option<Date> {
        match parse_date(&text.text) {
            Some(date) => Some(date),
            None => {
                self.error(
                    text.pos,
                    "bad_date",
                    format!("`{}` is not a valid date YYYY-MM-DD", text.text),
                );
                None
            }
        }
    }

    /// The compiled rule (if error-free) and its validity for the duplicate-id check:
    /// `Always`, a period, or `Unknown` when the dates themselves are wrong.
    fn rule(&mut self, rule: &RuleAst) -> (Option<CompiledRule>, Validity) {
        let compiled = self.rule_inner(rule);
        let validity = match (&rule.valid, &compiled) {
            (None, _) => Validity::Always,
            (Some(_), Some(c)) => c
                .valid
                .map_or(Validity::Unknown, |(f, t)| Validity::Period(f, t)),
            (Some((from, to)), None) => match (parse_date(&from.text), parse_date(&to.text)) {
                (Some(f), Some(t)) if f <= t => Validity::Period(f, t),
                _ => Validity::Unknown,
            },
        };
        (compiled, validity)
    }

    fn rule_inner(&mut self, rule: &RuleAst) -> Option<CompiledRule> {
        let errors_before = self.errors.len();
        let lane = Lane::parse(&rule.lane.text);
        if lane.is_none() {
            self.error(
                rule.lane.pos,
                "unknown_lane",
                format!(
                    "`{}` is not a lane (green, blue, yellow or red)",
                    rule.lane.text
                ),
            );
        }
        let probability_ppm = match &rule.probability {
            Some(p) => self.percent(p, false),
            None => Some(PPM_ONE),
        };
        let valid = match &rule.valid {
            Some((from, to)) => match (self.date(from), self.date(to)) {
                (Some(f), Some(t)) if f > t => {
                    self.error(
                        from.pos,
                        "bad_date_range",
                        format!("validity starts {f} after it ends {t}"),
                    );
                    None
                }
                (Some(f), Some(t)) => Some((f, t)),
                _ => None,
            },
            None => None,
        };
        let pred = self.cond(&rule.cond);
        if self.errors.len() > errors_before {
            return None;
        }
        let (lane, probability_ppm, pred) = (lane?, probability_ppm?, pred?);
        let scope_of = |field| {
            fields::FIELDS
                .iter()
                .find(|i| i.field == field)
                .map_or(Scope::Header, |i| i.scope)
        };
        let conjuncts = match pred {
            Pred::And(parts) => parts.into_vec(),
            other => vec![other],
        };
        let (item, header): (Vec<Pred>, Vec<Pred>) =
            conjuncts.into_iter().partition(|p| p.uses_item(&scope_of));
        Some(CompiledRule {
            id: rule.id.text.as_str().into(),
            lane,
            probability_ppm,
            valid,
            because: rule.because.clone().unwrap_or_default().into(),
            author: rule.author.as_deref().map(Into::into),
            header: header.into(),
            item: item.into(),
        })
    }

    fn cond(&mut self, cond: &Cond) -> Option<Pred> {
        match cond {
            Cond::And(parts) | Cond::Or(parts) => {
                // Compile every part (no short-circuit) so all errors are reported.
                let compiled: Vec<Option<Pred>> = parts.iter().map(|p| self.cond(p)).collect();
                let compiled: Option<Vec<Pred>> = compiled.into_iter().collect();
                let compiled = compiled?.into_boxed_slice();
                Some(if matches!(cond, Cond::And(_)) {
                    Pred::And(compiled)
                } else {
                    Pred::Or(compiled)
                })
            }
            Cond::Not(inner) => Some(Pred::Not(Box::new(self.cond(inner)?))),
            Cond::Bare { field, pos } => {
                let info = self.field(field, *pos)?;
                if info.ty != Ty::Bool {
                    self.error(
                        *pos,
                        "type_mismatch",
                        format!(
                            "`{field}` is {}; only a boolean field can stand alone as a condition",
                            info.ty.name()
                        ),
                    );
                    return None;
                }
                Some(Pred::Bool {
                    field: info.field,
                    value: true,
                })
            }
            Cond::Test {
                field,
                pos,
                op,
                op_pos,
                rhs,
            } => {
                let info = self.field(field, *pos)?;
                self.test(info, *op, *op_pos, rhs)
            }
        }
    }

    fn field(&mut self, name: &str, pos: Pos) -> Option<&'static FieldInfo> {
        let info = fields::lookup(name);
        if info.is_none() {
            self.error(
                pos,
                "unknown_field",
                format!("unknown field `{name}` (see LANGUAGE.md for the fields)"),
            );
        }
        info
    }

    fn test(&mut self, info: &'static FieldInfo, op: Op, op_pos: Pos, rhs: &Rhs) -> Option<Pred> {
        let field = info.field;
        let name = info.name;
        let cmp = match op {
            Op::Eq => Some(CmpOp::Eq),
            Op::Ne => Some(CmpOp::Ne),
            Op::Lt => Some(CmpOp::Lt),
            Op::Le => Some(CmpOp::Le),
            Op::Gt => Some(CmpOp::Gt),
            Op::Ge => Some(CmpOp::Ge),
            _ => None,
        };
        let allowed = match info.ty {
            Ty::Text => true,
            Ty::Number => !matches!(op, Op::StartsWith | Op::Contains),
            Ty::Bool => matches!(op, Op::Eq | Op::Ne),
            Ty::Enum(_) => matches!(op, Op::Eq | Op::Ne | Op::In | Op::NotIn),
        };
        if !allowed {
            self.error(
                op_pos,
                "bad_operator",
                format!(
                    "`{}` cannot be applied to `{name}`, which is {}",
                    op.as_str(),
                    info.ty.name()
                ),
            );
            return None;
        }
        let negate = op == Op::NotIn;
        match (info.ty, rhs) {
            (Ty::Bool, Rhs::Lit(lit)) => {
                let value = match (&lit.kind, lit.text.as_str()) {
                    (LitKind::Word, "true") => true,
                    (LitKind::Word, "false") => false,
                    _ => {
                        self.error(
                            lit.pos,
                            "type_mismatch",
                            format!("`{name}` is boolean; compare it with true or false"),
                        );
                        return None;
                    }
                };
                Some(Pred::Bool {
                    field,
                    value: value == (op == Op::Eq),
                })
            }
            (Ty::Number, Rhs::Lit(lit)) => Some(Pred::Number {
                field,
                op: cmp.expect("comparison"),
                value: self.number(info, lit)?,
            }),
            (Ty::Number, Rhs::Set(lits)) => {
                let values: Vec<Option<Decimal>> =
                    lits.iter().map(|l| self.number(info, l)).collect();
                let values: Option<Vec<Decimal>> = values.into_iter().collect();
                Some(Pred::NumberIn {
                    field,
                    values: values?.into(),
                    negate,
                })
            }
            (Ty::Number, Rhs::List { pos, .. }) => {
                self.error(
                    *pos,
                    "type_mismatch",
                    format!("`{name}` is a number; lists hold text"),
                );
                None
            }
            (_, Rhs::List { name: list, pos }) => match self.lists.get(list) {
                Some(values) => {
                    let values = Arc::clone(values);
                    Some(Pred::TextInList {
                        field,
                        values,
                        negate,
                    })
                }
                None => {
                    self.error(*pos, "unknown_list", format!("unknown list `{list}`"));
                    None
                }
            },
            (_, Rhs::Lit(lit)) => {
                let value = self.text(info, lit)?;
                Some(match op {
                    Op::StartsWith => Pred::StartsWith {
                        field,
                        prefixes: vec![value].into(),
                    },
                    Op::Contains => Pred::Contains {
                        field,
                        needles: vec![value].into(),
                    },
                    _ => Pred::Text {
                        field,
                        op: cmp.expect("comparison"),
                        value,
                    },
                })
            }
            (_, Rhs::Set(lits)) => {
                let values: Vec<Option<Box<str>>> =
                    lits.iter().map(|l| self.text(info, l)).collect();
                let values: Box<[Box<str>]> =
                    values.into_iter().collect::<Option<Vec<_>>>()?.into();
                Some(match op {
                    Op::StartsWith => Pred::StartsWith {
                        field,
                        prefixes: values,
                    },
                    Op::Contains => Pred::Contains {
                        field,
                        needles: values,
                    },
                    _ => Pred::TextIn {
                        field,
                        values,
                        negate,
                    },
                })
            }
        }
    }

    fn number(&mut self, info: &FieldInfo, lit: &Lit) -> Option<Decimal> {
        if lit.kind != LitKind::Atom {
            self.error(
                lit.pos,
                "type_mismatch",
                format!("`{}` is a number but `{}` is text", info.name, lit.text),
            );
            return None;
        }
        let parsed = Decimal::from_str(&lit.text).ok();
        if parsed.is_none() {
            self.error(
                lit.pos,
                "bad_number",
                format!("`{}` is not a decimal number", lit.text),
            );
        }
        parsed
    }

    fn text(&mut self, info: &FieldInfo, lit: &Lit) -> Option<Box<str>> {
        match lit.kind {
            LitKind::Atom => {
                self.error(
                    lit.pos,
                    "type_mismatch",
                    format!(
                        "`{}` is text but `{}` is a number; quote codes: \"{}\"",
                        info.name, lit.text, lit.text
                    ),
                );
                return None;
            }
            LitKind::Word if fields::lookup(&lit.text).is_some() => {
                self.error(
                    lit.pos,
                    "field_on_right",
                    format!(
                        "`{}` is a field; comparing two fields is not supported (quote it if you meant the text)",
                        lit.text
                    ),
                );
                return None;
            }
            _ => {}
        }
        if let Ty::Enum(values) = info.ty
            && !values.contains(&lit.text.as_str())
        {
            self.error(
                lit.pos,
                "bad_enum_value",
                format!(
                    "`{}` is not a value of `{}` (expected one of: {})",
                    lit.text,
                    info.name,
                    values.join(", ")
                ),
            );
            return None;
        }
        Some(lit.text.as_str().into())
    }
}

fn parse_date(text: &str) -> Option<Date> {
    let bytes = text.as_bytes();
    let well_formed = bytes.len() == 10 && bytes[4] == b'-' && bytes[7] == b'-';
    text.parse::<Date>().ok().filter(|_| well_formed)
}

#[derive(Clone, Copy)]
enum Validity {
    Always,
    Period(Date, Date),
    /// The dates did not parse; already reported, so not compared.
    Unknown,
}

struct Version<'s> {
    id: &'s str,
    pos: Pos,
    valid: Validity,
}

/// Two rules may share an id only as versions with validity periods that do not overlap.
/// Checked on every rule statement, also those with other errors, so all problems show at once.
fn check_rule_ids(versions: &[Version<'_>], errors: &mut Vec<CompileError>) {
    let mut by_id: BTreeMap<&str, Vec<&Version<'_>>> = BTreeMap::new();
    for version in versions {
        let earlier = by_id.entry(version.id).or_default();
        for other in earlier.iter() {
            match (version.valid, other.valid) {
                (Validity::Unknown, _) | (_, Validity::Unknown) => {}
                (Validity::Period(from, to), Validity::Period(other_from, other_to)) => {
                    if from <= other_to && other_from <= to {
                        errors.push(CompileError::at(
                            version.pos,
                            "overlapping_validity",
                            format!(
                                "rule `{}` {from}..{to} overlaps its version at line {} ({other_from}..{other_to})",
                                version.id, other.pos.line
                            ),
                        ));
                    }
                }
                _ => errors.push(CompileError::at(
                    version.pos,
                    "duplicate_rule_id",
                    format!(
                        "rule `{}` is already defined at line {}; versions of one rule need non-overlapping `valid` periods",
                        version.id, other.pos.line
                    ),
                )),
            }
        }
        earlier.push(version);
    }
}
