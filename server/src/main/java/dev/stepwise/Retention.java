package dev.stepwise;

import dev.stepwise.store.MetricStore;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * With {@code --retention}, drops raw points older than it once a minute after start and hourly after that (the
 * store keeps their minute aggregates), in chunks that let writes go on (see {@link MetricStore#dropPointsBefore}).
 * Several nodes over one PostgreSQL database each schedule it; the store lets one at a time run it.
 */
final class Retention implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Retention.class);
  static final Duration FIRST_RUN = Duration.ofMinutes(1);
  static final Duration PERIOD = Duration.ofHours(1);

  private final ScheduledExecutorService scheduler;

  private Retention(ScheduledExecutorService scheduler) {
    this.scheduler = scheduler;
  }

  static Retention start(Duration retention, MetricStore store, Clock clock) {
    if (retention == null) {
      return new Retention(null);
    }
    ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(
        runnable -> Thread.ofPlatform().name("stepwise-retention").daemon(true).unstarted(runnable));
    scheduler.scheduleAtFixedRate(() -> run(retention, store, clock),
        FIRST_RUN.toMillis(), PERIOD.toMillis(), TimeUnit.MILLISECONDS);
    return new Retention(scheduler);
  }

  /** One pass; a failure is logged and the next pass tries again. */
  static long run(Duration retention, MetricStore store, Clock clock) {
    try {
      long dropped = store.dropPointsBefore(clock.millis() - retention.toMillis()).get();
      if (dropped > 0) {
        log.info("retention: dropped {} points older than {} (their minute aggregates are kept)", dropped, retention);
      }
      return dropped;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 0;
    } catch (Exception e) {
      log.warn("retention pass failed; the next one will try again: {}", e.toString());
      return 0;
    }
  }

  @Override
  public void close() {
    if (scheduler != null) {
      scheduler.shutdownNow();
    }
  }
}
