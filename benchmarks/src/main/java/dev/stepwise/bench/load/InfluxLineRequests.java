package dev.stepwise.bench.load;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Writes batches to InfluxDB 1.x as line protocol, {@code POST /write?db=bench&precision=ms}, one line per point:
 * {@code loss,tc=<trial component> value=<v>,step=<n>i <ms>}. InfluxDB answers 204 once the points are in its WAL.
 */
public final class InfluxLineRequests implements Sender {
  private final MiniHttpClient connection;
  private final String target;

  public InfluxLineRequests(String host, int port, String database) {
    this.connection = new MiniHttpClient(host, port);
    this.target = "/write?db=" + database + "&precision=ms";
  }

  @Override
  public Outcome send(Batch batch) throws IOException {
    StringBuilder lines = new StringBuilder(64 * batch.points().size());
    for (Point point : batch.points()) {
      lines.append("loss,tc=").append(batch.trialComponent())
          .append(" value=").append(point.value())
          .append(",step=").append(point.step()).append("i ")
          .append(point.timestampMs()).append('\n');
    }
    byte[] body = lines.toString().getBytes(StandardCharsets.UTF_8);
    HttpResponse response =
        connection.send(connection.request("POST", target, "Content-Type: text/plain\r\n", body));
    if (response.asksForRetry()) {
      return Outcome.RETRY;
    }
    return response.status() == 204 ? Outcome.ACKNOWLEDGED : Outcome.ERROR;
  }

  @Override
  public void close() {
    connection.close();
  }
}
