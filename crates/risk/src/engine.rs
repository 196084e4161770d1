//! The compiled rule set and the assessment: matching, deterministic sampling, AEO facilitation, lane and explanation.

use jiff::civil::Date;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::facts::{AeoLevel, DeclarationFacts, Lane, PartyFacts};
use crate::fields::Ctx;
use crate::index::RuleIndex;
use crate::pred::Pred;

/// 100% in parts per million, the unit of every probability, rate and factor.
pub const PPM_ONE: u32 = 1_000_000;

/// One rule (one version of a rule id) after compilation.
#[derive(Clone, Debug)]
pub(crate) struct CompiledRule {
    pub id: Box<str>,
    pub lane: Lane,
    pub probability_ppm: u32,
    pub valid: Option<(Date, Date)>,
    pub because: Box<str>,
    pub author: Option<Box<str>>,
    /// Top-level conjuncts that read only header and party fields: checked once.
    pub header: Box<[Pred]>,
    /// Top-level conjuncts that read item fields: all must hold for one and the same item.
    pub item: Box<[Pred]>,
}

impl CompiledRule {
    pub fn is_valid_on(&self, on: Date) -> bool {
        self.valid.is_none_or(|(from, to)| from <= on && on <= to)
    }

    /// `None` if the rule does not match; `Some(None)` if it matches on header conditions
    /// only; `Some(Some(i))` if item `i` is the first item satisfying the item conditions.
    pub fn matches(&self, ctx: &Ctx<'_>) -> Option<Option<usize>> {
        if !self.header.iter().all(|p| p.eval(ctx, None)) {
            return None;
        }
        if self.item.is_empty() {
            return Some(None);
        }
        ctx.d
            .items
            .iter()
            .position(|item| self.item.iter().all(|p| p.eval(ctx, Some(item))))
            .map(Some)
    }
}

/// Multipliers applied to a facilitated trader's selection chances, in parts per million.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Factors {
    /// Multiplier of every lane's minimum random rate.
    pub random_ppm: u32,
    /// Multiplier of every rule's hit probability.
    pub rules_ppm: u32,
}

/// Facilitation configured by `facilitation` directives; `None` = no facilitation for that tier.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct Facilitation {
    pub aeo_general: Option<Factors>,
    pub aeo_advanced: Option<Factors>,
    /// When absent, partner-MRA AEOs get the `aeo_advanced` factors.
    pub partner_mra: Option<Factors>,
}

impl Facilitation {
    /// The most favourable factors among the tiers the trader qualifies for.
    fn for_party(&self, party: &PartyFacts) -> Option<(&'static str, Factors)> {
        let mut tiers: Vec<(&'static str, Factors)> = Vec::new();
        match party.aeo_level {
            AeoLevel::Advanced => tiers.extend(self.aeo_advanced.map(|f| ("aeo-advanced", f))),
            AeoLevel::General => tiers.extend(self.aeo_general.map(|f| ("aeo-general", f))),
            AeoLevel::None => {}
        }
        if party.partner_mra_aeo {
            tiers.extend(
                self.partner_mra
                    .or(self.aeo_advanced)
                    .map(|f| ("partner-mra", f)),
            );
        }
        tiers.into_iter().min_by_key(|(_, f)| {
            (
                u64::from(f.random_ppm) + u64::from(f.rules_ppm),
                f.rules_ppm,
            )
        })
    }
}

/// A rule set compiled from one versioned text: immutable, `Send + Sync`, share it in an `Arc`.
#[derive(Debug)]
pub struct CompiledRuleSet {
    version: u64,
    version_text: String,
    rules: Vec<CompiledRule>,
    random_ppm: [u32; 4],
    facilitation: Facilitation,
    index: RuleIndex,
}

impl CompiledRuleSet {
    pub(crate) fn new(
        version: u64,
        rules: Vec<CompiledRule>,
        random_ppm: [u32; 4],
        facilitation: Facilitation,
        index: RuleIndex,
    ) -> CompiledRuleSet {
        CompiledRuleSet {
            version,
            version_text: version.to_string(),
            rules,
            random_ppm,
            facilitation,
            index,
        }
    }

    /// The version given to `compile`.
    pub fn version(&self) -> u64 {
        self.version
    }

    /// Number of rules, counting each version of a rule id.
    pub fn rule_count(&self) -> usize {
        self.rules.len()
    }

    /// Ids of the rules in text order (a versioned id appears once per version).
    pub fn rule_ids(&self) -> impl Iterator<Item = &str> {
        self.rules.iter().map(|r| &*r.id)
    }

