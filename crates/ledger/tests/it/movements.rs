//! Every movement kind through `apply`, and the refusals that change nothing.

use crate::fixtures::*;
use chuanyu_ledger::*;
use std::collections::HashSet;

fn pass(gate_pass_id: &str, list_id: &str, lines: &[(u32, &str)]) -> Movement {
    Movement::PassGate {
        gate_pass_id: gate_pass_id.into(),
        vehicle: "渝B67890".into(),
        lists: vec![PassedList {
            list_id: list_id.into(),
            lines: lines
                .iter()
                .map(|(line_no, quantity)| PassedLine {
                    line_no: *line_no,
                    quantity: d(quantity),
                })
                .collect(),
        }],
        on: DAY,
    }
}

fn line_state(state: &BookState, list_id: &str, index: usize) -> DeductionState {
    state.list(list_id).unwrap().progress[index].state
}

#[test]
fn first_line_entry_is_expected_then_available_at_the_gate() {
    let mut book = zone();
    let entry = list(
        &book,
        "L1",
        BookingListKind::FirstLineEntry,
        &[("M1", "10.5")],
    );
    ok(&mut book, &Movement::Declare { list: entry });
    assert_eq!(balance(&book, "M1"), buckets("0", "0", "10.5", "0"));
    assert_eq!(line_state(&book, "L1", 0), DeductionState::PreDeducted);
    ok(&mut book, &pass("GP1", "L1", &[(1, "10.5")]));
    assert_eq!(balance(&book, "M1"), buckets("10.5", "0", "0", "0"));
    assert_eq!(line_state(&book, "L1", 0), DeductionState::Deducted);
    assert_eq!(book.list("L1").unwrap().progress[0].deducted_on, Some(DAY));
}

#[test]
fn one_list_many_vehicles_deducts_when_the_last_part_passes() {
    let mut book = zone();
    stock(&mut book, "IN", "M1", "100");
    let exit = list(&book, "L2", BookingListKind::FirstLineExit, &[("M1", "60")]);
    ok(&mut book, &Movement::Declare { list: exit });
    assert_eq!(balance(&book, "M1"), buckets("40", "60", "0", "0"));
    ok(&mut book, &pass("GP-a", "L2", &[(1, "25")]));
    assert_eq!(balance(&book, "M1"), buckets("40", "35", "0", "0"));
    assert_eq!(line_state(&book, "L2", 0), DeductionState::PreDeducted);
    // Passing more than what remains is refused.
    let found = refused(&book, &pass("GP-b", "L2", &[(1, "35.00001")]));
    assert_eq!(
        found,
        vec![("/lists/0/lines/0/quantity".into(), Code::OverRemaining)]
    );
    ok(&mut book, &pass("GP-b", "L2", &[(1, "35")]));
    assert_eq!(balance(&book, "M1"), buckets("40", "0", "0", "0"));
    assert_eq!(line_state(&book, "L2", 0), DeductionState::Deducted);
    // A deducted line cannot pass again.
    let found = refused(&book, &pass("GP-c", "L2", &[(1, "1")]));
    assert_eq!(
        found,
        vec![("/lists/0/lines/0".into(), Code::IllegalTransition)]
    );
}

#[test]
fn second_line_exit_asks_for_a_goods_declaration() {
    let mut book = zone();
    stock(&mut book, "IN", "M2", "5");
    let exit = list(&book, "L3", BookingListKind::SecondLineExit, &[("M2", "5")]);
    let effect = ok(&mut book, &Movement::Declare { list: exit });
    assert_eq!(
        effect.follow_ups,
        vec![FollowUp::GoodsDeclarationRequired {
            list_id: "L3".into()
        }]
    );
    ok(&mut book, &pass("GP3", "L3", &[(1, "5")]));
    assert_eq!(balance(&book, "M2"), Balance::ZERO);
}

