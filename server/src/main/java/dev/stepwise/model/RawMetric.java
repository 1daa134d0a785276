package dev.stepwise.model;

/**
 * One item of {@code MetricData} as the client sent it, before the item rules. A member the client left out (or
 * sent as null) is null here; a non-finite value (sent as {@code NaN}, {@code "Infinity"}, ...) is kept as such so
 * that the item rules can reject just this item.
 */
public record RawMetric(String metricName, Long timestampMs, Integer step, Double value) {}
