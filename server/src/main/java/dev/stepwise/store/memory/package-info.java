/** An in-memory {@link dev.stepwise.store.MetricStore}: a fake for tests, not for production. */
package dev.stepwise.store.memory;