#[test]
fn second_line_entry_adds_stock() {
    let mut book = zone();
    let entry = list(
        &book,
        "L4",
        BookingListKind::SecondLineEntry,
        &[("M3", "7")],
    );
    let effect = ok(&mut book, &Movement::Declare { list: entry });
    assert!(effect.follow_ups.is_empty());
    ok(&mut book, &pass("GP4", "L4", &[(1, "7")]));
    assert_eq!(balance(&book, "M3"), buckets("7", "0", "0", "0"));
}

#[test]
fn gateless_kinds_declare_then_deduct_directly_or_book_in_one_step() {
    let mut book = zone();
    stock(&mut book, "IN", "M1", "100");
    let scrap = list(&book, "S1", BookingListKind::Scrap, &[("M1", "3")]);
    ok(&mut book, &Movement::Declare { list: scrap });
    assert_eq!(balance(&book, "M1"), buckets("97", "3", "0", "0"));
    ok(
        &mut book,
        &Movement::Deduct {
            list_id: "S1".into(),
            on: DAY,
        },
    );
    assert_eq!(balance(&book, "M1"), buckets("97", "0", "0", "0"));
    let increase = list(
        &book,
        "A1",
        BookingListKind::StocktakeIncrease,
        &[("M1", "0.5")],
    );
    ok(
        &mut book,
        &Movement::Book {
            list: increase,
            on: DAY,
        },
    );
    let decrease = list(
        &book,
        "A2",
        BookingListKind::StocktakeDecrease,
        &[("M1", "1.5")],
    );
    ok(
        &mut book,
        &Movement::Book {
            list: decrease,
            on: DAY,
        },
    );
    assert_eq!(balance(&book, "M1"), buckets("96", "0", "0", "0"));
    assert_eq!(line_state(&book, "A2", 0), DeductionState::Deducted);
}

#[test]
fn scrap_and_adjustments_need_an_officer() {
    let book = zone();
    let mut scrap = list(&book, "S1", BookingListKind::Scrap, &[("M1", "3")]);
    scrap.approved_by = None;
    let found = refused(
        &book,
        &Movement::Book {
            list: scrap,
            on: DAY,
        },
    );
    assert!(found.contains(&("/approved_by".into(), Code::ApprovalRequired)));
}

#[test]
fn front_store_back_warehouse_keeps_goods_bonded() {
    let mut book = zone();
    stock(&mut book, "IN", "M1", "20");
    let out = list(&book, "D1", BookingListKind::DisplayOut, &[("M1", "8")]);
    ok(&mut book, &Movement::Book { list: out, on: DAY });
    assert_eq!(balance(&book, "M1"), buckets("12", "0", "0", "8"));
    assert_eq!(balance(&book, "M1").on_hand(), d("20"));
    let sale = list(&book, "D2", BookingListKind::FrontStoreSale, &[("M1", "3")]);
    ok(
        &mut book,
        &Movement::Book {
            list: sale,
            on: DAY,
        },
    );
    let back = list(&book, "D3", BookingListKind::DisplayReturn, &[("M1", "5")]);
    ok(
        &mut book,
        &Movement::Book {
            list: back,
            on: DAY,
        },
    );
    assert_eq!(balance(&book, "M1"), buckets("17", "0", "0", "0"));
    // Selling more than is displayed is refused with the bucket named.
    let sale = list(&book, "D4", BookingListKind::FrontStoreSale, &[("M1", "1")]);
    let findings = apply(
        &book,
        &Movement::Book {
            list: sale,
            on: DAY,
        },
    )
    .unwrap_err();
    assert_eq!(
        findings[0].shortfall,
        Some(Shortfall {
            bucket: Bucket::Displayed,
            available: d("0"),
            requested: d("1")
        })
    );
}

