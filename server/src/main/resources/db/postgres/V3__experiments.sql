-- Stepwise PostgreSQL schema, version 3: the SageMaker Experiments control plane, and each series' statistics over
-- all its points (its trial component's metric summary). SchemaMigrator runs this, then ExperimentsMigration fills
-- series.stats from the kept minutes and makes every trial component that has metrics an entity, in the same
-- transaction.

-- count, min, max, mean, M2 and Last of every point the series has held (jdbc.MinuteStatsCodec), kept by the
-- writers in the same transaction as the points, under the trial component's advisory lock. Retention leaves it,
-- as it leaves the kept minutes.
ALTER TABLE series ADD COLUMN stats bytea;

-- A search sorted or filtered by a metric summary reads that metric of many trial components at once.
CREATE INDEX series_by_metric ON series (account, region, metric_name, trial_component);

-- Experiments (kind 1), trials (2), trial components (3) and artifacts (4): one row each, known by
-- (account, region, kind, name_key), name_key being the name in lower case (names are unique regardless of case,
-- and the unique key is what decides a race between nodes creating one name) or an artifact's id. The record is
-- the document (store.EntityDocuments); the columns beside it are what listings filter and order by. parent_id is
-- a trial's experiment: its foreign key refuses the deletion of an experiment that a trial on another node has just
-- joined. version guards updates (compare and set).
CREATE TABLE entity (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  account     text COLLATE "C" NOT NULL,
  region      text COLLATE "C" NOT NULL,
  kind        smallint NOT NULL,
  name_key    text COLLATE "C" NOT NULL,
  parent_id   bigint REFERENCES entity (id),
  source_arn  text COLLATE "C",
  created_ms  bigint NOT NULL,
  modified_ms bigint NOT NULL,
  version     bigint NOT NULL,
  document    bytea NOT NULL,
  UNIQUE (account, region, kind, name_key)
);

CREATE INDEX entity_by_creation ON entity (account, region, kind, created_ms, name_key);
CREATE INDEX entity_by_parent ON entity (parent_id) WHERE parent_id IS NOT NULL;

-- Which trial components belong to which trials (many to many). The foreign keys settle an association racing a
-- deletion on another node.
CREATE TABLE trial_membership (
  trial_id     bigint NOT NULL REFERENCES entity (id),
  component_id bigint NOT NULL REFERENCES entity (id),
  created_ms   bigint NOT NULL,
  PRIMARY KEY (trial_id, component_id)
);

CREATE INDEX trial_membership_by_component ON trial_membership (component_id, trial_id);

-- Lineage associations (AddAssociation) between entities and artifacts, by ARN.
CREATE TABLE lineage (
  account          text COLLATE "C" NOT NULL,
  region           text COLLATE "C" NOT NULL,
  source_arn       text COLLATE "C" NOT NULL,
  destination_arn  text COLLATE "C" NOT NULL,
  association_type text,
  created_ms       bigint NOT NULL,
  PRIMARY KEY (account, region, source_arn, destination_arn)
);

-- The key that signs pagination tokens: the first node to start makes it, every node reads it.
CREATE TABLE token_key (
  id     integer PRIMARY KEY CHECK (id = 1),
  secret bytea NOT NULL
);

-- What later pages of a search are read from: the ordered keys its first page found. UNLOGGED: a snapshot is
-- worth no fsync (a crash only ends the listings in progress, whose next page then says the token expired).
CREATE UNLOGGED TABLE listing_snapshot (
  id         text PRIMARY KEY,
  expires_ms bigint NOT NULL,
  content    bytea NOT NULL
);

CREATE INDEX listing_snapshot_by_expiry ON listing_snapshot (expires_ms);
