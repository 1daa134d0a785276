package dev.stepwise.service.dashboard;

/**
 * One metric of a trial component as the dashboard lists it.
 *
 * @param minStep null when no point has a step
 * @param maxStep null when no point has a step
 * @param lastValue as {@code Last}: the value of the latest point, ties going to the one stored last
 */
public record MetricView(
    String name, long pointCount, long firstTimestampMs, long lastTimestampMs, Integer minStep, Integer maxStep,
    double lastValue) {}
