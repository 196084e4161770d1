//! The rule index: from a declaration's HS codes, countries, traders and codes to the few rules that could match.
//!
//! Each rule is filed under one top-level conjunct that every match must satisfy (an
//! "anchor"), chosen by a selectivity guess: an HS prefix, else a trader/declarant code,
//! else an item origin, else another text code. Rules with no such conjunct are always
//! candidates. Looking a declaration up yields a superset of the rules that can match;
//! the evaluator then checks the full conditions, so the index never changes a result
//! (a test compares it with evaluating every rule).

use crate::engine::CompiledRule;
use crate::facts::DeclarationFacts;
use crate::fields::{Field, Val};
use crate::pred::{CmpOp, FxHashMap, Pred};

type Postings = FxHashMap<Box<str>, Vec<u32>>;

/// Longest HS prefix the index packs into one integer key.
const HS_KEY_BYTES_MAX: usize = 16;

/// The first `len` bytes of `text`, packed little-endian into a `u128` (`len` ≤ 16).
fn pack(text: &[u8]) -> u128 {
    let mut buf = [0u8; HS_KEY_BYTES_MAX];
    buf[..text.len()].copy_from_slice(text);
    u128::from_le_bytes(buf)
}

#[derive(Debug, Default)]
pub(crate) struct RuleIndex {
    rule_count: usize,
    always: Vec<u32>,
    /// HS-code prefixes by length: (length, packed prefix → rules), lengths ascending.
    /// Prefixes are packed into a `u128` (≤ 16 bytes) so a lookup hashes one integer.
    hs: Vec<(usize, FxHashMap<u128, Vec<u32>>)>,
    header: Vec<(Field, Postings)>,
    item: Vec<(Field, Postings)>,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Anchor {
    Hs,
    Header(Field),
    Item(Field),
}

/// Keys every match of `pred` must produce, the anchor kind, and a selectivity score.
fn anchor_of(pred: &Pred, in_item: bool) -> Option<(Anchor, Vec<&str>, u32)> {
    let (field, keys): (Field, Vec<&str>) = match pred {
        Pred::Text {
            field,
            op: CmpOp::Eq,
            value,
        } => (*field, vec![&**value]),
        Pred::TextIn {
            field,
            values,
            negate: false,
        } => (*field, values.iter().map(|v| &**v).collect()),
        Pred::TextInList {
            field,
            values,
            negate: false,
        } => (*field, values.iter().map(|v| &**v).collect()),
        Pred::StartsWith { field, prefixes } if field.is_hs() => {
            (*field, prefixes.iter().map(|v| &**v).collect())
        }
        _ => return None,
    };
    if keys.is_empty() {
        return None;
    }
    if field.is_hs() {
        // Every HS-derived equality or prefix test implies the HS code starts with the key.
        let shortest = keys.iter().map(|k| k.len()).min().unwrap_or(0);
        if shortest == 0 || keys.iter().any(|k| k.len() > HS_KEY_BYTES_MAX) {
            return None;
        }
        return Some((Anchor::Hs, keys, 100 + shortest as u32));
    }
    let score = match field {
        Field::Trader | Field::Declarant => 90,
        Field::Origin => 60,
        // Offices number in the dozens; a header country test often names several countries.
        Field::CustomsOffice => 40,
        Field::DeclarationOrigin | Field::TradingCountry | Field::DestinationCountry => 35,
        Field::Description => 5,
        _ => 20,
    };
    let anchor = if in_item {
        Anchor::Item(field)
    } else {
        Anchor::Header(field)
    };
    Some((anchor, keys, score))
}

fn postings_for(list: &mut Vec<(Field, Postings)>, field: Field) -> &mut Postings {
    let at = match list.iter().position(|(f, _)| *f == field) {
        Some(at) => at,
        None => {
            list.push((field, Postings::default()));
            list.len() - 1
        }
    };
    &mut list[at].1
}

fn file(postings: &mut Postings, key: &str, rule: u32) {
    let rules = postings.entry(key.into()).or_default();
    if rules.last() != Some(&rule) {
        rules.push(rule);
    }
}

impl RuleIndex {
    pub fn build(rules: &[CompiledRule]) -> RuleIndex {
        let mut index = RuleIndex {
            rule_count: rules.len(),
            ..RuleIndex::default()
        };
        for (position, rule) in rules.iter().enumerate() {
            let position = u32::try_from(position).expect("rule count is limited");
            let anchors = rule
                .header
                .iter()
                .filter_map(|p| anchor_of(p, false))
                .chain(rule.item.iter().filter_map(|p| anchor_of(p, true)));
            let Some((anchor, keys, _)) = anchors.max_by_key(|(_, _, score)| *score) else {
                index.always.push(position);
                continue;
            };
            for key in keys {
                match anchor {
                    Anchor::Hs => {
                        let at = match index.hs.iter().position(|(len, _)| *len == key.len()) {
                            Some(at) => at,
                            None => {
                                index.hs.push((key.len(), FxHashMap::default()));
                                index.hs.len() - 1
                            }
                        };
                        let rules = index.hs[at].1.entry(pack(key.as_bytes())).or_default();
                        if rules.last() != Some(&position) {
                            rules.push(position);
                        }
                    }
                    Anchor::Header(field) => {
                        file(postings_for(&mut index.header, field), key, position)
                    }
                    Anchor::Item(field) => {
                        file(postings_for(&mut index.item, field), key, position)
                    }
                }
            }
        }
        index.hs.sort_unstable_by_key(|(len, _)| *len);
        index
    }