    /// Minimum random rate of `lane` in parts per million, before facilitation.
    pub fn random_rate_ppm(&self, lane: Lane) -> u32 {
        self.random_ppm[lane as usize]
    }

    /// Assesses a declaration on date `on`, evaluating only the rules the index says could match.
    pub fn assess(&self, facts: &DeclarationFacts, on: Date) -> Assessment {
        let candidates = self.index.candidates(facts);
        self.assess_rules(facts, on, candidates.iter())
    }

    /// Assesses by evaluating every rule, without the index. Gives the same result as
    /// [`assess`](Self::assess); kept as the reference for tests and the benchmark baseline.
    pub fn assess_naive(&self, facts: &DeclarationFacts, on: Date) -> Assessment {
        self.assess_rules(facts, on, 0..self.rules.len())
    }

    /// Number of rules the index proposes for `facts` (before conditions and dates are checked).
    pub fn candidate_count(&self, facts: &DeclarationFacts) -> usize {
        self.index.candidates(facts).iter().count()
    }

    fn assess_rules(
        &self,
        facts: &DeclarationFacts,
        on: Date,
        candidates: impl Iterator<Item = usize>,
    ) -> Assessment {
        let facilitated = self.facilitation.for_party(&facts.trader);
        let factors = facilitated.map_or(
            Factors {
                random_ppm: PPM_ONE,
                rules_ppm: PPM_ONE,
            },
            |(_, f)| f,
        );
        let ctx = Ctx::new(facts);
        let mut hits = Vec::new();
        for index in candidates {
            let rule = &self.rules[index];
            if !rule.is_valid_on(on) {
                continue;
            }
            let Some(item_index) = rule.matches(&ctx) else {
                continue;
            };
            let effective_probability_ppm = scale_ppm(rule.probability_ppm, factors.rules_ppm);
            let draw_ppm = draw_ppm(&facts.declaration_id, &rule.id, &self.version_text);
            hits.push(RuleHit {
                rule_id: rule.id.to_string(),
                lane: rule.lane,
                probability_ppm: rule.probability_ppm,
                effective_probability_ppm,
                draw_ppm,
                selected: draw_ppm < effective_probability_ppm,
                item_index,
                because: rule.because.to_string(),
                author: rule.author.as_deref().map(str::to_owned),
            });
        }
        let mut random_draws = Vec::new();
        for lane in Lane::ALL {
            let rate_ppm = self.random_ppm[lane as usize];
            if rate_ppm == 0 {
                continue;
            }
            let effective_rate_ppm = scale_ppm(rate_ppm, factors.random_ppm);
            let draw_ppm = draw_ppm(
                &facts.declaration_id,
                random_stream(lane),
                &self.version_text,
            );
            random_draws.push(RandomDraw {
                lane,
                rate_ppm,
                effective_rate_ppm,
                draw_ppm,
                selected: draw_ppm < effective_rate_ppm,
            });
        }
        let lane_by_rule = hits.iter().filter(|h| h.selected).map(|h| h.lane).max();
        let lane_by_random = random_draws
            .iter()
            .filter(|r| r.selected)
            .map(|r| r.lane)
            .max();
        let lane = lane_by_rule.max(lane_by_random).unwrap_or(Lane::Green);
        let reason = reason(lane, &hits, &random_draws);
        Assessment {
            declaration_id: facts.declaration_id.clone(),
            rule_set_version: self.version,
            assessed_on: on,
            lane,
            reason,
            facilitation: facilitated.map(|(tier, f)| FacilitationApplied {
                tier: tier.to_owned(),
                random_factor_ppm: f.random_ppm,
                rules_factor_ppm: f.rules_ppm,
            }),
            hits,
            random_draws,
        }
    }
}

/// The sampling stream id of a lane's random rate, hashed in place of a rule id.
pub fn random_stream(lane: Lane) -> &'static str {
    match lane {
        Lane::Green => "random:green",
        Lane::Blue => "random:blue",
        Lane::Yellow => "random:yellow",
        Lane::Red => "random:red",
    }
}

/// `probability × factor`, both in parts per million, rounded down.
fn scale_ppm(probability_ppm: u32, factor_ppm: u32) -> u32 {
    let scaled = u64::from(probability_ppm) * u64::from(factor_ppm) / u64::from(PPM_ONE);
    u32::try_from(scaled).expect("product of two fractions is at most one")
}

