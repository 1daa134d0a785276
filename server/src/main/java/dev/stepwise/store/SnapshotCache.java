package dev.stepwise.store;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Listing snapshots in this process's memory, for stores that only one process serves (SQLite, in-memory): the
 * oldest go first once they hold more than {@code maxBytes}, and a restart forgets them all (their tokens then say
 * they expired). Thread-safe.
 */
public final class SnapshotCache {
  private record Entry(byte[] content, long expiresAtMs) {}

  private final long maxBytes;
  private final Map<String, Entry> entries = new LinkedHashMap<>();
  private long bytes;

  public SnapshotCache(long maxBytes) {
    this.maxBytes = maxBytes;
  }

  public synchronized void save(String id, byte[] content, long expiresAtMs) {
    Entry previous = entries.put(id, new Entry(content.clone(), expiresAtMs));
    bytes += content.length - (previous == null ? 0 : previous.content().length);
    for (Iterator<Entry> oldest = entries.values().iterator(); bytes > maxBytes && oldest.hasNext(); ) {
      bytes -= oldest.next().content().length;
      oldest.remove();
    }
  }

  public synchronized Optional<byte[]> find(String id, long nowMs) {
    Entry entry = entries.get(id);
    if (entry == null || entry.expiresAtMs() <= nowMs) {
      return Optional.empty();
    }
    return Optional.of(entry.content().clone());
  }
}
