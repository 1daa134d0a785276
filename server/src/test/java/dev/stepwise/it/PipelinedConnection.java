package dev.stepwise.it;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.BiConsumer;

/**
 * One keep-alive connection on which requests are written without waiting for their answers (HTTP/1.1
 * pipelining), so that the load offered does not slow down with the server; a reader thread matches each answer
 * to its request, in order. Cheap enough per request for one test JVM to offer several times what the server can
 * store.
 *
 * @param <T> what the caller attaches to a request, handed back with its answer
 */
final class PipelinedConnection<T> implements AutoCloseable {
  private final Socket socket;
  private final OutputStream out;
  private final ConcurrentLinkedQueue<T> inFlight = new ConcurrentLinkedQueue<>();
  private final Thread reader;
  private volatile IOException failure;

  /** @param onAnswer gets each request's tag with the answer's status and Retry-After header (or null) */
  PipelinedConnection(String host, int port, BiConsumer<T, Answer> onAnswer) throws IOException {
    socket = new Socket(host, port);
    socket.setTcpNoDelay(true);
    out = socket.getOutputStream();
    reader = Thread.ofPlatform().daemon().start(() -> read(onAnswer));
  }

  record Answer(int status, String retryAfter) {}

  /** Writes the request; blocks only when the server stops reading (TCP back-pressure). */
  void send(byte[] request, T tag) throws IOException {
    inFlight.add(tag);
    out.write(request);
    out.flush();
  }

  int inFlight() {
    return inFlight.size();
  }

  IOException failure() {
    return failure;
  }

  private void read(BiConsumer<T, Answer> onAnswer) {
    try (InputStream in = new BufferedInputStream(socket.getInputStream(), 64 * 1024)) {
      while (true) {
        String statusLine = line(in);
        if (statusLine == null) {
          return;
        }
        int status = Integer.parseInt(statusLine.split(" ")[1]);
        int length = 0;
        String retryAfter = null;
        for (String header = line(in); header != null && !header.isEmpty(); header = line(in)) {
          String lower = header.toLowerCase(Locale.ROOT);
          if (lower.startsWith("content-length:")) {
            length = Integer.parseInt(header.substring(15).strip());
          } else if (lower.startsWith("retry-after:")) {
            retryAfter = header.substring(12).strip();
          }
        }
        in.readNBytes(length);
        onAnswer.accept(inFlight.remove(), new Answer(status, retryAfter));
      }
    } catch (IOException e) {
      if (!socket.isClosed()) {
        failure = e;
      }
    }
  }

  private static String line(InputStream in) throws IOException {
    StringBuilder line = new StringBuilder();
    for (int b = in.read(); b != '\n'; b = in.read()) {
      if (b < 0) {
        return null;
      }
      if (b != '\r') {
        line.append((char) b);
      }
    }
    return line.toString();
  }

  /** A BatchPutMetrics request as local mode takes it (a well-formed signature that is not verified). */
  static byte[] putRequest(String host, int port, String json) {
    byte[] body = json.getBytes(StandardCharsets.UTF_8);
    String date = RawHttp.amzDate();
    String head = "PUT /BatchPutMetrics HTTP/1.1\r\nHost: " + host + ":" + port + "\r\n"
        + "Content-Type: application/json\r\nX-Amz-Date: " + date + "\r\nAuthorization: "
        + RawHttp.authorization(date) + "\r\nContent-Length: " + body.length + "\r\n\r\n";
    byte[] headBytes = head.getBytes(StandardCharsets.US_ASCII);
    byte[] request = new byte[headBytes.length + body.length];
    System.arraycopy(headBytes, 0, request, 0, headBytes.length);
    System.arraycopy(body, 0, request, headBytes.length, body.length);
    return request;
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
