-- CBEC export (issue 5, modes 9610/9710/9810), partial returns and warehouse entries.
--
-- Export inventory lists (CEB603) are kept with the import ones in cbec_lists, told apart by
-- ie_flag ('I' import, 'E' export); an export list is released once its waybill's arrival
-- (CEB507) and departure (CEB509) are both confirmed, and summarised (CEB701) at most once.

ALTER TABLE cbec_lists ADD COLUMN ie_flag TEXT NOT NULL DEFAULT 'I';
ALTER TABLE cbec_lists ADD COLUMN arrived_at TEXT;
ALTER TABLE cbec_lists ADD COLUMN departed_at TEXT;
ALTER TABLE cbec_lists ADD COLUMN released_at TEXT;
ALTER TABLE cbec_lists ADD COLUMN summary_id TEXT;
CREATE INDEX cbec_lists_export_released ON cbec_lists (ie_flag, sender, state, summary_id);
CREATE INDEX cbec_lists_logistics ON cbec_lists (logistics_no);

-- Returns (CEB625) of part or all of a released import list: the lines returned (JSON: gnum,
-- qty as decimal text) and exactly what each gave back (quota in 0.0001 CNY, tax in fen).
CREATE TABLE cbec_list_returns (
    list_id TEXT NOT NULL,
    seq INTEGER NOT NULL,
    sender TEXT NOT NULL,
    guid TEXT NOT NULL,
    entry INTEGER NOT NULL,
    lines TEXT NOT NULL,
    quota_units INTEGER NOT NULL CHECK (quota_units >= 0),
    tax_fen INTEGER NOT NULL CHECK (tax_fen >= 0),
    created_at TEXT NOT NULL,
    PRIMARY KEY (list_id, seq)
);

-- Export summary applications (CEB701) accepted: the groups (JSON) and the goods
-- declarations created for them (JSON: declaration id and number per group).
CREATE TABLE cbec_summaries (
    id TEXT PRIMARY KEY,
    sender TEXT NOT NULL,
    guid TEXT NOT NULL,
    entry INTEGER NOT NULL,
    cop_no TEXT NOT NULL,
    pre_no TEXT NOT NULL UNIQUE,
    sum_no TEXT NOT NULL UNIQUE,
    customs_code TEXT NOT NULL,
    ebc_code TEXT NOT NULL,
    groups TEXT NOT NULL,
    declarations TEXT NOT NULL,
    created_at TEXT NOT NULL
);
