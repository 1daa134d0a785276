-- Stepwise SQLite schema, version 3: a write log in front of the blocks. A group commit used to write a block, a
-- minute aggregate and a series row for every series it touched: dozens of pages scattered over three B-trees, each
-- a 4 KB frame in the WAL before the fsync that acknowledges it. Now it appends one row here, at the end of one
-- B-tree, and the writer folds the log into point_block, minute_aggregate and series in bulk, a few times a second
-- (GroupWriter). Readers add the points of the groups not yet folded, which the writer keeps in memory
-- (UnfoldedPoints), to what their snapshot's tables hold.

-- One committed write group's stored points (GroupLog packs them), id ascending with commit order.
CREATE TABLE point_log (
  id     INTEGER PRIMARY KEY,
  points BLOB    NOT NULL
) STRICT;

-- The id of the last group folded into the tables: a reader's snapshot takes from the log (the writer's memory)
-- exactly the groups after it. last_sequence is now written with each fold; the log's own sequences come after it.
ALTER TABLE store_state ADD COLUMN folded_through INTEGER NOT NULL DEFAULT 0;
