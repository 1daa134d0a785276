package dev.stepwise.store.jdbc;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Collection;

/** The little that differs between SQLite's and PostgreSQL's SQL in the statements both stores share. */
public interface SqlDialect {
  /** A condition that {@code column} is one of a list bound as one parameter by {@link #bindTexts}. */
  String inList(String column);

  void bindTexts(PreparedStatement statement, int index, Collection<String> values) throws SQLException;

  /** Whether the failure is a foreign key's refusal (another transaction deleted or used a row meanwhile). */
  boolean isForeignKeyViolation(SQLException e);

  /** The bytes as hexadecimal text that compares in byte order (so its {@code max} is that of the bytes). */
  String hexText(String bytes);

  /** SQLite: the list as a JSON array read by {@code json_each} (no array type; no limit on the list's length). */
  SqlDialect SQLITE = new SqlDialect() {
    @Override
    public String inList(String column) {
      return column + " IN (SELECT value FROM json_each(?))";
    }

    @Override
    public void bindTexts(PreparedStatement statement, int index, Collection<String> values) throws SQLException {
      StringBuilder json = new StringBuilder(values.size() * 16 + 2).append('[');
      for (String value : values) {
        if (json.length() > 1) {
          json.append(',');
        }
        JsonStrings.append(json, value);
      }
      statement.setString(index, json.append(']').toString());
    }

    @Override
    public boolean isForeignKeyViolation(SQLException e) {
      return false; // one writer: every rule is checked before it writes
    }

    @Override
    public String hexText(String bytes) {
      // Upper case, compared by the BINARY collation; hex(NULL) is '', made NULL again.
      return "nullif(hex(" + bytes + "), '')";
    }
  };

  /** PostgreSQL: a text array. */
  SqlDialect POSTGRES = new SqlDialect() {
    @Override
    public String inList(String column) {
      return column + " = ANY(?)";
    }

    @Override
    public void bindTexts(PreparedStatement statement, int index, Collection<String> values) throws SQLException {
      statement.setArray(index, statement.getConnection().createArrayOf("text", values.toArray(String[]::new)));
    }

    @Override
    public boolean isForeignKeyViolation(SQLException e) {
      return "23503".equals(e.getSQLState());
    }

    @Override
    public String hexText(String bytes) {
      return "(encode(" + bytes + ", 'hex') COLLATE \"C\")"; // byte order, whatever the database's collation
    }
  };
}
