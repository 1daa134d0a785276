package dev.stepwise.store.sqlite;

import org.junit.jupiter.api.DisplayName;

/** The contract when nothing is folded until retention, a deletion or close asks: reads merge the whole log. */
@DisplayName("SqliteMetricStore folding only on request")
class SqliteUnfoldedStoreTest extends SqliteMetricStoreTest {
  @Override
  FoldPolicy foldPolicy() {
    return FoldPolicy.ON_REQUEST;
  }
}