#[test]
fn duty_free_shop_sales_deduct_stock_only_in_a_shop() {
    let mut shop = BookState::open(account_book("DFS1", PlaceKind::DutyFreeShop, &["P1"])).unwrap();
    stock(&mut shop, "IN", "P1", "10");
    let sale = list(
        &shop,
        "SALE1",
        BookingListKind::DutyFreeSale,
        &[("P1", "2")],
    );
    ok(
        &mut shop,
        &Movement::Book {
            list: sale,
            on: DAY,
        },
    );
    assert_eq!(balance(&shop, "P1"), buckets("8", "0", "0", "0"));
    let display = list(&shop, "X", BookingListKind::DisplayOut, &[("P1", "1")]);
    assert_eq!(
        refused(
            &shop,
            &Movement::Book {
                list: display,
                on: DAY
            }
        ),
        vec![("/kind".into(), Code::KindNotAllowedAtPlace)]
    );
    let book = zone();
    let sale = list(
        &book,
        "SALE2",
        BookingListKind::DutyFreeSale,
        &[("M1", "1")],
    );
    let found = refused(
        &book,
        &Movement::Book {
            list: sale,
            on: DAY,
        },
    );
    assert!(found.contains(&("/kind".into(), Code::KindNotAllowedAtPlace)));
}

#[test]
fn over_draw_is_refused_with_available_and_requested_and_changes_nothing() {
    let mut book = zone();
    stock(&mut book, "IN", "M1", "10");
    // Two lines on the same item: the second one overdraws what the first left.
    let exit = list(
        &book,
        "L9",
        BookingListKind::FirstLineExit,
        &[("M1", "6"), ("M1", "5")],
    );
    let findings = apply(&book, &Movement::Declare { list: exit.clone() }).unwrap_err();
    assert_eq!(findings.len(), 1);
    assert_eq!(findings[0].path, "/lines/1/quantity");
    assert_eq!(findings[0].code, Code::InsufficientBalance);
    assert_eq!(
        findings[0].shortfall,
        Some(Shortfall {
            bucket: Bucket::Available,
            available: d("4"),
            requested: d("5")
        })
    );
    assert_eq!(findings[0].message, "available holds 4, requested 5");
    refused(&book, &Movement::Declare { list: exit });
    assert_eq!(balance(&book, "M1"), buckets("10", "0", "0", "0"));
    assert!(book.list("L9").is_none());
}

#[test]
fn every_finding_of_a_list_at_once() {
    let mut book = zone();
    ok(
        &mut book,
        &Movement::CloseBook {
            officer_id: "officer-7".into(),
            document: document(),
        },
    );
    let mut bad = list(
        &book,
        "",
        BookingListKind::FirstLineExit,
        &[("M1", "1"), ("NOPE", "0"), ("M2", "1.123456")],
    );
    bad.lines[2].line_no = 1;
    bad.book_id = "OTHER".into();
    bad.document.number = String::new();
    bad.lines[0].counterpart = Some("X".into());
    let found = refused(&book, &Movement::Declare { list: bad });
    assert_eq!(
        found,
        vec![
            ("/id".into(), Code::MissingField),
            ("/book_id".into(), Code::BookMismatch),
            ("/book_id".into(), Code::BookClosed),
            ("/document/number".into(), Code::MissingField),
            ("/lines/0/counterpart".into(), Code::CounterpartNotAllowed),
            ("/lines/1/material_no".into(), Code::UnknownItem),
            ("/lines/1/quantity".into(), Code::NonPositiveQuantity),
            ("/lines/2/line_no".into(), Code::DuplicateLineNo),
            ("/lines/2/quantity".into(), Code::TooManyDecimals),
            // The one usable line still meets an empty book.
            ("/lines/0/quantity".into(), Code::InsufficientBalance),
        ]
    );
}

#[test]
fn a_thousand_lines_pass_and_one_more_does_not() {
    let mut book = zone();
    let lines: Vec<(&str, &str)> = vec![("M1", "1"); limits::BOOKING_LIST_LINES_MAX];
    let entry = list(&book, "BIG", BookingListKind::FirstLineEntry, &lines);
    let effect = ok(&mut book, &Movement::Declare { list: entry });
    assert_eq!(effect.balance_changes.len(), 1_000);
    assert_eq!(balance(&book, "M1").incoming, d("1000"));
    let lines: Vec<(&str, &str)> = vec![("M1", "1"); limits::BOOKING_LIST_LINES_MAX + 1];
    let entry = list(&book, "BIGGER", BookingListKind::FirstLineEntry, &lines);
    assert_eq!(
        refused(&book, &Movement::Declare { list: entry }),
        vec![("/lines".into(), Code::TooManyLines)]
    );
}

