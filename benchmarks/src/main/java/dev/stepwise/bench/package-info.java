/** Benchmarks of Stepwise: never tests; run by {@code benchmarks/run}, results in {@code docs/benchmarks.md}. */
package dev.stepwise.bench;
