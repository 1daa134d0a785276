package dev.stepwise.service;

import dev.stepwise.aggregate.Period;
import dev.stepwise.stats.Stat;
import dev.stepwise.aggregate.XAxisType;

/**
 * One item of {@code MetricQueries} whose envelope is valid (required members present, enums known, ARN matching
 * the model's pattern). {@code start} and {@code end} are null when absent.
 */
public record MetricQuery(
    String metricName, String resourceArn, Stat stat, Period period, XAxisType xAxisType, Long start, Long end) {}
