/**
 * What the web dashboard reads: listings of trial components, and series downsampled to about one bucket per pixel
 * by the same aggregation code as {@code BatchGetMetrics}.
 */
package dev.stepwise.service.dashboard;
