package dev.stepwise.store.sqlite;

import org.junit.jupiter.api.DisplayName;

/** The contract when every group is folded as soon as the writer is idle: reads mostly find it all in the tables. */
@DisplayName("SqliteMetricStore folding after every group")
class SqliteFoldedStoreTest extends SqliteMetricStoreTest {
  @Override
  FoldPolicy foldPolicy() {
    return FoldPolicy.EVERY_GROUP;
  }
}
