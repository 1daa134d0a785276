/**
 * Buckets and statistics: epoch-aligned time buckets, step buckets and steps placed on the time axis, each with
 * the six statistics of the API ({@link dev.stepwise.stats.Stat}). Reads points through
 * {@link dev.stepwise.store.MetricStore} scans and knows nothing of HTTP, JSON or the AWS wire format, so the API
 * and the web UI share it. Entry point: {@link dev.stepwise.aggregate.Bucketing}; the mergeable accumulator:
 * {@link dev.stepwise.stats.BucketStats}.
 */
package dev.stepwise.aggregate;
