-- Foundation schema (PostgreSQL): the same tables and guarantees as migrations/sqlite/0001.
-- Integers are BIGINT throughout so both backends read them as i64.

CREATE TABLE reference_codes (
    kind TEXT NOT NULL,
    code TEXT NOT NULL,
    name TEXT NOT NULL,
    attributes TEXT NOT NULL,
    PRIMARY KEY (kind, code)
);

CREATE TABLE parties (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    code TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    role TEXT NOT NULL,
    district TEXT,
    uscc TEXT,
    aeo_level TEXT NOT NULL DEFAULT 'none',
    partner_mra_aeo BOOLEAN NOT NULL DEFAULT FALSE,
    prior_hits BIGINT NOT NULL DEFAULT 0,
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
    current_version BIGINT NOT NULL,
    tax_payable TEXT,
    assessment_seq BIGINT,
    tax_seq BIGINT,
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
    version BIGINT NOT NULL,
    body TEXT NOT NULL,
    created_at TEXT NOT NULL,
    created_by TEXT NOT NULL,
    PRIMARY KEY (declaration_id, version)
);

CREATE TABLE declaration_sequences (
    customs_office TEXT NOT NULL,
    year BIGINT NOT NULL,
    last BIGINT NOT NULL,
    PRIMARY KEY (customs_office, year)
);

CREATE TABLE audit_events (
    stream TEXT NOT NULL,
    seq BIGINT NOT NULL,
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

CREATE FUNCTION chuanyu_refuse_versions_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' THEN RAISE EXCEPTION 'declaration versions are never updated'; END IF;
    RAISE EXCEPTION 'declaration versions are never deleted';
END $$;
CREATE TRIGGER declaration_versions_are_immutable BEFORE UPDATE OR DELETE ON declaration_versions
FOR EACH ROW EXECUTE FUNCTION chuanyu_refuse_versions_change();

CREATE FUNCTION chuanyu_refuse_audit_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' THEN RAISE EXCEPTION 'audit events are never updated'; END IF;
    RAISE EXCEPTION 'audit events are never deleted';
END $$;
CREATE TRIGGER audit_events_are_immutable BEFORE UPDATE OR DELETE ON audit_events
FOR EACH ROW EXECUTE FUNCTION chuanyu_refuse_audit_change();

CREATE TABLE idempotency_keys (
    party_code TEXT NOT NULL,
    key TEXT NOT NULL,
    request_hash TEXT NOT NULL,
    status BIGINT NOT NULL,
    response TEXT NOT NULL,
    created_at TEXT NOT NULL,
    PRIMARY KEY (party_code, key)
);

CREATE TABLE rule_sets (
    version BIGINT PRIMARY KEY,
    name TEXT NOT NULL,
    source TEXT NOT NULL,
    status TEXT NOT NULL,
    uploaded_by TEXT NOT NULL,
    uploaded_at TEXT NOT NULL,
    activated_at TEXT,
    retired_at TEXT
);

CREATE TABLE tariff_files (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    kind TEXT NOT NULL,
    source TEXT NOT NULL,
    line_count BIGINT NOT NULL,
    imported_by TEXT NOT NULL,
    imported_at TEXT NOT NULL
);
