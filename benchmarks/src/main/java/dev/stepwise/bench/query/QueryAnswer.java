package dev.stepwise.bench.query;

/**
 * What one call returned.
 *
 * @param buckets buckets (rows) over all queries of the call
 * @param requests HTTP requests the call took (more than one when a truncated result was continued)
 * @param nanos time spent in those requests, from the first byte sent to the last received (the client's JSON
 *     parsing left out)
 */
public record QueryAnswer(long buckets, int requests, long nanos) {}
