package dev.stepwise.store;

/**
 * How a store that keeps one-minute aggregates answers {@link MetricStore#scanMinutes}: the minutes wholly inside
 * the range come from the kept aggregates; a minute cut by either end of the range is folded from its points,
 * since its aggregate covers points outside the range.
 */
public final class MinuteRanges {
  /** Reads kept aggregates of whole minutes with starts in {@code [fromMinute, toMinute)}, ascending. */
  @FunctionalInterface
  public interface KeptMinutes<E extends Exception> {
    /** Returns false when the sink stopped the scan. */
    boolean scan(long fromMinute, long toMinute, MinuteSink sink) throws E;
  }

  /** Reads points in canonical order. */
  @FunctionalInterface
  public interface RawPoints<E extends Exception> {
    void scan(long fromMs, long toMs, PointSink sink) throws E;
  }

  public static <E extends Exception> void scan(
      long fromMs, long toMs, MinuteSink sink, KeptMinutes<E> kept, RawPoints<E> raw) throws E {
    if (fromMs >= toMs) {
      return;
    }
    long firstWhole = Minutes.minuteAtOrAfter(fromMs);
    long wholeEnd = Minutes.minuteOf(toMs);
    if (firstWhole >= wholeEnd) {
      fold(fromMs, toMs, sink, raw); // no whole minute inside: at most two cut ones
      return;
    }
    if (fromMs < firstWhole && !fold(fromMs, firstWhole, sink, raw)) {
      return;
    }
    if (!kept.scan(firstWhole, wholeEnd, sink)) {
      return;
    }
    if (wholeEnd < toMs) {
      fold(wholeEnd, toMs, sink, raw);
    }
  }

  private static <E extends Exception> boolean fold(long fromMs, long toMs, MinuteSink sink, RawPoints<E> raw)
      throws E {
    Minutes minutes = new Minutes(sink);
    raw.scan(fromMs, toMs, minutes);
    return minutes.finish();
  }

  private MinuteRanges() {}
}
