package dev.stepwise.store.sqlite;

import org.junit.jupiter.api.DisplayName;

/** The contract when every group is folded before the next: reads find everything in the tables. */
@DisplayName("SqliteMetricStore folding after every group")
class SqliteFoldedStoreTest extends SqliteMetricStoreTest {
  @Override
  FoldPolicy foldPolicy() {
    return FoldPolicy.EVERY_GROUP;
  }
}
