package dev.stepwise.model.experiments;

/**
 * A trial component's {@code Status}.
 *
 * @param primaryStatus may be null (a status with a message only)
 * @param message may be null
 */
public record Status(PrimaryStatus primaryStatus, String message) {}
