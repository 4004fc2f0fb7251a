-- trialsift schema, SQLite: few rows per document.
--
-- documents:     one row per submitted document, with where it is in the pipeline.
-- stage_results: one row per document per stage, the stage's whole result as JSON text.
-- studies:       one row per validated document, searchable columns plus the full record.
--
-- Lists (registry ids, conditions, interventions, design flags) are JSON arrays
-- as text, searched with json_each. Timestamps are Unix microseconds.

CREATE TABLE documents (
    id          TEXT    NOT NULL PRIMARY KEY,
    source      TEXT    NOT NULL,
    text        TEXT    NOT NULL,
    status      TEXT    NOT NULL DEFAULT 'submitted'
                CHECK (status IN ('submitted', 'split', 'extracted', 'validated', 'failed')),
    stage       TEXT    CHECK (stage IN ('split', 'extract', 'validate')),
    attempts    INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
    last_error  TEXT,
    created_at  INTEGER NOT NULL,
    updated_at  INTEGER NOT NULL
);

CREATE TABLE stage_results (
    document_id TEXT    NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    stage       TEXT    NOT NULL CHECK (stage IN ('split', 'extract', 'validate')),
    result      TEXT    NOT NULL CHECK (json_valid(result)),
    updated_at  INTEGER NOT NULL,
    PRIMARY KEY (document_id, stage)
) WITHOUT ROWID;

CREATE TABLE studies (
    document_id    TEXT    NOT NULL PRIMARY KEY REFERENCES documents (id) ON DELETE CASCADE,
    source         TEXT    NOT NULL,
    registry_ids   TEXT    NOT NULL DEFAULT '[]' CHECK (json_valid(registry_ids)),
    conditions     TEXT    NOT NULL DEFAULT '[]' CHECK (json_valid(conditions)),
    interventions  TEXT    NOT NULL DEFAULT '[]' CHECK (json_valid(interventions)),
    design_flags   TEXT    NOT NULL DEFAULT '[]' CHECK (json_valid(design_flags)),
    enrolled       INTEGER CHECK (enrolled >= 0),
    randomized     INTEGER CHECK (randomized >= 0),
    analyzed       INTEGER CHECK (analyzed >= 0),
    consistent     INTEGER NOT NULL DEFAULT 0,
    inconsistent   INTEGER NOT NULL DEFAULT 0,
    decision_error INTEGER NOT NULL DEFAULT 0,
    not_checkable  INTEGER NOT NULL DEFAULT 0,
    record         TEXT    NOT NULL CHECK (json_valid(record)),
    validated_at   INTEGER NOT NULL
);

-- Newest validated first, with the document id as tie-break: every listing's order.
CREATE INDEX studies_validated_at_idx ON studies (validated_at DESC, document_id);
CREATE INDEX documents_unfinished ON documents (updated_at) WHERE status IN ('submitted', 'split', 'extracted');
