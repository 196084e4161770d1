//! Mapping a validated declaration to what the engines take: risk facts and a tax request.

use crate::error::AppError;
use chuanyu_domain::{Declaration, IeFlag, ReferenceData};
use chuanyu_risk::{AeoLevel, DeclarationFacts, ItemFacts, PartyFacts};
use chuanyu_store::PartyRow;
use chuanyu_tariff::{ExchangeRates, Regime, TaxItem, TaxRequest};
use jiff::civil::Date;
use rust_decimal::Decimal;

pub fn party_facts(row: Option<&PartyRow>) -> PartyFacts {
    let Some(row) = row else {
        return PartyFacts::default();
    };
    let aeo_level = match row.aeo_level.as_str() {
        "advanced" => AeoLevel::Advanced,
        "general" => AeoLevel::General,
        _ => AeoLevel::None,
    };
    PartyFacts {
        aeo_level,
        partner_mra_aeo: row.partner_mra_aeo,
        prior_hits: row.prior_hits,
    }
}

/// The customs rate of the declaration currency on its date, or a finding saying none is loaded.
pub fn exchange_rate(rates: &ExchangeRates, currency: &str, on: Date) -> Result<Decimal, AppError> {
    rates.rate(currency, on).ok_or_else(|| {
        AppError::validation(
            "/currency",
            "no_exchange_rate",
            format!("no customs exchange rate for {currency} in the month of {on}; import one with `chuanyu tariff rates`"),
        )
    })
}

/// The risk engine's view of a declaration. Values are converted to CNY at the customs rate.
pub fn risk_facts(
    id: &str,
    declaration: &Declaration,
    rate: Decimal,
    trader: PartyFacts,
) -> DeclarationFacts {
    let input = &declaration.input;
    let cny = |amount: Decimal| amount * rate;
    // The header origin is the origin of the most valuable item (declarations carry it per item).
    let origin = input
        .items
        .iter()
        .max_by(|a, b| a.total.cmp(&b.total))
        .map(|item| item.origin_country.clone())
        .unwrap_or_default();
    let (ie_flag, destination) = match declaration.ie_flag {
        IeFlag::Import => (chuanyu_risk::IeFlag::Import, "CHN".to_string()),
        IeFlag::Export => (chuanyu_risk::IeFlag::Export, input.partner_country.clone()),
    };
    DeclarationFacts {
        declaration_id: id.to_string(),
        customs_office: input.customs_office.clone(),
        ie_flag,
        trade_mode: input.trade_mode.clone(),
        transport_mode: input.transport_mode.clone(),
        declarant_code: input.declarant_code.clone(),
        trader_code: input.trader_code.clone(),
        origin_country: origin,
        trading_country: input.trading_country.clone(),
        destination_country: destination,
        currency: input.currency.clone(),
        total_value_cny: cny(input.total_value),
        freight_cny: cny(input.freight),
        insurance_cny: cny(input.insurance),
        gross_weight_kg: input.gross_weight_kg,
        net_weight_kg: input.net_weight_kg,
        packages: input.packages,
        items: input
            .items
            .iter()
            .map(|item| ItemFacts {
                hs_code: item.hs_code.clone(),
                description: item.description.clone(),
                origin_country: item.origin_country.clone(),
                quantity: item.quantity,
                unit: item.unit.clone(),
                value_cny: cny(item.total),
                net_weight_kg: (item.legal_unit == "035").then_some(item.legal_quantity),
            })
            .collect(),
        trader,
    }
}

/// The tax engine's request for a goods declaration lodged on `on`.
pub fn tax_request(declaration: &Declaration, reference: &ReferenceData, on: Date) -> TaxRequest {
    let input = &declaration.input;
    // Goods declarations are taxed as general trade. CBEC retail tax is assessed per buyer on
    // the inventory lists (CEB621), where the yearly quota is known, not on a goods declaration.
    let regime = Regime::GeneralTrade;
    TaxRequest {
        date: on,
        regime,
        currency: input.currency.clone(),
        freight: input.freight,
        insurance: input.insurance,
        certificate_of_origin: input.certificate_of_origin.clone(),
        items: input
            .items
            .iter()
            .map(|item| TaxItem {
                tariff_code: item.hs_code.clone(),
                quantity_legal: item.legal_quantity,
                value: item.total,
                origin_country: item.origin_country.clone(),
                origin_wto_member: reference.is_wto_member(&item.origin_country),
            })
            .collect(),
    }
}
