/**
 * The load generator: concurrent clients over keep-alive HTTP/1.1 (a minimal blocking client, cheap in CPU since it
 * shares the machine with the server), signed Stepwise writes and InfluxDB line-protocol writes, latencies and the
 * bookkeeping of acknowledged points that the read-back checks.
 */
package dev.stepwise.bench.load;
