package dev.stepwise.bench.query;

import dev.stepwise.bench.load.Latencies;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** Times each case on one system: warm-up calls, then measured calls one after another on one connection. */
public final class QueryWorkload {
  private final int warmUpCalls;
  private final int measuredCalls;

  public QueryWorkload(int warmUpCalls, int measuredCalls) {
    this.warmUpCalls = warmUpCalls;
    this.measuredCalls = measuredCalls;
  }

  public List<QueryMeasurement> measure(QueryClient client, List<QueryCase> cases) throws IOException {
    List<QueryMeasurement> measurements = new ArrayList<>();
    for (QueryCase c : cases) {
      measurements.add(measure(client, c));
    }
    return measurements;
  }

  private QueryMeasurement measure(QueryClient client, QueryCase c) throws IOException {
    for (int i = 0; i < warmUpCalls; i++) {
      client.run(c);
    }
    Latencies.Recorder recorder = new Latencies.Recorder();
    QueryAnswer last = null;
    for (int i = 0; i < measuredCalls; i++) {
      QueryAnswer answer = client.run(c);
      if (last != null && answer.buckets() != last.buckets()) {
        throw new IllegalStateException(
            c.label() + ": " + answer.buckets() + " buckets, then " + last.buckets() + " for the same call");
      }
      recorder.record(answer.nanos());
      last = answer;
    }
    return new QueryMeasurement(c, recorder.latencies(), last.buckets(), last.requests());
  }
}
