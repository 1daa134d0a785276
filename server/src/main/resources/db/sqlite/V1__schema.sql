-- Stepwise SQLite schema, version 1. Applied once, in one transaction, by SchemaMigrator (PRAGMA user_version).

-- One row per (account, region, trial component, metric name): points refer to the compact integer id instead
-- of repeating four strings. The unique key doubles as the index for "how many metrics has this trial
-- component" (a prefix of it). point_count is maintained by the single writer so the points-per-metric limit
-- needs no COUNT(*) over the points after a restart.
CREATE TABLE series (
  id              INTEGER PRIMARY KEY,
  account         TEXT    NOT NULL,
  region          TEXT    NOT NULL,
  trial_component TEXT    NOT NULL,
  metric_name     TEXT    NOT NULL,
  point_count     INTEGER NOT NULL DEFAULT 0,
  UNIQUE (account, region, trial_component, metric_name)
) STRICT;

-- The point's identity is its primary key, so INSERT OR IGNORE makes retries idempotent and its change count
-- tells STORED from DUPLICATE. step is -1 for "no step": NULLs are distinct in unique keys, so a NULL step would
-- let a retried step-less point in twice. WITHOUT ROWID clusters the rows by the key itself, so a time scan
-- (series_id, timestamp_ms range) is one range scan of the table, and the rows are stored once, not twice.
-- sequence is the arrival order (assigned by the writer), which breaks ties for "Last".
CREATE TABLE point (
  series_id    INTEGER NOT NULL,
  timestamp_ms INTEGER NOT NULL,
  step         INTEGER NOT NULL,
  value        REAL    NOT NULL,
  sequence     INTEGER NOT NULL,
  PRIMARY KEY (series_id, timestamp_ms, step, value)
) STRICT, WITHOUT ROWID;

-- Step scans: (series_id, step range) ordered by step then time. An index of a WITHOUT ROWID table carries the
-- primary key columns, so with sequence added it covers the scan (no lookups into the table). Partial: points
-- without a step are never read by step, so they cost nothing here; queries must repeat "step >= 0" for the
-- planner to use it.
CREATE INDEX point_by_step ON point (series_id, step, timestamp_ms, sequence) WHERE step >= 0;

-- One row per series and minute holding a point: the minute's aggregate (dev.stepwise.store.Minutes), kept by
-- the writer in the same transaction as the points, so a time-bucketed query over a day reads 1,440 rows instead
-- of every point. stats packs count, min, max, mean, M2 and Last (jdbc.MinuteStatsCodec): one column to fetch
-- per minute. The minute's points are folded in sequence order, which is storing order, so each new point
-- extends the aggregate; max_sequence is the last one folded in.
CREATE TABLE minute_aggregate (
  series_id             INTEGER NOT NULL,
  minute_ms             INTEGER NOT NULL,
  stats                 BLOB    NOT NULL,
  max_sequence          INTEGER NOT NULL,
  PRIMARY KEY (series_id, minute_ms)
) STRICT, WITHOUT ROWID;

-- The last sequence handed out, so arrival order keeps increasing across restarts without scanning the points.
CREATE TABLE store_state (
  id            INTEGER PRIMARY KEY CHECK (id = 1),
  last_sequence INTEGER NOT NULL
) STRICT;

INSERT INTO store_state (id, last_sequence) VALUES (1, 0);
