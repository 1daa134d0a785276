/**
 * Group commit, shared by the stores that have one writer: request threads queue their batches, one thread writes
 * whatever is queued in one transaction and completes every batch's future after the commit.
 */
package dev.stepwise.store.groupcommit;
