-- CBEC import flow (issue 5): CEB messages as received (idempotent by sender and guid), the
-- order/payment/waybill documents they carry, inventory lists (CEB621) with their state, the
-- per-buyer yearly quota, number sequences and each sender's receipt inbox.

CREATE TABLE ceb_messages (
    sender TEXT NOT NULL,
    guid TEXT NOT NULL,
    message_type TEXT NOT NULL,
    body TEXT NOT NULL,
    receipt TEXT NOT NULL,
    received_at TEXT NOT NULL,
    PRIMARY KEY (sender, guid)
);

-- One accepted order (kind 'order', key orderNo), payment ('payment', orderNo) or waybill
-- ('waybill', logisticsNo); the entry is re-read from the stored message.
CREATE TABLE ceb_documents (
    kind TEXT NOT NULL,
    doc_key TEXT NOT NULL,
    sender TEXT NOT NULL,
    guid TEXT NOT NULL,
    entry INTEGER NOT NULL,
    received_at TEXT NOT NULL,
    PRIMARY KEY (kind, doc_key, sender, guid, entry)
);

CREATE TABLE cbec_lists (
    id TEXT PRIMARY KEY,
    sender TEXT NOT NULL,
    guid TEXT NOT NULL,
    entry INTEGER NOT NULL,
    cop_no TEXT NOT NULL,
    pre_no TEXT NOT NULL UNIQUE,
    invt_no TEXT UNIQUE,
    order_no TEXT NOT NULL,
    ebp_code TEXT NOT NULL,
    logistics_no TEXT NOT NULL,
    buyer_id TEXT NOT NULL,
    customs_code TEXT NOT NULL,
    district TEXT NOT NULL,
    state TEXT NOT NULL,
    lane TEXT,
    tax_total TEXT,
    quota_year INTEGER,
    quota_units INTEGER,
    wait_until TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX cbec_lists_waiting_order ON cbec_lists (state, order_no);
CREATE INDEX cbec_lists_waiting_waybill ON cbec_lists (state, logistics_no);
CREATE INDEX cbec_lists_waiting_until ON cbec_lists (state, wait_until);

-- Spend per buyer identity and calendar year, in units of 0.0001 CNY.
CREATE TABLE cbec_quotas (
    buyer_id TEXT NOT NULL,
    year INTEGER NOT NULL,
    used_units INTEGER NOT NULL,
    PRIMARY KEY (buyer_id, year)
) WITHOUT ROWID;

CREATE TABLE cbec_sequences (
    kind TEXT NOT NULL,
    scope TEXT NOT NULL,
    last INTEGER NOT NULL,
    PRIMARY KEY (kind, scope)
) WITHOUT ROWID;

-- Receipts sent later (lane, inspection, release, refusal), numbered per recipient in commit
-- order (the head row is locked by the numbering upsert), so a cursor never skips one.
CREATE TABLE ceb_receipts (
    recipient TEXT NOT NULL,
    seq INTEGER NOT NULL,
    receipt_type TEXT NOT NULL,
    list_id TEXT,
    body TEXT NOT NULL,
    created_at TEXT NOT NULL,
    PRIMARY KEY (recipient, seq)
);
