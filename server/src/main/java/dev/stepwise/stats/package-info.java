/**
 * The statistics of the API (Min, Max, Avg, Count, StdDev, Last) as one mergeable accumulator, shared by the store
 * (which keeps one per series and minute, maintained at ingest) and by the aggregation above it. Depends on
 * nothing else of Stepwise.
 */
package dev.stepwise.stats;
