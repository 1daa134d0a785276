package dev.stepwise.bench.query;

import dev.stepwise.bench.load.HttpResponse;
import dev.stepwise.bench.load.MiniHttpClient;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * InfluxQL over {@code GET /query}: the statements of one call joined with semicolons into one request, as InfluxDB
 * runs them; epoch-millisecond times in and out.
 */
public final class InfluxQueryClient implements QueryClient {
  private final MiniHttpClient connection;
  private final String database;

  public InfluxQueryClient(String host, int port, String database) {
    this.connection = new MiniHttpClient(host, port);
    this.database = database;
  }

  @Override
  public QueryAnswer run(QueryCase c) throws IOException {
    List<String> statements = new ArrayList<>();
    for (String tc : c.trialComponents()) {
      statements.add(statement(c, tc));
    }
    long sent = System.nanoTime();
    HttpResponse response = get(String.join(";", statements));
    long nanos = System.nanoTime() - sent;
    long rows = 0;
    for (Object result : results(response)) {
      for (Object series : JsonTree.list(JsonTree.object(result).get("series"))) {
        rows += JsonTree.list(JsonTree.object(series).get("values")).size();
      }
    }
    return new QueryAnswer(rows, 1, nanos);
  }

  /** The InfluxQL of one query of the case; {@code fill(none)} leaves empty buckets out, as Stepwise does. */
  public static String statement(QueryCase c, String trialComponent) {
    String where = " FROM loss WHERE tc = '" + trialComponent + "' AND ";
    if (c.period() == Period.IterationNumber) {
      return "SELECT value" + where + "step >= " + c.start() + " AND step < " + c.end();
    }
    return "SELECT " + c.stat().influxFunction() + "(value)" + where + "time >= " + c.start() + "ms AND time < "
        + c.end() + "ms GROUP BY time(" + c.period().influxInterval() + ") fill(none)";
  }

  @Override
  public Map<String, Long> countPoints(List<String> trialComponents, long fromMs, long toMs) throws IOException {
    List<String> statements = new ArrayList<>();
    for (String tc : trialComponents) {
      statements.add(
          "SELECT COUNT(value) FROM loss WHERE tc = '" + tc + "' AND time >= " + fromMs + "ms AND time < " + toMs + "ms");
    }
    List<Object> results = results(get(String.join(";", statements)));
    Map<String, Long> counts = new LinkedHashMap<>();
    for (int i = 0; i < trialComponents.size(); i++) {
      long count = 0;
      for (Object series : JsonTree.list(JsonTree.object(results.get(i)).get("series"))) {
        for (Object row : JsonTree.list(JsonTree.object(series).get("values"))) {
          count += Math.round((Double) JsonTree.list(row).get(1));
        }
      }
      counts.put(trialComponents.get(i), count);
    }
    return counts;
  }

  /** Runs a statement that returns nothing to check, such as {@code CREATE DATABASE}. */
  public void execute(String statement) throws IOException {
    String body = "q=" + URLEncoder.encode(statement, StandardCharsets.UTF_8);
    HttpResponse response =
        connection.send(
            connection.request(
                "POST", "/query", "Content-Type: application/x-www-form-urlencoded\r\n",
                body.getBytes(StandardCharsets.UTF_8)));
    results(response);
  }

  private HttpResponse get(String query) throws IOException {
    String target = "/query?db=" + database + "&epoch=ms&q=" + URLEncoder.encode(query, StandardCharsets.UTF_8);
    return connection.send(connection.request("GET", target, "", new byte[0]));
  }

  private static List<Object> results(HttpResponse response) {
    if (response.status() != 200) {
      throw new IllegalStateException("InfluxDB answered " + response.status() + ": " + response.bodyText());
    }
    List<Object> results = JsonTree.list(JsonTree.object(JsonTree.parse(response.body())).get("results"));
    for (Object result : results) {
      Object error = JsonTree.object(result).get("error");
      if (error != null) {
        throw new IllegalStateException("InfluxDB query failed: " + error);
      }
    }
    return results;
  }

  @Override
  public void close() {
    connection.close();
  }
}
