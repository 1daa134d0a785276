package dev.stepwise.bench.process;

import dev.stepwise.bench.load.Sender;
import dev.stepwise.bench.query.QueryClient;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Several Stepwise nodes over one PostgreSQL database, as a load balancer would spread clients over them: each new
 * client connection goes to the next node in turn. Queries and the read-back go to the first node (any node answers
 * any request with the same result). Their CPU is the nodes' together.
 */
public final class StepwiseNodes implements Target {
  private final String name;
  private final List<StepwiseProcess> nodes;
  private final AtomicInteger next = new AtomicInteger();

  public StepwiseNodes(String name, List<StepwiseProcess> nodes) {
    if (nodes.isEmpty()) {
      throw new IllegalArgumentException("no nodes");
    }
    this.name = name;
    this.nodes = List.copyOf(nodes);
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public Sender newSender() {
    return nodes.get(Math.floorMod(next.getAndIncrement(), nodes.size())).newSender();
  }

  @Override
  public QueryClient newQueryClient() {
    return nodes.getFirst().newQueryClient();
  }

  @Override
  public int maxBatchSize() {
    return nodes.getFirst().maxBatchSize();
  }

  @Override
  public void settle() throws Exception {
    nodes.getFirst().settle();
  }

  @Override
  public ProcessCpu serverCpu() {
    return ProcessCpu.of(nodes.stream().map(StepwiseProcess::pid).toList());
  }

  @Override
  public ProcessCpu databaseCpu() {
    return nodes.getFirst().databaseCpu();
  }

  @Override
  public void close() {
    nodes.forEach(StepwiseProcess::close);
  }
}
