-- Stepwise SQLite schema, version 4: the SageMaker Experiments control plane, and each series' statistics over all
-- its points (its trial component's metric summary). SchemaMigrator runs this, then ExperimentsMigration fills
-- series.stats from the kept minutes and makes every trial component that has metrics an entity, all in one
-- transaction.

-- count, min, max, mean, M2 and Last of every point the series has held (jdbc.MinuteStatsCodec), kept by the
-- writer when it folds the log; NULL while the tables hold no point of it. Retention leaves it, as it leaves the
-- kept minutes.
ALTER TABLE series ADD COLUMN stats BLOB;

-- A search sorted or filtered by a metric summary reads that metric of many trial components at once.
CREATE INDEX series_by_metric ON series (account, region, metric_name, trial_component);

-- Experiments (kind 1), trials (2), trial components (3) and artifacts (4): one row each, known by
-- (account, region, kind, name_key), name_key being the name in lower case (names are unique regardless of case)
-- or an artifact's id. The record itself is the document (store.EntityDocuments); the columns beside it are what
-- listings filter and order by. parent_id is a trial's experiment; version guards updates (read, change, write
-- if the version is still the one read). Foreign keys are declared for the reader of this file: SQLite does not
-- enforce them here, the single writer checks them before it writes.
CREATE TABLE entity (
  id          INTEGER PRIMARY KEY,
  account     TEXT    NOT NULL,
  region      TEXT    NOT NULL,
  kind        INTEGER NOT NULL,
  name_key    TEXT    NOT NULL,
  parent_id   INTEGER REFERENCES entity (id),
  source_arn  TEXT,
  created_ms  INTEGER NOT NULL,
  modified_ms INTEGER NOT NULL,
  version     INTEGER NOT NULL,
  document    BLOB    NOT NULL,
  UNIQUE (account, region, kind, name_key)
) STRICT;

-- Listings by creation time page through this index in order; a trial's experiment finds its trials here.
CREATE INDEX entity_by_creation ON entity (account, region, kind, created_ms, name_key);
CREATE INDEX entity_by_parent ON entity (parent_id) WHERE parent_id IS NOT NULL;

-- Which trial components belong to which trials (many to many).
CREATE TABLE trial_membership (
  trial_id     INTEGER NOT NULL REFERENCES entity (id),
  component_id INTEGER NOT NULL REFERENCES entity (id),
  created_ms   INTEGER NOT NULL,
  PRIMARY KEY (trial_id, component_id)
) STRICT, WITHOUT ROWID;

CREATE INDEX trial_membership_by_component ON trial_membership (component_id, trial_id);

-- Lineage associations (AddAssociation) between entities and artifacts, by ARN.
CREATE TABLE lineage (
  account          TEXT    NOT NULL,
  region           TEXT    NOT NULL,
  source_arn       TEXT    NOT NULL,
  destination_arn  TEXT    NOT NULL,
  association_type TEXT,
  created_ms       INTEGER NOT NULL,
  PRIMARY KEY (account, region, source_arn, destination_arn)
) STRICT, WITHOUT ROWID;

-- The key that signs pagination tokens, made once.
CREATE TABLE token_key (
  id     INTEGER PRIMARY KEY CHECK (id = 1),
  secret BLOB    NOT NULL
) STRICT;