/// The deterministic draw for (declaration, rule or random stream, rule-set version).
///
/// `x` = first 8 bytes of SHA-256(`declaration_id|stream|version`) read big-endian; the
/// draw is the fraction x / 2^64 in [0, 1). We report ⌊x · 10^6 / 2^64⌋, which is exact
/// integer arithmetic; because probabilities are whole ppm, `draw_ppm < p_ppm` holds
/// exactly when x / 2^64 < p_ppm / 10^6, so nothing is lost by the rounding.
pub fn draw_ppm(declaration_id: &str, stream: &str, version: &str) -> u32 {
    let mut hasher = Sha256::new();
    hasher.update(declaration_id.as_bytes());
    hasher.update(b"|");
    hasher.update(stream.as_bytes());
    hasher.update(b"|");
    hasher.update(version.as_bytes());
    let digest = hasher.finalize();
    let x = u64::from_be_bytes(digest[..8].try_into().expect("8 bytes"));
    let ppm = (u128::from(x) * u128::from(PPM_ONE)) >> 64;
    u32::try_from(ppm).expect("below 1,000,000")
}

fn percent(ppm: u32) -> String {
    let whole = ppm / 10_000;
    let fraction = ppm % 10_000;
    if fraction == 0 {
        format!("{whole}%")
    } else {
        format!(
            "{whole}.{}%",
            format!("{fraction:04}").trim_end_matches('0')
        )
    }
}

fn reason(lane: Lane, hits: &[RuleHit], random_draws: &[RandomDraw]) -> String {
    if let Some(hit) = hits.iter().find(|h| h.selected && h.lane == lane) {
        let item = hit
            .item_index
            .map(|i| format!(" on item {i}"))
            .unwrap_or_default();
        let because = if hit.because.is_empty() {
            String::new()
        } else {
            format!(": {}", hit.because)
        };
        let others = hits.iter().filter(|h| h.selected).count() - 1;
        let others = if others > 0 {
            format!(" (+{others} more selected)")
        } else {
            String::new()
        };
        return format!(
            "{lane}: rule {} matched{item} and was selected at {}{because}{others}",
            hit.rule_id,
            percent(hit.effective_probability_ppm)
        );
    }
    if let Some(draw) = random_draws.iter().find(|r| r.selected && r.lane == lane) {
        return format!(
            "{lane}: random selection at {} rate",
            percent(draw.effective_rate_ppm)
        );
    }
    match hits.len() {
        0 => format!("{lane}: no rule matched and no random selection"),
        n => format!("{lane}: {n} rule(s) matched but sampling selected none"),
    }
}

/// The decision for one declaration with everything needed to explain and replay it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Assessment {
    /// The declaration id used for sampling.
    pub declaration_id: String,
    /// Version of the rule set that decided.
    pub rule_set_version: u64,
    /// Date the rules' validity was checked against.
    pub assessed_on: Date,
    /// Resulting lane: the strictest selected; green if nothing was selected.
    pub lane: Lane,
    /// One line a human can read.
    pub reason: String,
    /// Facilitation applied to this trader, if any.
    pub facilitation: Option<FacilitationApplied>,
    /// Every rule that matched, in rule-text order, selected or not.
    pub hits: Vec<RuleHit>,
    /// The random-rate draw of every lane that has a rate.
    pub random_draws: Vec<RandomDraw>,
}

/// A matched rule and its sampling.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RuleHit {
    /// Rule id.
    pub rule_id: String,
    /// The rule's lane.
    pub lane: Lane,
    /// The rule's hit probability as written, ppm.
    pub probability_ppm: u32,
    /// After facilitation, ppm.
    pub effective_probability_ppm: u32,
    /// The deterministic draw, ppm in [0, 1,000,000).
    pub draw_ppm: u32,
    /// `draw_ppm < effective_probability_ppm`.
    pub selected: bool,
    /// Index (0-based) of the first item satisfying the item conditions; `None` for a
    /// rule with header conditions only.
    pub item_index: Option<usize>,
    /// The rule's `because` text.
    pub because: String,
    /// The rule's `author`, if given.
    pub author: Option<String>,
}

/// A lane's minimum random rate and its draw.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RandomDraw {
    /// The lane.
    pub lane: Lane,
    /// Rate as configured, ppm.
    pub rate_ppm: u32,
    /// After facilitation, ppm.
    pub effective_rate_ppm: u32,
    /// The deterministic draw, ppm in [0, 1,000,000).
    pub draw_ppm: u32,
    /// `draw_ppm < effective_rate_ppm`.
    pub selected: bool,
}

/// Facilitation tier applied and its multipliers.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FacilitationApplied {
    /// `aeo-general`, `aeo-advanced` or `partner-mra`.
    pub tier: String,
    /// Multiplier of random rates, ppm.
    pub random_factor_ppm: u32,
    /// Multiplier of rule probabilities, ppm.
    pub rules_factor_ppm: u32,
}
