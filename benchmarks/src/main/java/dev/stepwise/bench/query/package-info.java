/** The query workload: the data the queries read, the cases asked of every system, and the clients that ask them. */
package dev.stepwise.bench.query;
