-- Foundation schema: reference data, parties, declarations with immutable versions,
-- the hash-chained audit trail, idempotency keys, number sequences, rule sets, tariff files.
-- Tables with large rows (bodies, explanations, answers) keep their rowid: SQLite stores large
-- rows far better in rowid tables than WITHOUT ROWID ones; their primary keys stay unique.

CREATE TABLE reference_codes (
    kind TEXT NOT NULL,
    code TEXT NOT NULL,
    name TEXT NOT NULL,
    attributes TEXT NOT NULL,
    PRIMARY KEY (kind, code)
) WITHOUT ROWID;

CREATE TABLE parties (
    id INTEGER PRIMARY KEY,
    code TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    role TEXT NOT NULL,
    district TEXT,
    uscc TEXT,
    aeo_level TEXT NOT NULL DEFAULT 'none',
    partner_mra_aeo INTEGER NOT NULL DEFAULT 0,
    prior_hits INTEGER NOT NULL DEFAULT 0,
    api_key_hash TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL
);

CREATE TABLE declarations (
    id TEXT PRIMARY KEY,
    number TEXT UNIQUE,
    customs_office TEXT NOT NULL,
    district TEXT NOT NULL,
    ie_flag TEXT NOT NULL,
    declarant_code TEXT NOT NULL,
    trader_code TEXT NOT NULL,
    state TEXT NOT NULL,
    lane TEXT,
    current_version INTEGER NOT NULL,
    tax_payable TEXT,
    -- audit events (of the declaration's stream) holding the latest risk assessment and tax quote:
    -- explanations are stored once, with the event that decided them
    assessment_seq INTEGER,
    tax_seq INTEGER,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    lodged_at TEXT
);
CREATE INDEX declarations_by_declarant ON declarations (declarant_code, id);
CREATE INDEX declarations_by_trader ON declarations (trader_code, id);
CREATE INDEX declarations_by_district ON declarations (district, id);
CREATE INDEX declarations_by_lodged ON declarations (lodged_at);

CREATE TABLE declaration_versions (
    declaration_id TEXT NOT NULL,
    version INTEGER NOT NULL,
    body TEXT NOT NULL,
    created_at TEXT NOT NULL,
    created_by TEXT NOT NULL,
    PRIMARY KEY (declaration_id, version)
);
CREATE TRIGGER declaration_versions_are_immutable BEFORE UPDATE ON declaration_versions
BEGIN SELECT RAISE(ABORT, 'declaration versions are never updated'); END;
CREATE TRIGGER declaration_versions_are_kept BEFORE DELETE ON declaration_versions
BEGIN SELECT RAISE(ABORT, 'declaration versions are never deleted'); END;

CREATE TABLE declaration_sequences (
    customs_office TEXT NOT NULL,
    year INTEGER NOT NULL,
    last INTEGER NOT NULL,
    PRIMARY KEY (customs_office, year)
) WITHOUT ROWID;

CREATE TABLE audit_events (
    stream TEXT NOT NULL,
    seq INTEGER NOT NULL,
    at TEXT NOT NULL,
    actor TEXT NOT NULL,
    action TEXT NOT NULL,
    from_state TEXT,
    to_state TEXT,
    reason TEXT,
    payload TEXT,
    prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL,
    PRIMARY KEY (stream, seq)
);
CREATE TRIGGER audit_events_are_immutable BEFORE UPDATE ON audit_events
BEGIN SELECT RAISE(ABORT, 'audit events are never updated'); END;
CREATE TRIGGER audit_events_are_kept BEFORE DELETE ON audit_events
BEGIN SELECT RAISE(ABORT, 'audit events are never deleted'); END;

CREATE TABLE idempotency_keys (
    party_code TEXT NOT NULL,
    key TEXT NOT NULL,
    request_hash TEXT NOT NULL,
    status INTEGER NOT NULL,
    response TEXT NOT NULL,
    created_at TEXT NOT NULL,
    PRIMARY KEY (party_code, key)
);

CREATE TABLE rule_sets (
    version INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    source TEXT NOT NULL,
    status TEXT NOT NULL,
    uploaded_by TEXT NOT NULL,
    uploaded_at TEXT NOT NULL,
    activated_at TEXT,
    retired_at TEXT
);

CREATE TABLE tariff_files (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL,
    source TEXT NOT NULL,
    line_count INTEGER NOT NULL,
    imported_by TEXT NOT NULL,
    imported_at TEXT NOT NULL
);
