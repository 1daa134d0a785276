package dev.stepwise.model;

/**
 * One entry of the response's {@code Errors}: which item failed and with which code; and why, for the operator only
 * (never sent to the caller).
 */
public record PutItemError(PutErrorCode code, int metricIndex, RejectionReason reason) {}
