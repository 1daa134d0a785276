package dev.stepwise.model.experiments;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/** Immutable copies that keep their order (Map.copyOf does not). */
final class Maps {
  private Maps() {}

  static <V> Map<String, V> ordered(Map<String, V> map) {
    Objects.requireNonNull(map, "map");
    if (map.isEmpty()) {
      return Map.of();
    }
    Map<String, V> copy = new LinkedHashMap<>();
    map.forEach((k, v) -> copy.put(Objects.requireNonNull(k, "key"), Objects.requireNonNull(v, "value")));
    return Collections.unmodifiableMap(copy);
  }
}
