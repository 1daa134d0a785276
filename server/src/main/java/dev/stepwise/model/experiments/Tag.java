package dev.stepwise.model.experiments;

import java.util.Objects;

/** A key and a value attached to an experiment, trial, trial component or artifact. */
public record Tag(String key, String value) {
  public Tag {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(value, "value");
  }
}
