package dev.stepwise.model;

import dev.stepwise.stats.Stat;

/**
 * One item of {@code MetricQueries} whose envelope is valid (required members present, enums known, ARN matching
 * the model's pattern). {@code start} and {@code end} are null when absent.
 */
public record MetricQuery(
    String metricName, String resourceArn, Stat stat, Period period, XAxisType xAxisType, Long start, Long end) {}
