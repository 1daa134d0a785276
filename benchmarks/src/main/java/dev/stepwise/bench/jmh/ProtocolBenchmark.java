package dev.stepwise.bench.jmh;

import dev.stepwise.api.Principal;
import dev.stepwise.config.ServerConfig;
import dev.stepwise.model.MetricQuery;
import dev.stepwise.model.PutItemError;
import dev.stepwise.model.PutMetricsCommand;
import dev.stepwise.model.QueryResult;
import dev.stepwise.model.QueryStatus;
import dev.stepwise.protocol.MetricsCodec;
import dev.stepwise.service.MetricsService;
import java.io.ByteArrayOutputStream;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The protocol work of a request between authentication and the store: decoding and envelope validation of the
 * two operations' bodies, the per-item rules of {@code BatchPutMetrics}, and encoding a day of one-minute buckets.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class ProtocolBenchmark {
  private static final int MINUTES_PER_DAY = 1_440;

  private final MetricsCodec codec = new MetricsCodec();
  private final Principal caller = new Principal(Requests.ACCOUNT, Requests.REGION);
  private byte[] putBody;
  private byte[] getBody;
  private PutMetricsCommand putCommand;
  private MetricsService service;
  private List<QueryResult> dayOfMinutes;
  private ByteArrayOutputStream out;

  @Setup
  public void setUp() {
    putBody = Requests.putBody(10);
    getBody = Requests.getBody(100);
    putCommand = codec.decodePut(putBody);
    if (putCommand.metricData().size() != 10 || codec.decodeGet(getBody).size() != 100) {
      throw new IllegalStateException("the request bodies do not decode to 10 points and 100 queries");
    }
    // The item rules are package-private in the service; MetricsService.put is the public way in. Above a store
    // that accepts every point at once, it costs the rules plus building the store's batch.
    service =
        new MetricsService(
            new ReplayStore(new long[0], new double[0]),
            ServerConfig.defaults(),
            Clock.fixed(Requests.SIGNED_AT, ZoneOffset.UTC));
    if (!service.put(caller, putCommand).isEmpty()) {
      throw new IllegalStateException("the item rules refuse a point of the benchmark's request");
    }

    long[] xs = new long[MINUTES_PER_DAY];
    double[] values = new double[MINUTES_PER_DAY];
    long firstMinute = Requests.SIGNED_AT.toEpochMilli() / 60_000 * 60_000 - (MINUTES_PER_DAY - 1) * 60_000L;
    for (int i = 0; i < MINUTES_PER_DAY; i++) {
      xs[i] = firstMinute + i * 60_000L;
      values[i] = 2.5 / (1 + i * 0.01) + Math.sin(i) * 0.01; // a loss curve: doubles with 16-17 digits
    }
    dayOfMinutes = List.of(new QueryResult(QueryStatus.Complete, null, xs, values));
    out = new ByteArrayOutputStream(64 * 1024);
  }

  /** A 10-point {@code BatchPutMetrics} body to a command: JSON, envelope rules (name pattern, 1..10 items). */
  @Benchmark
  public PutMetricsCommand decodePut10() {
    return codec.decodePut(putBody);
  }

  /** A 100-query {@code BatchGetMetrics} body to queries: JSON, envelope rules of every query (ARN, enums). */
  @Benchmark
  public List<MetricQuery> decodeGet100() {
    return codec.decodeGet(getBody);
  }

  /** The per-item rules of 10 points and the store batch, through {@code MetricsService.put}. */
  @Benchmark
  public List<PutItemError> putItemRules10() {
    return service.put(caller, putCommand);
  }

  /** One query's answer of 1,440 one-minute buckets (a day) to its JSON response body. */
  @Benchmark
  public int encodeGet1440() {
    out.reset();
    codec.writeGetResponse(dayOfMinutes, out);
    return out.size();
  }
}
