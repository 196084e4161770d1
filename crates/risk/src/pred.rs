//! Compiled, type-checked conditions and their evaluation against one declaration (and one item).

use std::cmp::Ordering;
use std::collections::HashSet;
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::Arc;

use rust_decimal::Decimal;

use crate::facts::ItemFacts;
use crate::fields::{Ctx, Field, Scope, Val};

/// A small, fast, non-cryptographic hasher for the short code strings the index and the
/// lists are keyed by (FxHash, as used in rustc). Hash flooding is not a concern: keys
/// come from the rule author, not from the declarant.
#[derive(Default, Clone, Copy)]
pub(crate) struct FxHasher(u64);

const FX_SEED: u64 = 0x51_7c_c1_b7_27_22_0a_95;

impl FxHasher {
    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(FX_SEED);
    }
}

impl Hasher for FxHasher {
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            self.add(u64::from_le_bytes(chunk.try_into().expect("8 bytes")));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut buf = [0u8; 8];
            buf[..rest.len()].copy_from_slice(rest);
            self.add(u64::from_le_bytes(buf));
        }
    }

    fn write_u8(&mut self, byte: u8) {
        self.add(u64::from(byte));
    }

    fn write_u128(&mut self, value: u128) {
        self.add(value as u64);
        self.add((value >> 64) as u64);
    }

    fn write_usize(&mut self, value: usize) {
        self.add(value as u64);
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

pub(crate) type FxBuild = BuildHasherDefault<FxHasher>;
pub(crate) type FxHashSet<T> = HashSet<T, FxBuild>;
pub(crate) type FxHashMap<K, V> = std::collections::HashMap<K, V, FxBuild>;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum CmpOp {
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
}

impl CmpOp {
    fn holds(self, ordering: Ordering) -> bool {
        match self {
            CmpOp::Eq => ordering == Ordering::Equal,
            CmpOp::Ne => ordering != Ordering::Equal,
            CmpOp::Lt => ordering == Ordering::Less,
            CmpOp::Le => ordering != Ordering::Greater,
            CmpOp::Gt => ordering == Ordering::Greater,
            CmpOp::Ge => ordering != Ordering::Less,
        }
    }
}

#[derive(Clone, Debug)]
pub(crate) enum Pred {
    And(Box<[Pred]>),
    Or(Box<[Pred]>),
    Not(Box<Pred>),
    Text {
        field: Field,
        op: CmpOp,
        value: Box<str>,
    },
    Number {
        field: Field,
        op: CmpOp,
        value: Decimal,
    },
    Bool {
        field: Field,
        value: bool,
    },
    TextIn {
        field: Field,
        values: Box<[Box<str>]>,
        negate: bool,
    },
    TextInList {
        field: Field,
        values: Arc<FxHashSet<Box<str>>>,
        negate: bool,
    },
    NumberIn {
        field: Field,
        values: Box<[Decimal]>,
        negate: bool,
    },
    StartsWith {
        field: Field,
        prefixes: Box<[Box<str>]>,
    },
    Contains {
        field: Field,
        needles: Box<[Box<str>]>,
    },
}

impl Pred {
    /// True when the predicate reads an item field anywhere inside.
    pub fn uses_item(&self, scope_of: &impl Fn(Field) -> Scope) -> bool {
        match self {
            Pred::And(parts) | Pred::Or(parts) => parts.iter().any(|p| p.uses_item(scope_of)),
            Pred::Not(inner) => inner.uses_item(scope_of),
            Pred::Text { field, .. }
            | Pred::Number { field, .. }
            | Pred::Bool { field, .. }
            | Pred::TextIn { field, .. }
            | Pred::TextInList { field, .. }
            | Pred::NumberIn { field, .. }
            | Pred::StartsWith { field, .. }
            | Pred::Contains { field, .. } => scope_of(*field) == Scope::Item,
        }
    }

    /// Evaluates with two-valued logic; any test on an absent value is false.
    pub fn eval<'a>(&self, ctx: &Ctx<'a>, item: Option<&'a ItemFacts>) -> bool {
        match self {
            Pred::And(parts) => parts.iter().all(|p| p.eval(ctx, item)),
            Pred::Or(parts) => parts.iter().any(|p| p.eval(ctx, item)),
            Pred::Not(inner) => !inner.eval(ctx, item),
            Pred::Text { field, op, value } => match ctx.value(*field, item) {
                Val::Text(text) => op.holds(text.cmp(value)),
                _ => false,
            },
            Pred::Number { field, op, value } => match ctx.value(*field, item) {
                Val::Number(number) => op.holds(number.cmp(value)),
                _ => false,
            },
            Pred::Bool { field, value } => ctx.value(*field, item) == Val::Bool(*value),
            Pred::TextIn {
                field,
                values,
                negate,
            } => match ctx.value(*field, item) {
                Val::Text(text) => values.iter().any(|v| &**v == text) != *negate,
                _ => false,
            },
            Pred::TextInList {
                field,
                values,
                negate,
            } => match ctx.value(*field, item) {
                Val::Text(text) => values.contains(text) != *negate,
                _ => false,
            },
            Pred::NumberIn {
                field,
                values,
                negate,
            } => match ctx.value(*field, item) {
                Val::Number(number) => values.contains(&number) != *negate,
                _ => false,
            },
            Pred::StartsWith { field, prefixes } => match ctx.value(*field, item) {
                Val::Text(text) => prefixes.iter().any(|p| text.starts_with(&**p)),
                _ => false,
            },
            Pred::Contains { field, needles } => match ctx.value(*field, item) {
                Val::Text(text) => needles.iter().any(|n| text.contains(&**n)),
                _ => false,
            },
        }
    }
}
