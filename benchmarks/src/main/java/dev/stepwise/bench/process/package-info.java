/**
 * The systems under test, each in its own process: Stepwise from its shaded jar, InfluxDB with a generated
 * configuration, the bare-server and store ceilings; and the throwaway PostgreSQL database.
 */
package dev.stepwise.bench.process;