#[test]
fn gate_and_direct_deduction_do_not_mix() {
    let mut book = zone();
    stock(&mut book, "IN", "M1", "10");
    let exit = list(&book, "L1", BookingListKind::FirstLineExit, &[("M1", "1")]);
    assert_eq!(
        refused(
            &book,
            &Movement::Book {
                list: exit.clone(),
                on: DAY
            }
        ),
        vec![("/kind".into(), Code::GateRequired)]
    );
    ok(&mut book, &Movement::Declare { list: exit });
    assert_eq!(
        refused(
            &book,
            &Movement::Deduct {
                list_id: "L1".into(),
                on: DAY
            }
        ),
        vec![("/list_id".into(), Code::GateRequired)]
    );
    let scrap = list(&book, "S1", BookingListKind::Scrap, &[("M1", "1")]);
    ok(&mut book, &Movement::Declare { list: scrap });
    assert_eq!(
        refused(&book, &pass("GP", "S1", &[(1, "1")])),
        vec![("/lists/0/list_id".into(), Code::GateNotUsed)]
    );
    assert_eq!(
        refused(&book, &pass("GP", "NOPE", &[(1, "1")])),
        vec![("/lists/0/list_id".into(), Code::UnknownList)]
    );
    assert_eq!(
        refused(&book, &pass("GP", "L1", &[(7, "1")])),
        vec![("/lists/0/lines/0/line_no".into(), Code::UnknownLine)]
    );
}

#[test]
fn cancel_releases_the_reservation_but_not_after_a_passage() {
    let mut book = zone();
    stock(&mut book, "IN", "M1", "10");
    let exit = list(&book, "L1", BookingListKind::FirstLineExit, &[("M1", "4")]);
    ok(&mut book, &Movement::Declare { list: exit });
    let cancel = Movement::Cancel {
        list_id: "L1".into(),
        document: document(),
    };
    ok(&mut book, &cancel);
    assert_eq!(balance(&book, "M1"), buckets("10", "0", "0", "0"));
    assert_eq!(line_state(&book, "L1", 0), DeductionState::NotDeducted);
    // Cancelled twice: 0 cannot cancel.
    assert_eq!(
        refused(&book, &cancel),
        vec![("/lines/0".into(), Code::IllegalTransition)]
    );
    // The id stays taken.
    let again = list(&book, "L1", BookingListKind::FirstLineExit, &[("M1", "4")]);
    assert_eq!(
        refused(&book, &Movement::Declare { list: again }),
        vec![("/id".into(), Code::ListAlreadyDeclared)]
    );
    let exit = list(&book, "L2", BookingListKind::FirstLineExit, &[("M1", "4")]);
    ok(&mut book, &Movement::Declare { list: exit });
    ok(&mut book, &pass("GP", "L2", &[(1, "1")]));
    assert_eq!(
        refused(
            &book,
            &Movement::Cancel {
                list_id: "L2".into(),
                document: document()
            }
        ),
        vec![("/lines/0".into(), Code::PartiallyPassed)]
    );
    // Inbound cancellation removes what was expected.
    let entry = list(&book, "L3", BookingListKind::FirstLineEntry, &[("M2", "9")]);
    ok(&mut book, &Movement::Declare { list: entry });
    ok(
        &mut book,
        &Movement::Cancel {
            list_id: "L3".into(),
            document: document(),
        },
    );
    assert_eq!(balance(&book, "M2"), Balance::ZERO);
}

