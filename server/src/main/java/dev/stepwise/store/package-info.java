/**
 * Storage of points behind one interface, {@link dev.stepwise.store.MetricStore}. Knows nothing of HTTP, JSON or
 * the AWS API; its implementations live in sub-packages.
 */
package dev.stepwise.store;
