-- Bonded movements beyond the booking lists (issue 6 items 2, 4, 5, 6): the goods declaration a
-- second-line exit created, spare parts imported with a whole machine and their movements,
-- duty-free sales with each traveller's allowance per trip, and 1210 deductions by CBEC lists.

-- A booking list ↔ the goods declaration created with it (both directions are indexed).
CREATE TABLE ledger_list_declarations (
    book_id TEXT NOT NULL REFERENCES ledger_books (id),
    list_id TEXT NOT NULL,
    declaration_id TEXT NOT NULL,
    declaration_number TEXT NOT NULL,
    created_at TEXT NOT NULL,
    PRIMARY KEY (book_id, list_id)
);
CREATE UNIQUE INDEX ledger_list_declarations_by_declaration ON ledger_list_declarations (declaration_id);

-- One part number imported with a machine (随整机进口的零部件), kept against a book. `body` is the
-- core's record (JSON: quantity in the zone, open obligations); `next_due` the earliest due date
-- of an open obligation, so officers find overdue ones by index.
CREATE TABLE ledger_spare_parts (
    id TEXT PRIMARY KEY,
    book_id TEXT NOT NULL REFERENCES ledger_books (id),
    district TEXT NOT NULL,
    machine_declaration_no TEXT NOT NULL,
    part_no TEXT NOT NULL,
    body TEXT NOT NULL,
    request_hash TEXT NOT NULL,
    movement_seq INTEGER NOT NULL,
    next_due TEXT,
    created_by TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX ledger_spare_parts_by_book ON ledger_spare_parts (book_id, id);
CREATE INDEX ledger_spare_parts_due ON ledger_spare_parts (district, next_due);

-- The append-only movements of a spare-part record (client-chosen ids make them idempotent).
CREATE TABLE ledger_spare_part_movements (
    record_id TEXT NOT NULL REFERENCES ledger_spare_parts (id),
    seq INTEGER NOT NULL,
    id TEXT NOT NULL,
    kind TEXT NOT NULL,
    document_code TEXT NOT NULL,
    document_number TEXT NOT NULL,
    body TEXT NOT NULL,
    request_hash TEXT NOT NULL,
    response TEXT NOT NULL,
    actor TEXT NOT NULL,
    at TEXT NOT NULL,
    PRIMARY KEY (record_id, seq),
    UNIQUE (record_id, id)
);
CREATE TRIGGER ledger_spare_part_movements_are_immutable BEFORE UPDATE ON ledger_spare_part_movements
BEGIN SELECT RAISE(ABORT, 'spare-part movements are never updated'); END;
CREATE TRIGGER ledger_spare_part_movements_are_kept BEFORE DELETE ON ledger_spare_part_movements
BEGIN SELECT RAISE(ABORT, 'spare-part movements are never deleted'); END;

-- What a traveller bought on one trip (in fen, exact): the shop's sales and the purchases abroad
-- the traveller declared. One row per traveller and trip, raised inside the writer transaction.
CREATE TABLE ledger_duty_free_allowances (
    traveller_id TEXT NOT NULL,
    trip TEXT NOT NULL,
    used_fen INTEGER NOT NULL,
    abroad_fen INTEGER NOT NULL,
    updated_at TEXT NOT NULL,
    PRIMARY KEY (traveller_id, trip)
);

-- One duty-free sale (its booking list has the same id in the shop's book).
CREATE TABLE ledger_duty_free_sales (
    book_id TEXT NOT NULL REFERENCES ledger_books (id),
    id TEXT NOT NULL,
    traveller_id TEXT NOT NULL,
    trip TEXT NOT NULL,
    amount_fen INTEGER NOT NULL,
    at TEXT NOT NULL,
    PRIMARY KEY (book_id, id)
);
CREATE INDEX ledger_duty_free_sales_by_traveller ON ledger_duty_free_sales (traveller_id, trip);

-- A stocktake of a book (counts) and the differences with the book's on-hand balances, kept for
-- an officer's decision (stocktake adjustment lists; duty on shortages through a declaration).
CREATE TABLE ledger_stocktakes (
    book_id TEXT NOT NULL REFERENCES ledger_books (id),
    id TEXT NOT NULL,
    body TEXT NOT NULL,
    differences TEXT NOT NULL,
    request_hash TEXT NOT NULL,
    status TEXT NOT NULL,
    decision TEXT,
    decision_hash TEXT,
    created_by TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    PRIMARY KEY (book_id, id)
);
