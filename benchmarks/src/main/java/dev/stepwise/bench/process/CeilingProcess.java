package dev.stepwise.bench.process;

import dev.stepwise.bench.load.Sender;
import dev.stepwise.bench.load.SignedPutRequests;
import dev.stepwise.bench.query.QueryClient;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** {@link CeilingServer} in its own process, sent the same signed requests as the real server. */
public final class CeilingProcess implements Target {
  private static final String HOST = "127.0.0.1";

  private final ManagedProcess process;
  private final int port;
  private final Credentials credentials;

  private CeilingProcess(ManagedProcess process, int port, Credentials credentials) {
    this.process = process;
    this.port = port;
    this.credentials = credentials;
  }

  public static CeilingProcess start(Path workDir, Credentials credentials, String heap)
      throws IOException, InterruptedException {
    int port = FreePort.pick();
    List<String> command = List.of(
        ManagedProcess.javaCommand(), "-Xmx" + heap, "-cp", System.getProperty("java.class.path"),
        CeilingServer.class.getName(), String.valueOf(port));
    ManagedProcess process = ManagedProcess.start("ceiling server", command, workDir.resolve("ceiling.log"));
    try {
      process.awaitReady(
          () -> {
            try (Socket socket = new Socket()) {
              socket.connect(new InetSocketAddress(HOST, port), 1000);
              return true;
            }
          },
          Duration.ofSeconds(30));
    } catch (RuntimeException | IOException | InterruptedException e) {
      process.close();
      throw e;
    }
    return new CeilingProcess(process, port, credentials);
  }

  @Override
  public String name() {
    return "bare server";
  }

  @Override
  public Sender newSender() {
    return new SignedPutRequests(HOST, port, credentials.accessKeyId(), credentials.secretAccessKey());
  }

  @Override
  public QueryClient newQueryClient() {
    throw new UnsupportedOperationException("the bare server stores nothing");
  }

  @Override
  public int maxBatchSize() {
    return 10;
  }

  @Override
  public void close() {
    process.close();
  }
}
