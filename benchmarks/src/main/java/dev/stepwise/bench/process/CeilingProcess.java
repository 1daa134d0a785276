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

/**
 * A ceiling in its own process, sent the same signed requests as the real server: {@link CeilingServer} (the bare
 * stack) or {@link DiscardingServer} (the whole request path, storage taken out).
 */
public final class CeilingProcess implements Target {
  private static final String HOST = "127.0.0.1";

  private final String name;
  private final ManagedProcess process;
  private final int port;
  private final Credentials credentials;

  private CeilingProcess(String name, ManagedProcess process, int port, Credentials credentials) {
    this.name = name;
    this.process = process;
    this.port = port;
    this.credentials = credentials;
  }

  public static CeilingProcess bare(Path workDir, Credentials credentials, String heap)
      throws IOException, InterruptedException {
    int port = FreePort.pick();
    return start("bare server", workDir, credentials, heap, port, CeilingServer.class, List.of(String.valueOf(port)));
  }

  public static CeilingProcess discarding(Path workDir, Credentials credentials, String heap)
      throws IOException, InterruptedException {
    int port = FreePort.pick();
    List<String> args = List.of(String.valueOf(port), workDir.resolve("data").toString(),
        credentials.writeFile(workDir).toString());
    return start("server, storage discarded", workDir, credentials, heap, port, DiscardingServer.class, args);
  }

  private static CeilingProcess start(
      String name, Path workDir, Credentials credentials, String heap, int port, Class<?> main, List<String> args)
      throws IOException, InterruptedException {
    List<String> command = ManagedProcess.serverJava(heap);
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), main.getName()));
    command.addAll(args);
    ManagedProcess process = ManagedProcess.start(name, command, workDir.resolve(main.getSimpleName() + ".log"));
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
    return new CeilingProcess(name, process, port, credentials);
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public Sender newSender() {
    return new SignedPutRequests(HOST, port, credentials.accessKeyId(), credentials.secretAccessKey());
  }

  @Override
  public QueryClient newQueryClient() {
    throw new UnsupportedOperationException(name + " stores nothing");
  }

  @Override
  public int maxBatchSize() {
    return 10;
  }

  @Override
  public ProcessCpu serverCpu() {
    return ProcessCpu.of(java.util.List.of(process.pid()));
  }

  @Override
  public void close() {
    process.close();
  }
}
