package dev.stepwise.bench.process;

import dev.stepwise.bench.IngestFigure;
import dev.stepwise.bench.load.Batch;
import dev.stepwise.bench.load.LoadGenerator;
import dev.stepwise.bench.load.LoadResult;
import dev.stepwise.bench.load.Point;
import dev.stepwise.bench.load.Sender;
import dev.stepwise.bench.load.SeriesBatches;
import dev.stepwise.config.ServerConfig;
import dev.stepwise.store.AppendBatch;
import dev.stepwise.store.AppendOutcome;
import dev.stepwise.store.MetricStore;
import dev.stepwise.store.NewPoint;
import dev.stepwise.store.StoreLimits;
import dev.stepwise.store.StoreOverloadedException;
import dev.stepwise.store.postgres.PostgresMetricStore;
import dev.stepwise.store.sqlite.SqliteMetricStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.stream.IntStream;

/**
 * The ceiling of the store: the same rows as the ingest run (10 points per append, one trial component per client,
 * the same number of concurrent clients) written straight through {@link MetricStore#append}, without HTTP, JSON or
 * signatures. Runs in its own process with the server's heap cap, opened with the server's default limits and
 * queue, and prints its figures on one line for the parent.
 */
public final class StoreCeiling {
  private static final String RESULT = "RESULT ";

  private StoreCeiling() {}

  /** Measures in a child process. {@code postgresUrl} null means SQLite in {@code workDir}. */
  public static IngestFigure measure(
      Path workDir, String postgresUrl, String prefix, int clients, Duration warmUp, Duration measured, String heap)
      throws IOException, InterruptedException {
    String store = postgresUrl != null ? postgresUrl : "sqlite:" + workDir.resolve("store-data");
    Path log = workDir.resolve("store-ceiling.log");
    List<String> command = ManagedProcess.serverJava(heap);
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), StoreCeiling.class.getName(),
        store, prefix, String.valueOf(clients), String.valueOf(warmUp.toMillis()), String.valueOf(measured.toMillis())));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    int exit = process.waitFor();
    List<String> lines = Files.readAllLines(log);
    for (String line : lines) {
      if (line.startsWith(RESULT)) {
        return IngestFigure.parse(line.substring(RESULT.length()), "not read back (a ceiling)");
      }
    }
    throw new IllegalStateException(
        "the store ceiling exited with " + exit + " and no result; its output:\n"
            + String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size())));
  }

  /** {@code StoreCeiling <sqlite:dir | jdbc url> <trial component prefix> <clients> <warm-up ms> <measured ms>} */
  public static void main(String[] args) throws Exception {
    ServerConfig defaults = ServerConfig.defaults();
    StoreLimits limits = new StoreLimits(defaults.maxMetricsPerTrialComponent(), defaults.maxPointsPerMetric());
    int clients = Integer.parseInt(args[2]);
    long origin = System.currentTimeMillis() - Duration.ofHours(1).toMillis();
    try (MetricStore store =
        args[0].startsWith("sqlite:")
            ? new SqliteMetricStore(Path.of(args[0].substring(7)), limits, defaults.writeQueueCapacity())
            : new PostgresMetricStore(args[0], "benchmark database", limits, defaults.writeQueueCapacity())) {
      List<SeriesBatches> series = new ArrayList<>(
          IntStream.range(0, clients).mapToObj(i -> SeriesBatches.endless(args[1] + "-c" + i, origin, 10)).toList());
      LoadResult result =
          LoadGenerator.timed(
              clients, () -> new StoreSender(store), series, Duration.ofMillis(Long.parseLong(args[3])),
              Duration.ofMillis(Long.parseLong(args[4])));
      System.out.println(RESULT + IngestFigure.of(result, "").toLine());
    }
    System.exit(0);
  }

  /** Appends straight to the store; a full write queue asks for a retry, as the server's 429 does. */
  private record StoreSender(MetricStore store) implements Sender {
    @Override
    public Outcome send(Batch batch) {
      List<NewPoint> points = new ArrayList<>(batch.points().size());
      for (Point p : batch.points()) {
        points.add(new NewPoint("loss", p.timestampMs(), p.step(), p.value()));
      }
      try {
        List<AppendOutcome> outcomes =
            store.append(new AppendBatch("123456789012", "us-east-1", batch.trialComponent(), points)).get();
        return outcomes.stream().allMatch(o -> o == AppendOutcome.STORED) ? Outcome.ACKNOWLEDGED : Outcome.ERROR;
      } catch (ExecutionException e) {
        return e.getCause() instanceof StoreOverloadedException ? Outcome.RETRY : Outcome.ERROR;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return Outcome.ERROR;
      }
    }
  }
}
