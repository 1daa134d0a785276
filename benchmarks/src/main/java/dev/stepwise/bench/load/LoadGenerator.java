package dev.stepwise.bench.load;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Supplier;

/**
 * N client threads, each with its own {@link Sender} (its own connection), taking series from a shared queue and
 * writing their batches one request at a time. Timed runs measure only after the warm-up; a run without an end
 * writes every batch of every series (for loading data) and measures all of it.
 */
public final class LoadGenerator {
  private static final long NO_END = Long.MAX_VALUE;

  private LoadGenerator() {}

  /** Writes for warm-up + measured, then every client finishes its request and stops. */
  public static LoadResult timed(
      int clients, Supplier<Sender> senders, List<SeriesBatches> series, Duration warmUp, Duration measured)
      throws InterruptedException {
    long start = System.nanoTime();
    long windowStart = start + warmUp.toNanos();
    return run(clients, senders, series, windowStart, windowStart + measured.toNanos(), measured);
  }

  /** Writes every batch of the series; the measured window is the whole run. */
  public static LoadResult untilDone(int clients, Supplier<Sender> senders, List<SeriesBatches> series)
      throws InterruptedException {
    return run(clients, senders, series, System.nanoTime(), NO_END, null);
  }

  private static LoadResult run(
      int clients,
      Supplier<Sender> senders,
      List<SeriesBatches> series,
      long windowStart,
      long end,
      Duration measured)
      throws InterruptedException {
    Queue<SeriesBatches> queue = new ConcurrentLinkedQueue<>(series);
    List<Client> running = new ArrayList<>();
    List<Thread> threads = new ArrayList<>();
    for (int i = 0; i < clients; i++) {
      Client client = new Client(senders.get(), queue, windowStart, end);
      running.add(client);
      threads.add(Thread.ofPlatform().name("load-client-" + i).start(client));
    }
    for (Thread thread : threads) {
      thread.join();
    }
    long finished = System.nanoTime();
    long points = 0;
    long requests = 0;
    long errors = 0;
    long retries = 0;
    List<Latencies> latencies = new ArrayList<>();
    Map<String, Long> acknowledged = new HashMap<>();
    Map<String, Long> uncertain = new HashMap<>();
    for (Client client : running) {
      if (client.failure != null) {
        throw new IllegalStateException("a load client failed", client.failure);
      }
      points += client.windowPoints;
      requests += client.windowRequests;
      errors += client.errors;
      retries += client.retries;
      latencies.add(client.recorder.latencies());
      client.acknowledged.forEach((tc, n) -> acknowledged.merge(tc, n, Long::sum));
      client.uncertain.forEach((tc, n) -> uncertain.merge(tc, n, Long::sum));
    }
    Duration window = measured != null ? measured : Duration.ofNanos(finished - windowStart);
    return new LoadResult(
        window, points, requests, errors, retries, Latencies.merge(latencies), acknowledged, uncertain);
  }

  private static final class Client implements Runnable {
    private final Sender sender;
    private final Queue<SeriesBatches> queue;
    private final long windowStart;
    private final long end;
    private final Latencies.Recorder recorder = new Latencies.Recorder();
    private final Map<String, Long> acknowledged = new HashMap<>();
    private final Map<String, Long> uncertain = new HashMap<>();
    private long windowPoints;
    private long windowRequests;
    private long errors;
    private long retries;
    private RuntimeException failure;

    Client(Sender sender, Queue<SeriesBatches> queue, long windowStart, long end) {
      this.sender = sender;
      this.queue = queue;
      this.windowStart = windowStart;
      this.end = end;
    }

    @Override
    public void run() {
      try (sender) {
        SeriesBatches series = queue.poll();
        while (series != null && System.nanoTime() < end) {
          Batch batch = series.next();
          if (batch == null) {
            series = queue.poll();
          } else {
            write(batch);
          }
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (RuntimeException e) {
        failure = e;
      }
    }

    /** Writes one batch, retrying for as long as the system asks to (with a short, growing pause). */
    private void write(Batch batch) throws InterruptedException {
      for (int attempt = 1; ; attempt++) {
        long sent = System.nanoTime();
        Sender.Outcome outcome;
        try {
          outcome = sender.send(batch);
        } catch (IOException e) {
          count(sent, 0);
          errors++;
          uncertain.merge(batch.trialComponent(), (long) batch.points().size(), Long::sum);
          return;
        }
        switch (outcome) {
          case ACKNOWLEDGED -> {
            count(sent, batch.points().size());
            acknowledged.merge(batch.trialComponent(), (long) batch.points().size(), Long::sum);
            return;
          }
          case ERROR -> {
            count(sent, 0);
            errors++;
            return;
          }
          case RETRY -> {
            retries++;
            Thread.sleep(Math.min(50, 2L * attempt));
          }
        }
      }
    }

    private void count(long sent, int points) {
      long now = System.nanoTime();
      if (sent >= windowStart && now <= end) {
        recorder.record(now - sent);
        windowRequests++;
        windowPoints += points;
      }
    }
  }
}