#[test]
fn write_off_closes_the_period_lines_only() {
    let mut book = zone();
    stock(&mut book, "IN", "M1", "10"); // deducted on DAY
    let later = DAY.tomorrow().unwrap();
    let scrap = list(&book, "S1", BookingListKind::Scrap, &[("M1", "1")]);
    ok(
        &mut book,
        &Movement::Book {
            list: scrap,
            on: later,
        },
    );
    let exit = list(&book, "L1", BookingListKind::FirstLineExit, &[("M1", "1")]);
    ok(&mut book, &Movement::Declare { list: exit });
    let effect = ok(
        &mut book,
        &Movement::WriteOff {
            document: document(),
            period_end: DAY,
        },
    );
    assert_eq!(effect.line_changes.len(), 1);
    assert!(effect.balance_changes.is_empty());
    assert_eq!(line_state(&book, "IN", 0), DeductionState::WrittenOff);
    assert_eq!(line_state(&book, "S1", 0), DeductionState::Deducted);
    assert_eq!(line_state(&book, "L1", 0), DeductionState::PreDeducted);
}

#[test]
fn closing_needs_an_empty_written_off_book() {
    let mut book = zone();
    stock(&mut book, "IN", "M1", "2");
    let close = Movement::CloseBook {
        officer_id: "officer-7".into(),
        document: document(),
    };
    assert_eq!(
        refused(&book, &close),
        vec![
            ("/lists/IN".into(), Code::OpenLines),
            ("/items/0".into(), Code::BookHasStock)
        ]
    );
    let scrap = list(&book, "S1", BookingListKind::Scrap, &[("M1", "2")]);
    ok(
        &mut book,
        &Movement::Book {
            list: scrap,
            on: DAY,
        },
    );
    ok(
        &mut book,
        &Movement::WriteOff {
            document: document(),
            period_end: DAY,
        },
    );
    let effect = ok(&mut book, &close);
    assert_eq!(effect.status_after, Some(BookStatus::Closed));
    assert_eq!(book.book().status, BookStatus::Closed);
    let entry = list(&book, "L9", BookingListKind::FirstLineEntry, &[("M1", "1")]);
    assert_eq!(
        refused(&book, &Movement::Declare { list: entry }),
        vec![("/book_id".into(), Code::BookClosed)]
    );
    assert_eq!(
        refused(&book, &close),
        vec![("/book_id".into(), Code::BookClosed)]
    );
    let reopen = Movement::ReopenBook {
        officer_id: "officer-7".into(),
        document: document(),
    };
    ok(&mut book, &reopen);
    assert_eq!(
        refused(&book, &reopen),
        vec![("/book_id".into(), Code::BookOpen)]
    );
}

#[test]
fn items_are_recorded_before_they_move() {
    let mut book = zone();
    let entry = list(&book, "L1", BookingListKind::FirstLineEntry, &[("M9", "1")]);
    assert_eq!(
        refused(
            &book,
            &Movement::Declare {
                list: entry.clone()
            }
        ),
        vec![("/lines/0/material_no".into(), Code::UnknownItem)]
    );
    let record = Movement::RecordItem {
        item: item("M9"),
        document: document(),
    };
    ok(&mut book, &record);
    assert_eq!(
        refused(&book, &record),
        vec![("/item/material_no".into(), Code::DuplicateMaterialNo)]
    );
    ok(&mut book, &Movement::Declare { list: entry });
    assert_eq!(balance(&book, "M9").incoming, d("1"));
    let mut bad = item("M10");
    bad.hs_code = "12".into();
    assert_eq!(
        refused(
            &book,
            &Movement::RecordItem {
                item: bad,
                document: document()
            }
        ),
        vec![("/item/hs_code".into(), Code::InvalidHsCode)]
    );
}

