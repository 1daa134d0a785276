-- Stepwise SQLite schema, version 2: points packed into blocks (sqlite.PointBlock), one row per series, minute and
-- write group instead of one row (and one index entry) per point, which was what ingest paid for. SchemaMigrator
-- runs this, then PointsToBlocks moves version 1's points into blocks and drops the point table, all in one
-- transaction.

-- What the writer and the listings need to know of a series without reading its points. first_ms and last_ms are
-- NULL while it has no point, min_step and max_step while it has no point with a step. last_ms is also the
-- writer's fast path for retries: a point later than every stored one cannot be a duplicate. step_span is the
-- widest step range of any of its blocks, which bounds how far before a step range a block holding part of it
-- can start.
ALTER TABLE series ADD COLUMN first_ms INTEGER;
ALTER TABLE series ADD COLUMN last_ms INTEGER;
ALTER TABLE series ADD COLUMN min_step INTEGER;
ALTER TABLE series ADD COLUMN max_step INTEGER;
ALTER TABLE series ADD COLUMN last_value REAL;
ALTER TABLE series ADD COLUMN step_span INTEGER NOT NULL DEFAULT 0;

-- Points of one series within one minute, stored by one transaction, with sequences from first_sequence on. A
-- time scan reads a range of minutes in key order; min_step (-1 when no point of the block has a step) indexes
-- the blocks for step scans. Point identity is the writer's to enforce (GroupWriter), no longer a unique key.
CREATE TABLE point_block (
  series_id      INTEGER NOT NULL,
  minute_ms      INTEGER NOT NULL,
  first_sequence INTEGER NOT NULL,
  min_step       INTEGER NOT NULL,
  points         BLOB    NOT NULL,
  PRIMARY KEY (series_id, minute_ms, first_sequence)
) STRICT, WITHOUT ROWID;

CREATE INDEX point_block_by_step ON point_block (series_id, min_step) WHERE min_step >= 0;
