/**
 * The server's own metrics ({@link dev.stepwise.observe.Telemetry}, in Prometheus' text format at {@code /metrics})
 * and its access log. Depends on nothing of Stepwise: the layers above hand it numbers.
 */
package dev.stepwise.observe;
