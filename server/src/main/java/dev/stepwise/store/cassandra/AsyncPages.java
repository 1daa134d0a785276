package dev.stepwise.store.cassandra;

import com.datastax.oss.driver.api.core.cql.AsyncResultSet;
import com.datastax.oss.driver.api.core.cql.Row;
import java.util.ArrayList;
import java.util.List;

/** Every row of an asynchronous result, fetching its further pages (rarely more than one here). */
final class AsyncPages {
  private AsyncPages() {}

  static List<Row> all(AsyncResultSet first) {
    List<Row> rows = new ArrayList<>();
    AsyncResultSet page = first;
    while (true) {
      page.currentPage().forEach(rows::add);
      if (!page.hasMorePages()) {
        return rows;
      }
      page = DayAppender.join(page.fetchNextPage().toCompletableFuture());
    }
  }
}
