package dev.stepwise.bench.experiments;

import dev.stepwise.bench.load.HttpResponse;
import dev.stepwise.bench.load.MiniHttpClient;
import dev.stepwise.bench.load.RequestSigner;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Signed calls of the control plane ({@code POST /}, {@code X-Amz-Target: SageMaker.<Operation>}) and of
 * {@code BatchPutMetrics}, over one keep-alive connection, timed from the first byte sent to the last byte read (the
 * client's parsing is not the server's time). Not thread-safe: one per thread.
 */
public final class ControlPlaneClient implements AutoCloseable {
  /** A call's answer and how long it took. */
  public record Timed(HttpResponse response, long nanos) {
    public String body() {
      return response.bodyText();
    }
  }

  private final MiniHttpClient connection;
  private final RequestSigner signer;

  public ControlPlaneClient(String host, int port, String accessKeyId, String secretAccessKey) {
    this.connection = new MiniHttpClient(host, port);
    this.signer = new RequestSigner(accessKeyId, secretAccessKey, connection.hostHeader());
  }

  /** Calls the operation; fails on anything but 200, with the answer's body. */
  public Timed call(String operation, String json) throws IOException {
    byte[] body = json.getBytes(StandardCharsets.UTF_8);
    String headers = signer.headerLines("POST", "/", body) + "X-Amz-Target: SageMaker." + operation + "\r\n";
    return send(operation, connection.request("POST", "/", headers, body));
  }

  public Timed putMetrics(String json) throws IOException {
    return send("BatchPutMetrics", signer.signedRequest(connection, "PUT", "/BatchPutMetrics", json));
  }

  private Timed send(String operation, byte[] request) throws IOException {
    long started = System.nanoTime();
    HttpResponse response = connection.send(request);
    long nanos = System.nanoTime() - started;
    if (response.status() != 200 || response.bodyText().contains("\"Errors\"")) {
      throw new IOException(operation + " answered " + response.status() + ": " + response.bodyText());
    }
    return new Timed(response, nanos);
  }

  @Override
  public void close() {
    connection.close();
  }
}
