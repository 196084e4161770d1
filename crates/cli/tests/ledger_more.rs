//! `chuanyu ledger overdue`: the officers' script over spare-part deadlines — lists what is
//! past due with its reason and exits 1, exits 0 when nothing is, and keeps to a district.

use chuanyu_app::ledger::views::{BookItemInput, LedgerDocument, OpenBookRequest, PlaceKind};
use chuanyu_app::ledger::views_more::{SparePartMovementRequest, SparePartRecordRequest};
use chuanyu_app::parties::NewParty;
use chuanyu_app::{Actor, App, AppOptions};
use chuanyu_domain::Role;
use std::process::Command;

fn overdue(data: &str, extra: &[&str]) -> (i32, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_chuanyu"))
        .args(["ledger", "overdue", "--data-dir", data])
        .args(extra)
        .output()
        .unwrap();
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stdout).into_owned()
            + &String::from_utf8_lossy(&output.stderr),
    )
}

fn seed(dir: &std::path::Path) {
    let app = App::open(dir, AppOptions::default()).unwrap();
    for (code, role) in [
        ("5101970001", Role::ZoneOperator),
        ("officer-7900-009", Role::Officer),
    ] {
        app.add_party_blocking(
            &Actor::system(),
            NewParty {
                code: code.into(),
                name: code.into(),
                role,
                district: Some("7900".into()),
                uscc: None,
                aeo_level: "none".into(),
                partner_mra_aeo: false,
            },
        )
        .unwrap();
    }
    let officer = Actor {
        code: "officer-7900-009".into(),
        name: "officer".into(),
        role: Role::Officer,
        district: Some("7900".into()),
    };
    let operator = Actor {
        code: "5101970001".into(),
        name: "operator".into(),
        role: Role::ZoneOperator,
        district: Some("7900".into()),
    };
    let document = |number: &str| LedgerDocument {
        code: "contract".into(),
        number: number.into(),
    };
    let runtime = tokio::runtime::Runtime::new().unwrap();
    runtime.block_on(async {
        app.open_book(
            &officer,
            OpenBookRequest {
                id: "T7900W000001".into(),
                enterprise_code: "5101970001".into(),
                place_kind: PlaceKind::ComprehensiveBondedZone,
                district: None,
                document: document("CD-1"),
                items: vec![BookItemInput {
                    material_no: "M1".into(),
                    hs_code: "8471300000".into(),
                    name: "laptop".into(),
                    unit: "007".into(),
                    origin_country: "JPN".into(),
                }],
            },
            None,
        )
        .await
        .unwrap();
        app.record_spare_part(
            &operator,
            "T7900W000001",
            SparePartRecordRequest {
                id: "SP-1".into(),
                machine_declaration_no: "790120261000000001".into(),
                part_no: "P-100".into(),
                name: "spindle bearing".into(),
                quantity: "4".parse().unwrap(),
                document: document("M-1"),
            },
            None,
        )
        .await
        .unwrap();
        app.move_spare_part(
            &operator,
            "T7900W000001",
            "SP-1",
            SparePartMovementRequest {
                id: "m1".into(),
                movement: serde_json::from_value(serde_json::json!({
                    "movement": "repair_out", "document": {"code": "repair", "number": "R-1"},
                    "quantity": "1", "due": "2099-12-31"
                }))
                .unwrap(),
            },
            None,
        )
        .await
        .unwrap();
    });
    drop(runtime);
    app.shutdown();
}

#[test]
fn ledger_overdue_lists_what_is_past_its_deadline() {
    let dir = tempfile::tempdir().unwrap();
    seed(dir.path());
    let data = dir.path().to_str().unwrap();
    let (code, out) = overdue(data, &[]);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("0 overdue obligation(s)"), "{out}");
    let (code, out) = overdue(data, &["--as-of", "2100-01-02"]);
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains("SP-1\tT7900W000001\trepair_return\t1\t2099-12-31\t2 days"),
        "{out}"
    );
    assert!(out.contains("R-1"), "{out}");
    let (code, out) = overdue(data, &["--as-of", "2100-01-02", "--district", "8000"]);
    assert_eq!(code, 0, "{out}");
    let (code, out) = overdue(data, &["--as-of", "2100-01-02", "--json"]);
    assert_eq!(code, 1, "{out}");
    let json_part = &out[..out.rfind('}').unwrap() + 1];
    let page: serde_json::Value = serde_json::from_str(json_part).unwrap();
    assert_eq!(page["items"][0]["days_overdue"], 2);
    let (code, out) = overdue(data, &["--as-of", "soon"]);
    assert_eq!(code, 2, "{out}");
    assert!(out.contains("invalid_date"), "{out}");
}
