package dev.stepwise.bench.load;

/** One point of the benchmark's metric {@code loss}: unique timestamp and step within its trial component. */
public record Point(long timestampMs, int step, double value) {}
