package dev.stepwise.store;

import java.util.Objects;

/**
 * What a store knows of an entity without reading its document: its key and its times. A search whose filters and
 * order need no more (names, times, parents, metric summaries) reads these instead of whole entities.
 */
public record EntityStub(String key, long creationTimeMs, long lastModifiedTimeMs) {
  public EntityStub {
    Objects.requireNonNull(key, "key");
  }
}
