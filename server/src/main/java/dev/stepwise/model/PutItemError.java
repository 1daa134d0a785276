package dev.stepwise.model;

/** One entry of the response's {@code Errors}: which item failed and why. */
public record PutItemError(PutErrorCode code, int metricIndex) {}
