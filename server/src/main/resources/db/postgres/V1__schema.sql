-- Stepwise PostgreSQL schema, version 1. Applied once, in one transaction, by SchemaMigrator, under an advisory
-- lock so that nodes starting together apply it once. Never edit it once released: add V2.

-- One row per (account, region, trial component, metric name): points refer to the compact id instead of
-- repeating four strings. COLLATE "C": these are identifiers compared for equality, and bytewise comparison keeps
-- the unique index cheap. The unique key doubles as the index for "how many metrics has this trial component"
-- (a prefix of it). point_count is kept by the writers, under the trial component's advisory lock, so the
-- points-per-metric limit needs no count(*) over the points.
CREATE TABLE series (
  id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  account         text COLLATE "C" NOT NULL,
  region          text COLLATE "C" NOT NULL,
  trial_component text COLLATE "C" NOT NULL,
  metric_name     text COLLATE "C" NOT NULL,
  point_count     bigint NOT NULL DEFAULT 0,
  UNIQUE (account, region, trial_component, metric_name)
);

-- The point's identity is its primary key, so INSERT ... ON CONFLICT DO NOTHING makes retries idempotent and
-- RETURNING tells STORED from DUPLICATE. step is -1 for "no step" (NULLs would be distinct in the key). float8
-- compares -0 and 0 as equal, as SQLite does. The key INCLUDEs sequence so that a time scan of a series can be
-- answered from the index alone, in key order.
CREATE TABLE point (
  series_id    bigint           NOT NULL,
  timestamp_ms bigint           NOT NULL,
  step         integer          NOT NULL,
  value        double precision NOT NULL,
  sequence     bigint           NOT NULL,
  PRIMARY KEY (series_id, timestamp_ms, step, value) INCLUDE (sequence)
);

-- Step scans: (series_id, step range) ordered by step, time, then arrival, exactly as SQLite's point_by_step
-- orders them, so both stores feed the aggregation the same points in the same order. Partial: points without a
-- step are never read by step.
CREATE INDEX point_by_step ON point (series_id, step, timestamp_ms, sequence) INCLUDE (value) WHERE step >= 0;

-- One row per series and minute holding a point: the minute's aggregate (dev.stepwise.store.Minutes), kept by
-- the writers in the same transaction as the points, under the trial component's advisory lock, so a
-- time-bucketed query over a day reads 1,440 rows instead of every point. stats packs count, min, max, mean, M2 and Last
-- (jdbc.MinuteStatsCodec): one column to fetch per minute. The minute's points are folded in
-- sequence order, which for one series is storing order (its writers take turns under the lock and point_sequence
-- hands out increasing values, CACHE 1), so each new point extends the aggregate; max_sequence is the last one.
CREATE TABLE minute_aggregate (
  series_id             bigint           NOT NULL,
  minute_ms             bigint           NOT NULL,
  stats                 bytea            NOT NULL,
  max_sequence          bigint           NOT NULL,
  PRIMARY KEY (series_id, minute_ms)
);

-- Arrival order across every node: breaks ties for "Last". Gaps (from conflicts and rollbacks) do not matter.
CREATE SEQUENCE point_sequence AS bigint;
