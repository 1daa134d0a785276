package dev.stepwise.service.dashboard;

/** An account and region that hold metrics. */
public record PartitionView(String account, String region) {}
