-- trialsift schema, Postgres: few rows per document.
--
-- documents:     one row per submitted document, with where it is in the pipeline.
-- stage_results: one row per document per stage, the stage's whole result as jsonb.
-- studies:       one row per validated document, searchable columns plus the full record.

CREATE TABLE documents (
    id          text        PRIMARY KEY,
    source      text        NOT NULL,
    text        text        NOT NULL,
    status      text        NOT NULL DEFAULT 'submitted'
                CHECK (status IN ('submitted', 'split', 'extracted', 'validated', 'failed')),
    stage       text        CHECK (stage IN ('split', 'extract', 'validate')),
    attempts    integer     NOT NULL DEFAULT 0 CHECK (attempts >= 0),
    last_error  text,
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE stage_results (
    document_id text        NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    stage       text        NOT NULL CHECK (stage IN ('split', 'extract', 'validate')),
    result      jsonb       NOT NULL,
    updated_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (document_id, stage)
);

CREATE TABLE studies (
    document_id    text        PRIMARY KEY REFERENCES documents (id) ON DELETE CASCADE,
    source         text        NOT NULL,
    registry_ids   text[]      NOT NULL DEFAULT '{}',
    conditions     text[]      NOT NULL DEFAULT '{}',
    interventions  text[]      NOT NULL DEFAULT '{}',
    design_flags   text[]      NOT NULL DEFAULT '{}',
    enrolled       bigint      CHECK (enrolled >= 0),
    randomized     bigint      CHECK (randomized >= 0),
    analyzed       bigint      CHECK (analyzed >= 0),
    consistent     integer     NOT NULL DEFAULT 0,
    inconsistent   integer     NOT NULL DEFAULT 0,
    decision_error integer     NOT NULL DEFAULT 0,
    not_checkable  integer     NOT NULL DEFAULT 0,
    record         jsonb       NOT NULL,
    validated_at   timestamptz NOT NULL DEFAULT now()
);

-- Exact registry id and "all these design flags" searches (array containment).
CREATE INDEX studies_registry_ids_idx ON studies USING gin (registry_ids);
CREATE INDEX studies_design_flags_idx ON studies USING gin (design_flags);
-- Newest validated first, with the document id as tie-break: every listing's order.
CREATE INDEX studies_validated_at_idx ON studies (validated_at DESC, document_id);
-- Studies with problems, in listing order (has_inconsistencies = true).
CREATE INDEX studies_problems_idx ON studies (validated_at DESC, document_id)
    WHERE inconsistent + decision_error > 0;

-- Turns a jsonb array of strings into text[], keeping the order; used by batched writes,
-- which pass one jsonb array per study because Postgres arrays cannot be ragged.
CREATE FUNCTION trialsift_text_array(items jsonb) RETURNS text[]
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$
        SELECT coalesce(array_agg(element.value ORDER BY element.position), '{}')
        FROM jsonb_array_elements_text(items) WITH ORDINALITY AS element(value, position)
    $$;
CREATE INDEX documents_unfinished ON documents (updated_at) WHERE status IN ('submitted', 'split', 'extracted');
