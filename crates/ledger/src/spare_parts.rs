//! Spare parts imported with a whole machine (随整机进口的零部件): records tied to the machine's
//! import declaration, their movements (transfer, return abroad, exchange, repair) and the
//! obligations with deadlines that exchange and repair create.

use crate::finding::{Code, Finding, Findings};
use crate::limits::{
    DECLARATION_NUMBER_DIGITS, REFERENCE_CHARS_MAX, SPARE_PART_OBLIGATIONS_MAX, TEXT_CHARS_MAX,
};
use crate::list::DocumentRef;
use jiff::civil::Date;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// What must come back into the zone by a deadline.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ObligationKind {
    /// A part went out for repair and must come back.
    RepairReturn,
    /// A faulty part went out for exchange; its replacement (same part number) must come in.
    ExchangeReplacement,
}

impl ObligationKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ObligationKind::RepairReturn => "repair_return",
            ObligationKind::ExchangeReplacement => "exchange_replacement",
        }
    }
}

/// An open obligation on a record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Obligation {
    pub record_id: String,
    pub machine_declaration_no: String,
    pub part_no: String,
    pub kind: ObligationKind,
    /// The document of the movement that created it.
    pub document: DocumentRef,
    pub quantity: Decimal,
    /// Last day on which the part may come back.
    pub due: Date,
}

/// One part number imported with a machine, under supervision in the zone.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SparePartRecord {
    pub id: String,
    /// The 18-digit import declaration of the machine.
    pub machine_declaration_no: String,
    pub part_no: String,
    pub name: String,
    /// Quantity in the zone now.
    pub in_zone: Decimal,
    /// Open repair and exchange obligations, oldest due first.
    pub obligations: Vec<Obligation>,
}

/// A movement of a spare part; each names its document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "movement", rename_all = "snake_case")]
pub enum SparePartMovement {
    /// To another enterprise under supervision; leaves this record.
    Transfer {
        document: DocumentRef,
        to_enterprise: String,
        quantity: Decimal,
    },
    /// Returned abroad; leaves this record.
    ReturnAbroad {
        document: DocumentRef,
        quantity: Decimal,
    },
    /// A faulty part goes out; a replacement must come in by `due`.
    ExchangeOut {
        document: DocumentRef,
        quantity: Decimal,
        due: Date,
    },
    /// The replacement comes in, matched by part number against open exchanges.
    ExchangeIn {
        document: DocumentRef,
        part_no: String,
        quantity: Decimal,
    },
    /// Out for repair; must come back by `due`.
    RepairOut {
        document: DocumentRef,
        quantity: Decimal,
        due: Date,
    },
    /// Back from repair, clears the oldest repair obligations first.
    RepairBack {
        document: DocumentRef,
        quantity: Decimal,
    },
}

impl SparePartRecord {
    /// A new record as the machine is imported.
    pub fn new(
        id: &str,
        machine_declaration_no: &str,
        part_no: &str,
        name: &str,
        quantity: Decimal,
    ) -> Result<SparePartRecord, Vec<Finding>> {
        let mut findings = Findings::default();
        findings.text("/id", id, REFERENCE_CHARS_MAX);
        let digits = machine_declaration_no.as_bytes();
        // 4-digit office + 4-digit year + I/E flag (1 = import) + 9-digit sequence.
        let is_import_number = digits.len() == DECLARATION_NUMBER_DIGITS
            && digits.iter().all(u8::is_ascii_digit)
            && digits[8] == b'1';
        if !is_import_number {
            findings.add(
                "/machine_declaration_no",
                Code::InvalidDeclarationNumber,
                format!("'{machine_declaration_no}' is not an 18-digit import declaration number"),
            );
        }
        findings.text("/part_no", part_no, REFERENCE_CHARS_MAX);
        findings.text("/name", name, TEXT_CHARS_MAX);
        findings.quantity("/quantity", quantity);
        findings.into_result(|| SparePartRecord {
            id: id.to_string(),
            machine_declaration_no: machine_declaration_no.to_string(),
            part_no: part_no.to_string(),
            name: name.to_string(),
            in_zone: quantity,
            obligations: Vec::new(),
        })
    }

    /// Quantity out and owed back, by kind.
    pub fn owed(&self, kind: ObligationKind) -> Decimal {
        self.obligations
            .iter()
            .filter(|o| o.kind == kind)
            .map(|o| o.quantity)
            .sum()
    }
}

