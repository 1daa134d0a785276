package dev.stepwise.store.sqlite;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import org.sqlite.SQLiteConfig;

/** The database file and how to connect to it: the one place that sets pragmas. */
final class SqliteFile {
  static final String FILE_NAME = "stepwise.db";

  private final String url;
  private final Tuning tuning;

  SqliteFile(Path dataDir, Tuning tuning) {
    this.url = "jdbc:sqlite:" + dataDir.resolve(FILE_NAME).toAbsolutePath();
    this.tuning = tuning;
  }

  /**
   * The one writing connection. WAL lets readers run beside it; synchronous=FULL fsyncs the WAL on every commit,
   * because an acknowledged point must survive power loss (NORMAL would only survive a process crash).
   *
   * <p>It stays in auto-commit mode and the writer says BEGIN IMMEDIATE / COMMIT itself: in manual-commit mode
   * the driver begins the next transaction right after each commit, so the connection would hold the file's
   * write lock forever and no other process (a backup, a checkpointing tool) could ever write.
   */
  Connection openWriter() throws SQLException {
    SQLiteConfig config = common();
    config.setJournalMode(SQLiteConfig.JournalMode.WAL);
    config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
    // The writer reads ids through RETURNING; the driver's own generated-key query after every INSERT is waste.
    config.setGetGeneratedKeys(false);
    if (tuning.maxPageCount() > 0) {
      config.setMaxPageCount(tuning.maxPageCount());
    }
    return config.createConnection(url);
  }

  /** Takes the write lock now, so a busy file is reported here rather than half-way through a transaction. */
  static void begin(Connection connection) throws SQLException {
    execute(connection, "BEGIN IMMEDIATE");
  }

  static void commit(Connection connection) throws SQLException {
    execute(connection, "COMMIT");
  }

  static void rollback(Connection connection) throws SQLException {
    execute(connection, "ROLLBACK");
  }

  private static void execute(Connection connection, String sql) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      statement.execute(sql);
    }
  }

  /** A read-only connection; the reader makes each use one read transaction, hence one snapshot of the WAL. */
  Connection openReader() throws SQLException {
    SQLiteConfig config = common();
    config.setReadOnly(true);
    return config.createConnection(url);
  }

  private SQLiteConfig common() {
    SQLiteConfig config = new SQLiteConfig();
    config.setBusyTimeout(Math.toIntExact(tuning.busyTimeout().toMillis()));
    return config;
  }
}
