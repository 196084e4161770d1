//! The fields a condition may name: their names, types, scope (header or item) and how each value is read or derived.

use std::cell::Cell;

use rust_decimal::Decimal;

use crate::facts::{DeclarationFacts, ItemFacts};

/// Type of a field as the compiler checks it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Ty {
    /// Text; `= != < <= > >= starts_with contains in`.
    Text,
    /// Exact decimal; `= != < <= > >= in`.
    Number,
    /// `true` / `false`; `=`, `!=` or the bare field.
    Bool,
    /// Text from a closed set of values; `= != in`.
    Enum(&'static [&'static str]),
}

impl Ty {
    pub fn name(self) -> &'static str {
        match self {
            Ty::Text => "text",
            Ty::Number => "number",
            Ty::Bool => "boolean",
            Ty::Enum(_) => "enumeration",
        }
    }
}

/// Whether a field is read from the declaration header (incl. the trader) or from one item.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Scope {
    Header,
    Item,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(crate) enum Field {
    // header
    CustomsOffice,
    IeFlag,
    TradeMode,
    TransportMode,
    Declarant,
    Trader,
    DeclarationOrigin,
    TradingCountry,
    DestinationCountry,
    Currency,
    TotalValueCny,
    FreightCny,
    InsuranceCny,
    CifValueCny,
    GrossWeightKg,
    NetWeightKg,
    GrossNetRatio,
    ValuePerKgCny,
    FreightShare,
    Packages,
    ItemCount,
    // party
    AeoLevel,
    PartnerMraAeo,
    PriorHits,
    // item
    Hs,
    HsChapter,
    HsHeading,
    HsSubheading,
    Description,
    Origin,
    Quantity,
    Unit,
    ValueCny,
    UnitValueCny,
    ItemNetWeightKg,
    ItemValuePerKgCny,
    ItemValueShare,
}

pub(crate) struct FieldInfo {
    pub name: &'static str,
    pub field: Field,
    pub ty: Ty,
    pub scope: Scope,
}

const IE_VALUES: &[&str] = &["import", "export"];
const AEO_VALUES: &[&str] = &["none", "general", "advanced"];

macro_rules! fields {
    ($($name:literal => $field:ident, $ty:expr, $scope:ident;)*) => {
        pub(crate) const FIELDS: &[FieldInfo] = &[
            $(FieldInfo { name: $name, field: Field::$field, ty: $ty, scope: Scope::$scope },)*
        ];
    };
}

// The single table of fields; LANGUAGE.md documents the same list (a test checks every name appears there).
fields! {
    "customs_office" => CustomsOffice, Ty::Text, Header;
    "ie_flag" => IeFlag, Ty::Enum(IE_VALUES), Header;
    "trade_mode" => TradeMode, Ty::Text, Header;
    "transport_mode" => TransportMode, Ty::Text, Header;
    "declarant" => Declarant, Ty::Text, Header;
    "trader" => Trader, Ty::Text, Header;
    "declaration_origin" => DeclarationOrigin, Ty::Text, Header;
    "trading_country" => TradingCountry, Ty::Text, Header;
    "destination_country" => DestinationCountry, Ty::Text, Header;
    "currency" => Currency, Ty::Text, Header;
    "total_value_cny" => TotalValueCny, Ty::Number, Header;
    "freight_cny" => FreightCny, Ty::Number, Header;
    "insurance_cny" => InsuranceCny, Ty::Number, Header;
    "cif_value_cny" => CifValueCny, Ty::Number, Header;
    "gross_weight_kg" => GrossWeightKg, Ty::Number, Header;
    "net_weight_kg" => NetWeightKg, Ty::Number, Header;
    "gross_net_ratio" => GrossNetRatio, Ty::Number, Header;
    "value_per_kg_cny" => ValuePerKgCny, Ty::Number, Header;
    "freight_share" => FreightShare, Ty::Number, Header;
    "packages" => Packages, Ty::Number, Header;
    "item_count" => ItemCount, Ty::Number, Header;
    "aeo_level" => AeoLevel, Ty::Enum(AEO_VALUES), Header;
    "partner_mra_aeo" => PartnerMraAeo, Ty::Bool, Header;
    "prior_hits" => PriorHits, Ty::Number, Header;
    "hs" => Hs, Ty::Text, Item;
    "hs_chapter" => HsChapter, Ty::Text, Item;
    "hs_heading" => HsHeading, Ty::Text, Item;
    "hs_subheading" => HsSubheading, Ty::Text, Item;
    "description" => Description, Ty::Text, Item;
    "origin" => Origin, Ty::Text, Item;
    "quantity" => Quantity, Ty::Number, Item;
    "unit" => Unit, Ty::Text, Item;
    "value_cny" => ValueCny, Ty::Number, Item;
    "unit_value_cny" => UnitValueCny, Ty::Number, Item;
    "item_net_weight_kg" => ItemNetWeightKg, Ty::Number, Item;
    "item_value_per_kg_cny" => ItemValuePerKgCny, Ty::Number, Item;
    "item_value_share" => ItemValueShare, Ty::Number, Item;
}

pub(crate) fn lookup(name: &str) -> Option<&'static FieldInfo> {
    FIELDS.iter().find(|info| info.name == name)
}

