/**
 * JMH benchmarks of the functions every request runs through: SigV4 verification, request decoding and validation,
 * response encoding, and bucket aggregation. Run by {@code benchmarks/jmh.sh}, which writes the {@code jmh} section
 * of {@code docs/benchmarks.md} with {@link dev.stepwise.bench.jmh.JmhReport}.
 */
package dev.stepwise.bench.jmh;