/// Decide a movement: the record after it, or every finding. `today` checks deadlines.
pub fn apply_spare_part(
    record: &SparePartRecord,
    movement: &SparePartMovement,
    today: Date,
) -> Result<SparePartRecord, Vec<Finding>> {
    use SparePartMovement as M;
    let mut findings = Findings::default();
    let mut next = record.clone();
    let (document, quantity) = match movement {
        M::Transfer {
            document, quantity, ..
        }
        | M::ReturnAbroad { document, quantity }
        | M::ExchangeOut {
            document, quantity, ..
        }
        | M::ExchangeIn {
            document, quantity, ..
        }
        | M::RepairOut {
            document, quantity, ..
        }
        | M::RepairBack { document, quantity } => (document, *quantity),
    };
    findings.text("/document/code", &document.code, REFERENCE_CHARS_MAX);
    findings.text("/document/number", &document.number, REFERENCE_CHARS_MAX);
    if !findings.quantity("/quantity", quantity) {
        return Err(findings.0);
    }
    match movement {
        M::Transfer { to_enterprise, .. } => {
            findings.text("/to_enterprise", to_enterprise, REFERENCE_CHARS_MAX);
            take_out(&mut findings, &mut next, quantity);
        }
        M::ReturnAbroad { .. } => take_out(&mut findings, &mut next, quantity),
        M::ExchangeOut { due, .. } | M::RepairOut { due, .. } => {
            let kind = match movement {
                M::ExchangeOut { .. } => ObligationKind::ExchangeReplacement,
                _ => ObligationKind::RepairReturn,
            };
            if *due < today {
                findings.add(
                    "/due",
                    Code::DueInPast,
                    format!("due {due} lies before today {today}"),
                );
            }
            if next.obligations.len() >= SPARE_PART_OBLIGATIONS_MAX {
                findings.add(
                    "/quantity",
                    Code::TooManyObligations,
                    format!("spare_part_obligations_max = {SPARE_PART_OBLIGATIONS_MAX} are open"),
                );
            }
            take_out(&mut findings, &mut next, quantity);
            next.obligations.push(Obligation {
                record_id: record.id.clone(),
                machine_declaration_no: record.machine_declaration_no.clone(),
                part_no: record.part_no.clone(),
                kind,
                document: document.clone(),
                quantity,
                due: *due,
            });
            next.obligations.sort_by_key(|o| o.due);
        }
        M::ExchangeIn { part_no, .. } => {
            if *part_no != record.part_no {
                findings.add(
                    "/part_no",
                    Code::PartMismatch,
                    format!(
                        "replacement {part_no} does not match faulty part {}",
                        record.part_no
                    ),
                );
            }
            settle(
                &mut findings,
                &mut next,
                ObligationKind::ExchangeReplacement,
                quantity,
            );
        }
        M::RepairBack { .. } => {
            settle(
                &mut findings,
                &mut next,
                ObligationKind::RepairReturn,
                quantity,
            );
        }
    }
    findings.into_result(|| next)
}

fn take_out(findings: &mut Findings, record: &mut SparePartRecord, quantity: Decimal) {
    if quantity > record.in_zone {
        findings.add(
            "/quantity",
            Code::InsufficientQuantity,
            format!(
                "{} holds {}, requested {quantity}",
                record.id, record.in_zone
            ),
        );
        return;
    }
    record.in_zone -= quantity;
}

/// Bring `quantity` back in against open obligations of `kind`, oldest due first.
fn settle(
    findings: &mut Findings,
    record: &mut SparePartRecord,
    kind: ObligationKind,
    quantity: Decimal,
) {
    let owed = record.owed(kind);
    if quantity > owed {
        findings.add(
            "/quantity",
            Code::NoMatchingObligation,
            format!(
                "{quantity} coming back but only {owed} is out for {}",
                kind.as_str()
            ),
        );
        return;
    }
    let mut left = quantity;
    for obligation in record.obligations.iter_mut().filter(|o| o.kind == kind) {
        let cleared = left.min(obligation.quantity);
        obligation.quantity -= cleared;
        left -= cleared;
        if left.is_zero() {
            break;
        }
    }
    record.obligations.retain(|o| !o.quantity.is_zero());
    record.in_zone += quantity;
}

/// Obligations whose deadline has passed (due before `today`), most overdue first.
pub fn overdue(records: &[SparePartRecord], today: Date) -> Vec<Obligation> {
    let mut late: Vec<Obligation> = records
        .iter()
        .flat_map(|r| r.obligations.iter())
        .filter(|o| o.due < today)
        .cloned()
        .collect();
    late.sort_by(|a, b| (a.due, &a.record_id).cmp(&(b.due, &b.record_id)));
    late
}
