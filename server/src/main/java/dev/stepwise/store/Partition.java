package dev.stepwise.store;

import java.util.Objects;

/** An account and a region: the unit of isolation of the data. */
public record Partition(String account, String region) {
  public Partition {
    Objects.requireNonNull(account, "account");
    Objects.requireNonNull(region, "region");
  }
}
