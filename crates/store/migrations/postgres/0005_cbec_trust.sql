-- CBEC trust (issue 5): guarantee accounts issued by banks, insurers and non-bank
-- institutions for a withholding agent (the enterprise a list's assureCode names), the tax bill
-- (CEB816) of every assessed list with its reservation against a guarantee, the monthly
-- settlements that pay matured bills and release their reservations, and the keys that verify
-- signed CEB messages.

CREATE TABLE cbec_guarantees (
    id TEXT PRIMARY KEY,
    guarantor TEXT NOT NULL,
    principal TEXT NOT NULL,
    kind TEXT NOT NULL,
    amount_fen BIGINT NOT NULL CHECK (amount_fen >= 0),
    reserved_fen BIGINT NOT NULL CHECK (reserved_fen >= 0),
    valid_from TEXT NOT NULL,
    valid_to TEXT NOT NULL,
    status TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    CHECK (reserved_fen <= amount_fen)
);
CREATE INDEX cbec_guarantees_principal ON cbec_guarantees (principal, valid_to);

-- One tax bill per assessed list. state: held (no guarantee covers it yet), reserved (against
-- guarantee_id), settled (paid by a settlement), void (list refused, cancelled or returned).
CREATE TABLE cbec_tax_bills (
    list_id TEXT PRIMARY KEY,
    tax_no TEXT NOT NULL UNIQUE,
    sender TEXT NOT NULL,
    assure_code TEXT NOT NULL,
    guarantee_id TEXT,
    duty_fen BIGINT NOT NULL,
    vat_fen BIGINT NOT NULL,
    consumption_fen BIGINT NOT NULL,
    total_fen BIGINT NOT NULL,
    lines TEXT NOT NULL,
    state TEXT NOT NULL,
    released_at TEXT,
    settlement_id TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX cbec_tax_bills_agent ON cbec_tax_bills (assure_code, state, released_at);
CREATE INDEX cbec_tax_bills_guarantee ON cbec_tax_bills (guarantee_id, state);

CREATE TABLE cbec_settlements (
    id TEXT PRIMARY KEY,
    assure_code TEXT NOT NULL,
    month TEXT NOT NULL,
    bills BIGINT NOT NULL,
    total_fen BIGINT NOT NULL,
    settled_by TEXT NOT NULL,
    created_at TEXT NOT NULL,
    UNIQUE (assure_code, month)
);

-- Keys that verify a party's signed CEB messages (XML-DSig, SM2 or RSA): the public key as an
-- SPKI PEM, registered from a certificate or a public key; looked up by the sender's code.
CREATE TABLE party_keys (
    party_code TEXT NOT NULL,
    fingerprint TEXT NOT NULL,
    algorithm TEXT NOT NULL,
    public_key_pem TEXT NOT NULL,
    registered_by TEXT NOT NULL,
    registered_at TEXT NOT NULL,
    PRIMARY KEY (party_code, fingerprint)
);
