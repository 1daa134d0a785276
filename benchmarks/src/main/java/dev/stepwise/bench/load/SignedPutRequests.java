package dev.stepwise.bench.load;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Writes batches to Stepwise (or to the bare ceiling server) as signed {@code PUT /BatchPutMetrics} requests. A 200
 * whose body names {@code Errors} is an error: some of its points were refused.
 */
public final class SignedPutRequests implements Sender {
  private static final String PATH = "/BatchPutMetrics";

  private final MiniHttpClient connection;
  private final RequestSigner signer;

  public SignedPutRequests(String host, int port, String accessKeyId, String secretAccessKey) {
    this.connection = new MiniHttpClient(host, port);
    this.signer = new RequestSigner(accessKeyId, secretAccessKey, connection.hostHeader());
  }

  @Override
  public Outcome send(Batch batch) throws IOException {
    byte[] body = json(batch).getBytes(StandardCharsets.UTF_8);
    HttpResponse response =
        connection.send(connection.request("PUT", PATH, signer.headerLines("PUT", PATH, body), body));
    if (response.asksForRetry()) {
      return Outcome.RETRY;
    }
    if (response.status() != 200 || response.bodyText().contains("\"Errors\"")) {
      return Outcome.ERROR;
    }
    return Outcome.ACKNOWLEDGED;
  }

  /** Timestamps in epoch seconds with the milliseconds as a fraction, as the Java SDK sends them. */
  static String json(Batch batch) {
    StringBuilder json = new StringBuilder(96 + 80 * batch.points().size());
    json.append("{\"TrialComponentName\":\"").append(batch.trialComponent()).append("\",\"MetricData\":[");
    for (int i = 0; i < batch.points().size(); i++) {
      Point point = batch.points().get(i);
      long ms = point.timestampMs();
      json.append(i == 0 ? "" : ",")
          .append("{\"MetricName\":\"loss\",\"Timestamp\":")
          .append(ms / 1000)
          .append('.')
          .append((char) ('0' + ms % 1000 / 100))
          .append((char) ('0' + ms % 100 / 10))
          .append((char) ('0' + ms % 10))
          .append(",\"Step\":")
          .append(point.step())
          .append(",\"Value\":")
          .append(point.value())
          .append('}');
    }
    return json.append("]}").toString();
  }

  @Override
  public void close() {
    connection.close();
  }
}
