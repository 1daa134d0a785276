package dev.stepwise.bench.query;

import dev.stepwise.bench.load.Latencies;

/**
 * Repeated calls of one case on one system.
 *
 * @param buckets buckets returned by one call
 * @param requestsPerCall HTTP requests per call (more than one when results were truncated and continued)
 */
public record QueryMeasurement(QueryCase queryCase, Latencies latencies, long buckets, int requestsPerCall) {}
