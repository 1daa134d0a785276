/**
 * The rules of the two operations above the store: {@code BatchPutMetrics} item rules, limits and per-item errors;
 * {@code BatchGetMetrics} access check, ARN to series, bucketing plan and per-query status. Entry point:
 * {@link dev.stepwise.service.MetricsService}. Speaks in the records of {@code model} but knows nothing of HTTP or
 * JSON; depends on {@code api}, {@code config}, {@code aggregate} and {@code store}.
 */
package dev.stepwise.service;