    /// Rules that could match `d`, as a set of rule positions.
    pub fn candidates(&self, d: &DeclarationFacts) -> RuleSet {
        let mut set = RuleSet::with_capacity(self.rule_count);
        for &rule in &self.always {
            set.insert(rule);
        }
        for (field, postings) in &self.header {
            if let Val::Text(key) = field.value(d, None)
                && let Some(rules) = postings.get(key)
            {
                rules.iter().for_each(|&r| set.insert(r));
            }
        }
        for (position, item) in d.items.iter().enumerate() {
            // Consecutive items often repeat an HS code; look each distinct run up once.
            let repeated = position > 0 && d.items[position - 1].hs_code == item.hs_code;
            if !repeated && !self.hs.is_empty() {
                let hs = item.hs_code.as_bytes();
                let mut full = [0u8; HS_KEY_BYTES_MAX];
                let known = hs.len().min(HS_KEY_BYTES_MAX);
                full[..known].copy_from_slice(&hs[..known]);
                let full = u128::from_le_bytes(full);
                for (len, postings) in &self.hs {
                    if *len > hs.len() {
                        break;
                    }
                    // Keep the low `len` bytes: the packed prefix of length `len`.
                    let prefix = if *len == HS_KEY_BYTES_MAX {
                        full
                    } else {
                        full & ((1u128 << (8 * len)) - 1)
                    };
                    if let Some(rules) = postings.get(&prefix) {
                        rules.iter().for_each(|&r| set.insert(r));
                    }
                }
            }
            for (field, postings) in &self.item {
                if let Val::Text(key) = field.value(d, Some(item))
                    && let Some(rules) = postings.get(key)
                {
                    rules.iter().for_each(|&r| set.insert(r));
                }
            }
        }
        set
    }
}

/// A bit set of rule positions, iterated in ascending order (= rule-text order).
pub(crate) struct RuleSet {
    words: Vec<u64>,
}

impl RuleSet {
    fn with_capacity(rules: usize) -> RuleSet {
        RuleSet {
            words: vec![0; rules.div_ceil(64)],
        }
    }

    fn insert(&mut self, rule: u32) {
        let rule = rule as usize;
        self.words[rule / 64] |= 1 << (rule % 64);
    }

    pub fn iter(&self) -> impl Iterator<Item = usize> + '_ {
        self.words.iter().enumerate().flat_map(|(w, &word)| {
            let mut bits = word;
            std::iter::from_fn(move || {
                if bits == 0 {
                    return None;
                }
                let bit = bits.trailing_zeros() as usize;
                bits &= bits - 1;
                Some(w * 64 + bit)
            })
        })
    }
}
