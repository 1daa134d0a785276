-- Stepwise PostgreSQL schema, version 2: the minute_aggregate key carries the minute's stats, so that a query
-- reads a series' kept minutes from the index alone (an index-only scan, once vacuum has marked the pages
-- all-visible) rather than visiting one heap page for every few minutes: the minutes of many series written
-- together interleave in the heap. The key columns are unchanged, so ON CONFLICT (series_id, minute_ms) still
-- finds it. max_sequence stays out: only the writer reads it, one minute at a time.
ALTER TABLE minute_aggregate DROP CONSTRAINT minute_aggregate_pkey;
ALTER TABLE minute_aggregate ADD CONSTRAINT minute_aggregate_pkey PRIMARY KEY (series_id, minute_ms) INCLUDE (stats);
