/**
 * The store on Apache Cassandra (5.0; the same CQL serves ScyllaDB): data spread and replicated over several
 * database machines, for fleets that outgrow one PostgreSQL machine or cannot lose the store with one machine.
 *
 * <h2>Data model</h2>
 *
 * <ul>
 *   <li>{@code series_day}: one partition per series (account, region, trial component, metric name) and UTC day,
 *       so that a long run makes many bounded partitions rather than one huge one. Rows of kind 1 are the points,
 *       clustered by (timestamp, step, value): the point's identity is its primary key, so writing a point again
 *       changes nothing, and a time scan is one slice in the API's canonical order. Rows of kind 0 are the kept
 *       one-minute aggregates of the day ({@code MinuteStatsCodec}'s 64 bytes). Static columns hold the day's
 *       summary (count, first and last timestamp, smallest and largest step, last value, last sequence) and a
 *       {@code version}.
 *   <li>{@code series_days} (the days a series has), {@code series} (the series of an account and region, for
 *       listings), {@code metric_names} (a trial component's metric names: the metric limit's arbiter).
 *   <li>{@code entities}, {@code memberships}, {@code lineage}, {@code token_key}, {@code snapshots}: the control
 *       plane ({@link dev.stepwise.store.cassandra.CassandraExperiments}).
 * </ul>
 *
 * <h2>Consistency</h2>
 *
 * <p>Every read and write runs at {@code LOCAL_QUORUM} (configurable to {@code QUORUM}, {@code EACH_QUORUM} or
 * {@code ALL}, never weaker): with replication factor 3, a write acknowledged to the client is on two replicas, and
 * every later read asks two, so it sees it. The store refuses a cluster whose {@code commitlog_sync} is
 * {@code periodic} (read from {@code system_views.settings} at start) unless told otherwise: only {@code group} or
 * {@code batch} make a replica fsync before it acknowledges.
 *
 * <p>Exactly once: an append reads the day partition (a {@code LOCAL_SERIAL} read of its statics, which settles any
 * lightweight transaction in flight, then the points and minutes it touches), keeps the points not yet stored, and
 * writes them, the new summary and the new minute aggregates in one conditional batch on that one partition
 * ({@code IF version = <read>}). The batch applies whole or not at all; a writer that lost a race to another node
 * reads again. So a point is stored, counted and folded into its minute once, whichever nodes retry it, and the
 * kept minutes stay equal, bit for bit, to a fold of the points in sequence order under concurrent writers on
 * several Stepwise nodes. A request whose outcome is unknown (a timeout of the transaction) fails with 503; its
 * retry finds the points it stored and reports them as duplicates. Sequences continue from the partition's last
 * (and from the clock, so that they follow arrival across days).
 *
 * <p>Limits: a trial component's metric names are a set changed by compare-and-set, so racing nodes never pass the
 * metric limit together. The points-per-metric limit is checked against the sum of the day summaries read before
 * the write and enforced exactly within a day partition; two nodes writing the same series on two different days at
 * the same moment could pass it by their two batches (a limit of millions of points, against batches of at most a
 * few thousand).
 *
 * <p>On one node, appends of one trial component are serialized (striped locks), so its own lightweight
 * transactions do not contend with each other; between nodes they do, and Paxos decides.
 *
 * <h2>What it costs, and what it leaves out</h2>
 *
 * <ul>
 *   <li>An append costs, per series and day touched, a Paxos read and a Paxos write (two round trips each with
 *       {@code paxos_variant: v2}, which {@code bin/cassandra-cluster} sets), plus a quorum read; appends of
 *       different trial components proceed in parallel.
 *   <li>A series summary reads one static row per day of the series; a listing does it for every series of the
 *       account and region. A scan by step reads every day of the series and sorts in memory (there is no index by
 *       step).
 *   <li>Deleting a trial component, and retention, are not ordered with appends racing them on other nodes: an
 *       append that lands while its trial component is being deleted may survive the deletion. A node remembers
 *       for 5 seconds the metric names it admitted and the series-days it registered (saving a Paxos read and two
 *       writes per append); a deletion made by another node within those seconds is seen that much later (its
 *       metric names not counted again, a new point of the deleted series not listed until the next
 *       registration). Retention passes
 *       run one node at a time (a lease row held by a lightweight transaction with a TTL).
 * </ul>
 */
package dev.stepwise.store.cassandra;
