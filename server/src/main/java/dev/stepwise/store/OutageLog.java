package dev.stepwise.store;

import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether one ability of a store (writing, or reading) works, logged once per change: a warning when it stops, with
 * why, and a line when it is back, with how long it was away. During an outage every request and every readiness
 * probe fails; they report here, and the log gets two lines rather than a stack trace each. Thread-safe; cheap when
 * nothing fails.
 */
public final class OutageLog {
  private static final Logger LOG = LoggerFactory.getLogger(OutageLog.class);

  private final String store;
  private final String ability;
  private final String again;

  private volatile boolean failing;
  private long failingSinceNanos;
  private long failures;

  /**
   * @param store names the store in the lines, e.g. "SQLite store"
   * @param ability what fails, as a verb: "write" gives "cannot write" and "writes again"
   */
  public OutageLog(String store, String ability) {
    this.store = store;
    this.ability = ability;
    this.again = ability + "s again";
  }

  public void failed(Throwable cause) {
    failed(describe(cause));
  }

  public synchronized void failed(String why) {
    failures++;
    if (!failing) {
      failing = true;
      failingSinceNanos = System.nanoTime();
      LOG.warn("{} cannot {}: {}", store, ability, Printable.escape(why));
    } else {
      LOG.debug("{} still cannot {} ({} failures): {}", store, ability, failures, Printable.escape(why));
    }
  }

  public void succeeded() {
    if (!failing) {
      return; // the hot path: no lock
    }
    synchronized (this) {
      if (failing) {
        Duration away = Duration.ofNanos(System.nanoTime() - failingSinceNanos);
        LOG.info("{} {} after {} failure(s) over {} s", store, again, failures, away.toMillis() / 1000.0);
        failing = false;
        failures = 0;
      }
    }
  }

  /** Whether the last attempt failed. */
  public boolean failing() {
    return failing;
  }

  /** The failure and, when it only wraps another (a pool's timeout around a refused connection), that one too. */
  static String describe(Throwable e) {
    String text = e.getMessage() == null ? e.toString() : e.getMessage();
    Throwable cause = e.getCause();
    if (cause != null && cause.getMessage() != null && !text.contains(cause.getMessage())) {
      text += " (" + cause.getMessage() + ")";
    }
    return text;
  }
}
