package dev.stepwise.bench.query;

import dev.stepwise.bench.load.HttpResponse;
import dev.stepwise.bench.load.MiniHttpClient;
import dev.stepwise.bench.load.RequestSigner;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Signed {@code POST /BatchGetMetrics} calls. A {@code Truncated} result is continued from the {@code Start} its
 * message names until every bucket has come back, and the call's time is the sum of its requests.
 */
public final class StepwiseQueryClient implements QueryClient {
  private static final String PATH = "/BatchGetMetrics";
  private static final int MAX_QUERIES_PER_CALL = 100;
  private static final Pattern CONTINUE_FROM = Pattern.compile("Start=(\\d+)");

  private final MiniHttpClient connection;
  private final RequestSigner signer;
  private final String account;

  public StepwiseQueryClient(String host, int port, String accessKeyId, String secretAccessKey, String account) {
    this.connection = new MiniHttpClient(host, port);
    this.signer = new RequestSigner(accessKeyId, secretAccessKey, connection.hostHeader());
    this.account = account;
  }

  private record Query(String trialComponent, long start) {}

  @Override
  public QueryAnswer run(QueryCase c) throws IOException {
    List<Query> pending = new ArrayList<>();
    for (String tc : c.trialComponents()) {
      pending.add(new Query(tc, c.start()));
    }
    long buckets = 0;
    int requests = 0;
    long nanos = 0;
    while (!pending.isEmpty()) {
      TimedResults answer = call(pending, c);
      nanos += answer.nanos();
      List<Object> results = answer.results();
      requests++;
      List<Query> continued = new ArrayList<>();
      for (int i = 0; i < results.size(); i++) {
        Map<String, Object> result = JsonTree.object(results.get(i));
        buckets += JsonTree.list(result.get("MetricValues")).size();
        String status = String.valueOf(result.get("Status"));
        if (status.equals("Truncated")) {
          continued.add(new Query(pending.get(i).trialComponent(), continueFrom(result)));
        } else if (!status.equals("Complete")) {
          throw new IllegalStateException("query " + c.label() + " came back " + status + ": " + result.get("Message"));
        }
      }
      pending = continued;
    }
    return new QueryAnswer(buckets, requests, nanos);
  }

  @Override
  public Map<String, Long> countPoints(List<String> trialComponents, long fromMs, long toMs) throws IOException {
    Map<String, Long> counts = new LinkedHashMap<>();
    for (int from = 0; from < trialComponents.size(); from += MAX_QUERIES_PER_CALL) {
      List<String> part = trialComponents.subList(from, Math.min(trialComponents.size(), from + MAX_QUERIES_PER_CALL));
      QueryCase count = new QueryCase("count", Stat.Count, Period.OneHour, part, fromMs, toMs, "");
      List<Query> queries = part.stream().map(tc -> new Query(tc, fromMs)).toList();
      List<Object> results = call(queries, count).results();
      for (int i = 0; i < results.size(); i++) {
        Map<String, Object> result = JsonTree.object(results.get(i));
        if (!"Complete".equals(result.get("Status"))) {
          throw new IllegalStateException("count of " + part.get(i) + " came back " + result);
        }
        long sum = 0;
        for (Object value : JsonTree.list(result.get("MetricValues"))) {
          sum += Math.round((Double) value);
        }
        counts.put(part.get(i), sum);
      }
    }
    return counts;
  }

  /**
   * A call's results and its time: from sending the signed request to the last byte of the answer, as for
   * InfluxDB; the client's own parsing of the answer is not part of it.
   */
  private record TimedResults(List<Object> results, long nanos) {}

  private TimedResults call(List<Query> queries, QueryCase c) throws IOException {
    StringBuilder json = new StringBuilder("{\"MetricQueries\":[");
    for (int i = 0; i < queries.size(); i++) {
      Query q = queries.get(i);
      boolean steps = c.period() == Period.IterationNumber;
      json.append(i == 0 ? "" : ",")
          .append("{\"MetricName\":\"loss\",\"ResourceArn\":\"arn:aws:sagemaker:")
          .append(RequestSigner.REGION).append(':').append(account)
          .append(":experiment-trial-component/").append(q.trialComponent())
          .append("\",\"MetricStat\":\"").append(c.stat())
          .append("\",\"Period\":\"").append(c.period())
          .append("\",\"XAxisType\":\"").append(steps ? "IterationNumber" : "Timestamp")
          .append("\",\"Start\":").append(q.start())
          .append(",\"End\":").append(c.end())
          .append('}');
    }
    json.append("]}");
    byte[] request = signer.signedRequest(connection, "POST", PATH, json.toString());
    long sent = System.nanoTime();
    HttpResponse response = connection.send(request);
    long nanos = System.nanoTime() - sent;
    if (response.status() != 200) {
      throw new IllegalStateException("BatchGetMetrics answered " + response.status() + ": " + response.bodyText());
    }
    return new TimedResults(
        JsonTree.list(JsonTree.object(JsonTree.parse(response.body())).get("MetricQueryResults")), nanos);
  }

  private static long continueFrom(Map<String, Object> result) {
    Matcher m = CONTINUE_FROM.matcher(String.valueOf(result.get("Message")));
    if (!m.find()) {
      throw new IllegalStateException("a truncated result without a Start to continue from: " + result);
    }
    return Long.parseLong(m.group(1));
  }

  @Override
  public void close() {
    connection.close();
  }
}
