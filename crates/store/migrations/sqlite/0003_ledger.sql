-- Bonded account books (issue 6): books, items with their balances in four buckets, booking
-- lists with the progress of each line, the append-only movement log that `chuanyu ledger
-- verify` replays, and gate passes. Quantities are exact decimals kept as TEXT.

CREATE TABLE ledger_books (
    id TEXT PRIMARY KEY,
    enterprise_code TEXT NOT NULL,
    place_kind TEXT NOT NULL,
    district TEXT NOT NULL,
    status TEXT NOT NULL,
    item_count INTEGER NOT NULL,
    -- movements in the log so far: the next movement gets movement_seq + 1
    movement_seq INTEGER NOT NULL,
    document_code TEXT NOT NULL,
    document_number TEXT NOT NULL,
    request_hash TEXT NOT NULL,
    opened_by TEXT NOT NULL,
    opened_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX ledger_books_by_enterprise ON ledger_books (enterprise_code, id);
CREATE INDEX ledger_books_by_district ON ledger_books (district, id);

CREATE TABLE ledger_items (
    book_id TEXT NOT NULL REFERENCES ledger_books (id),
    material_no TEXT NOT NULL,
    hs_code TEXT NOT NULL,
    name TEXT NOT NULL,
    unit TEXT NOT NULL,
    origin_country TEXT NOT NULL,
    available TEXT NOT NULL,
    pre_deducted TEXT NOT NULL,
    incoming TEXT NOT NULL,
    displayed TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    PRIMARY KEY (book_id, material_no)
) WITHOUT ROWID;

CREATE TABLE ledger_lists (
    book_id TEXT NOT NULL REFERENCES ledger_books (id),
    id TEXT NOT NULL,
    kind TEXT NOT NULL,
    -- the booking list as declared (JSON, never changes) and the progress of its lines (JSON)
    body TEXT NOT NULL,
    progress TEXT NOT NULL,
    -- lines pre-deducted or deducted, not yet written off (closing a book needs none)
    open_lines INTEGER NOT NULL,
    created_by TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    PRIMARY KEY (book_id, id)
);
CREATE INDEX ledger_lists_open ON ledger_lists (book_id, open_lines);

CREATE TABLE ledger_movements (
    book_id TEXT NOT NULL REFERENCES ledger_books (id),
    seq INTEGER NOT NULL,
    -- the client-chosen id that makes the movement idempotent (list/L1, pass/P1, item/M1 …)
    id TEXT NOT NULL,
    kind TEXT NOT NULL,
    document_code TEXT NOT NULL,
    document_number TEXT NOT NULL,
    body TEXT NOT NULL,
    request_hash TEXT NOT NULL,
    response TEXT NOT NULL,
    actor TEXT NOT NULL,
    at TEXT NOT NULL,
    PRIMARY KEY (book_id, seq),
    UNIQUE (book_id, id)
);
CREATE TRIGGER ledger_movements_are_immutable BEFORE UPDATE ON ledger_movements
BEGIN SELECT RAISE(ABORT, 'ledger movements are never updated'); END;
CREATE TRIGGER ledger_movements_are_kept BEFORE DELETE ON ledger_movements
BEGIN SELECT RAISE(ABORT, 'ledger movements are never deleted'); END;

CREATE TABLE ledger_gate_passes (
    id TEXT PRIMARY KEY,
    book_id TEXT NOT NULL REFERENCES ledger_books (id),
    vehicle TEXT NOT NULL,
    body TEXT NOT NULL,
    request_hash TEXT NOT NULL,
    status TEXT NOT NULL,
    created_by TEXT NOT NULL,
    created_at TEXT NOT NULL,
    passed_at TEXT
);
CREATE INDEX ledger_gate_passes_by_book ON ledger_gate_passes (book_id, id);