#[test]
fn idempotency_is_decided_from_the_applied_ids() {
    let book = zone();
    let entry = list(&book, "L1", BookingListKind::FirstLineEntry, &[("M1", "1")]);
    let declare = Movement::Declare {
        list: entry.clone(),
    };
    let mut applied = HashSet::new();
    assert_eq!(check_idempotency(&applied, &declare), Idempotency::New);
    applied.extend(declare.idempotency_keys());
    assert_eq!(
        check_idempotency(&applied, &declare),
        Idempotency::AlreadyApplied
    );
    // The same list id booked by another movement is the same booking.
    let book_it = Movement::Book {
        list: entry,
        on: DAY,
    };
    assert_eq!(
        check_idempotency(&applied, &book_it),
        Idempotency::AlreadyApplied
    );
    // A processing that reuses one of its two ids is a conflict, not a retry.
    let consume = list(
        &book,
        "L1",
        BookingListKind::ProcessingConsume,
        &[("M1", "1")],
    );
    let produce = list(
        &book,
        "P1",
        BookingListKind::ProcessingProduce,
        &[("M2", "1")],
    );
    let process = Movement::Process {
        consume,
        produce,
        on: DAY,
    };
    assert_eq!(check_idempotency(&applied, &process), Idempotency::Conflict);
}

#[test]
fn changes_explain_themselves() {
    let mut book = zone();
    stock(&mut book, "IN", "M1", "10");
    let exit = list(&book, "L1", BookingListKind::SecondLineExit, &[("M1", "3")]);
    let effect = ok(&mut book, &Movement::Declare { list: exit });
    assert_eq!(
        effect.balance_changes[0].explain(),
        "list L1 line 1 (second_line_exit, pre_deduct) M1: available 10 → 7, pre_deducted 0 → 3"
    );
}

#[test]
fn effects_and_movements_round_trip_as_json() {
    let mut book = zone();
    stock(&mut book, "IN", "M1", "10");
    let exit = list(
        &book,
        "L1",
        BookingListKind::SecondLineExit,
        &[("M1", "3.25")],
    );
    let movement = Movement::Declare { list: exit };
    let effect = ok(&mut book, &movement);
    let json = serde_json::to_string(&movement).unwrap();
    assert!(json.starts_with(r#"{"movement":"declare""#), "{json}");
    assert_eq!(serde_json::from_str::<Movement>(&json).unwrap(), movement);
    let json = serde_json::to_string(&effect).unwrap();
    assert!(json.contains(r#""available":"6.75""#), "{json}");
    assert_eq!(serde_json::from_str::<Effect>(&json).unwrap(), effect);
}

#[test]
fn stored_state_is_checked_after_the_read() {
    let mut book = zone();
    stock(&mut book, "IN", "M1", "10");
    let exit = list(&book, "L1", BookingListKind::FirstLineExit, &[("M1", "4")]);
    ok(&mut book, &Movement::Declare { list: exit });
    let lists: Vec<ListRecord> = book.lists().cloned().collect();
    let again =
        BookState::from_parts(book.book().clone(), &book.balances(), lists.clone()).unwrap();
    assert_eq!(again, book);
    // A store that lost the reservation is caught.
    let mut balances = book.balances();
    balances.get_mut("M1").unwrap().pre_deducted = d("3");
    let error = BookState::from_parts(book.book().clone(), &balances, lists.clone()).unwrap_err();
    assert!(error.detail.contains("pre_deducted 3"), "{error}");
    let mut balances = book.balances();
    balances.get_mut("M2").unwrap().available = d("-1");
    let error = BookState::from_parts(book.book().clone(), &balances, lists).unwrap_err();
    assert!(error.detail.contains("negative"), "{error}");
}

#[test]
#[should_panic(expected = "changed since the effect was computed")]
fn committing_a_stale_effect_is_a_bug() {
    let mut book = zone();
    stock(&mut book, "IN", "M1", "10");
    let first = list(&book, "L1", BookingListKind::FirstLineExit, &[("M1", "4")]);
    let second = list(&book, "L2", BookingListKind::FirstLineExit, &[("M1", "4")]);
    let first = Movement::Declare { list: first };
    let second = Movement::Declare { list: second };
    let effect_one = apply(&book, &first).unwrap();
    let effect_two = apply(&book, &second).unwrap();
    book.commit(&first, &effect_one);
    book.commit(&second, &effect_two);
}
