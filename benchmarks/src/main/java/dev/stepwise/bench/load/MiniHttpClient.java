package dev.stepwise.bench.load;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * One keep-alive HTTP/1.1 connection on a plain blocking socket: writes a whole request, reads the status line, the
 * headers and a Content-Length or chunked body. Deliberately minimal, because the load generator shares the machine's
 * cores with the server it measures and {@code java.net.http.HttpClient} costs several times more CPU per request.
 * Not thread-safe: one per client thread.
 */
public final class MiniHttpClient implements AutoCloseable {
  private static final int TIMEOUT_MS = 60_000;

  private final String host;
  private final int port;
  private Socket socket;
  private InputStream in;
  private OutputStream out;

  public MiniHttpClient(String host, int port) {
    this.host = host;
    this.port = port;
  }

  /** The {@code Host} header value of this connection's server. */
  public String hostHeader() {
    return host + ":" + port;
  }

  /**
   * Sends the request bytes (request line, headers, blank line, body) and reads the whole response. On an I/O error
   * the connection is dropped, so that the next call opens a fresh one.
   */
  public HttpResponse send(byte[] request) throws IOException {
    try {
      if (socket == null) {
        connect();
      }
      out.write(request);
      out.flush();
      return readResponse();
    } catch (IOException e) {
      close();
      throw e;
    }
  }

  private void connect() throws IOException {
    socket = new Socket();
    socket.setTcpNoDelay(true);
    socket.setSoTimeout(TIMEOUT_MS);
    socket.connect(new InetSocketAddress(host, port), TIMEOUT_MS);
    in = new BufferedInputStream(socket.getInputStream(), 64 * 1024);
    out = socket.getOutputStream();
  }

  private HttpResponse readResponse() throws IOException {
    String statusLine = readLine();
    if (!statusLine.startsWith("HTTP/1.")) {
      throw new IOException("not an HTTP response: " + statusLine);
    }
    int status = Integer.parseInt(statusLine.substring(9, 12));
    long contentLength = -1;
    boolean chunked = false;
    boolean closeAfter = false;
    for (String line = readLine(); !line.isEmpty(); line = readLine()) {
      int colon = line.indexOf(':');
      String name = line.substring(0, colon).strip().toLowerCase(Locale.ROOT);
      String value = line.substring(colon + 1).strip();
      switch (name) {
        case "content-length" -> contentLength = Long.parseLong(value);
        case "transfer-encoding" -> chunked = value.toLowerCase(Locale.ROOT).contains("chunked");
        case "connection" -> closeAfter = value.equalsIgnoreCase("close");
        default -> { }
      }
    }
    byte[] body;
    if (chunked) {
      body = readChunked();
    } else if (contentLength >= 0) {
      body = in.readNBytes((int) contentLength);
    } else if (status == 204 || status == 304) {
      body = new byte[0];
    } else {
      body = in.readAllBytes(); // no length: the body ends with the connection
      closeAfter = true;
    }
    if (closeAfter) {
      close();
    }
    return new HttpResponse(status, body);
  }

  private byte[] readChunked() throws IOException {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    while (true) {
      String sizeLine = readLine();
      int semicolon = sizeLine.indexOf(';');
      int size = Integer.parseInt((semicolon < 0 ? sizeLine : sizeLine.substring(0, semicolon)).strip(), 16);
      if (size == 0) {
        while (!readLine().isEmpty()) {
          // trailers, ignored
        }
        return body.toByteArray();
      }
      body.write(in.readNBytes(size));
      readLine();
    }
  }

  private String readLine() throws IOException {
    StringBuilder line = new StringBuilder(64);
    while (true) {
      int b = in.read();
      if (b < 0) {
        throw new IOException("connection closed mid-response");
      }
      if (b == '\n') {
        int length = line.length();
        return length > 0 && line.charAt(length - 1) == '\r' ? line.substring(0, length - 1) : line.toString();
      }
      line.append((char) b);
    }
  }

  /** Request bytes: request line, the given header lines, Host and Content-Length, blank line, body. */
  public byte[] request(String method, String target, String headerLines, byte[] body) {
    String head = method + " " + target + " HTTP/1.1\r\nHost: " + hostHeader() + "\r\n" + headerLines
        + "Content-Length: " + body.length + "\r\n\r\n";
    byte[] headBytes = head.getBytes(StandardCharsets.US_ASCII);
    byte[] request = new byte[headBytes.length + body.length];
    System.arraycopy(headBytes, 0, request, 0, headBytes.length);
    System.arraycopy(body, 0, request, headBytes.length, body.length);
    return request;
  }

  @Override
  public void close() {
    if (socket != null) {
      try {
        socket.close();
      } catch (IOException ignored) {
        // closing a broken connection; nothing to do
      }
      socket = null;
    }
  }
}