/// A field's value for one declaration (and one item, for item fields).
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) enum Val<'a> {
    Text(&'a str),
    Number(Decimal),
    Bool(bool),
    /// Not defined: an optional value missing, a ratio with a zero denominator, an HS
    /// code too short for the requested part. Every test on an absent value is false.
    Absent,
}

fn ratio(numerator: Decimal, denominator: Decimal) -> Val<'static> {
    if denominator.is_zero() {
        return Val::Absent;
    }
    numerator
        .checked_div(denominator)
        .map_or(Val::Absent, Val::Number)
}

fn text_prefix(text: &str, len: usize) -> Val<'_> {
    text.get(..len).map_or(Val::Absent, Val::Text)
}

impl Field {
    /// Reads the value. `item` must be `Some` for item fields (the evaluator guarantees it).
    pub fn value<'a>(self, d: &'a DeclarationFacts, item: Option<&'a ItemFacts>) -> Val<'a> {
        match self {
            Field::CustomsOffice => Val::Text(&d.customs_office),
            Field::IeFlag => Val::Text(d.ie_flag.as_str()),
            Field::TradeMode => Val::Text(&d.trade_mode),
            Field::TransportMode => Val::Text(&d.transport_mode),
            Field::Declarant => Val::Text(&d.declarant_code),
            Field::Trader => Val::Text(&d.trader_code),
            Field::DeclarationOrigin => Val::Text(&d.origin_country),
            Field::TradingCountry => Val::Text(&d.trading_country),
            Field::DestinationCountry => Val::Text(&d.destination_country),
            Field::Currency => Val::Text(&d.currency),
            Field::TotalValueCny => Val::Number(d.total_value_cny),
            Field::FreightCny => Val::Number(d.freight_cny),
            Field::InsuranceCny => Val::Number(d.insurance_cny),
            Field::CifValueCny => d
                .total_value_cny
                .checked_add(d.freight_cny)
                .and_then(|v| v.checked_add(d.insurance_cny))
                .map_or(Val::Absent, Val::Number),
            Field::GrossWeightKg => Val::Number(d.gross_weight_kg),
            Field::NetWeightKg => Val::Number(d.net_weight_kg),
            Field::GrossNetRatio => ratio(d.gross_weight_kg, d.net_weight_kg),
            Field::ValuePerKgCny => ratio(d.total_value_cny, d.net_weight_kg),
            Field::FreightShare => ratio(d.freight_cny, d.total_value_cny),
            Field::Packages => Val::Number(Decimal::from(d.packages)),
            Field::ItemCount => Val::Number(Decimal::from(d.items.len())),
            Field::AeoLevel => Val::Text(d.trader.aeo_level.as_str()),
            Field::PartnerMraAeo => Val::Bool(d.trader.partner_mra_aeo),
            Field::PriorHits => Val::Number(Decimal::from(d.trader.prior_hits)),
            item_field => match item {
                Some(item) => item_value(item_field, d, item),
                None => Val::Absent,
            },
        }
    }

    /// For text fields derived from the HS code: the implied HS prefix semantics used by the index.
    pub fn is_hs(self) -> bool {
        matches!(
            self,
            Field::Hs | Field::HsChapter | Field::HsHeading | Field::HsSubheading
        )
    }
}

fn item_value<'a>(field: Field, d: &'a DeclarationFacts, item: &'a ItemFacts) -> Val<'a> {
    match field {
        Field::Hs => Val::Text(&item.hs_code),
        Field::HsChapter => text_prefix(&item.hs_code, 2),
        Field::HsHeading => text_prefix(&item.hs_code, 4),
        Field::HsSubheading => text_prefix(&item.hs_code, 6),
        Field::Description => Val::Text(&item.description),
        Field::Origin => Val::Text(&item.origin_country),
        Field::Quantity => Val::Number(item.quantity),
        Field::Unit => Val::Text(&item.unit),
        Field::ValueCny => Val::Number(item.value_cny),
        Field::UnitValueCny => ratio(item.value_cny, item.quantity),
        Field::ItemNetWeightKg => item.net_weight_kg.map_or(Val::Absent, Val::Number),
        Field::ItemValuePerKgCny => item
            .net_weight_kg
            .map_or(Val::Absent, |kg| ratio(item.value_cny, kg)),
        Field::ItemValueShare => ratio(item.value_cny, d.total_value_cny),
        _ => Val::Absent,
    }
}

/// One assessment's view of a declaration: derived header values are computed at most once
/// (many rules may test `gross_net_ratio`; a decimal division costs more than a comparison).
pub(crate) struct Ctx<'a> {
    pub d: &'a DeclarationFacts,
    derived: [Cell<Option<Val<'static>>>; 4],
}

impl<'a> Ctx<'a> {
    pub fn new(d: &'a DeclarationFacts) -> Ctx<'a> {
        Ctx {
            d,
            derived: Default::default(),
        }
    }

    pub fn value(&self, field: Field, item: Option<&'a ItemFacts>) -> Val<'a> {
        let slot = match field {
            Field::CifValueCny => 0,
            Field::GrossNetRatio => 1,
            Field::ValuePerKgCny => 2,
            Field::FreightShare => 3,
            _ => return field.value(self.d, item),
        };
        if let Some(value) = self.derived[slot].get() {
            return value;
        }
        let value = match field.value(self.d, None) {
            Val::Number(n) => Val::Number(n),
            _ => Val::Absent,
        };
        self.derived[slot].set(Some(value));
        value
    }
}
