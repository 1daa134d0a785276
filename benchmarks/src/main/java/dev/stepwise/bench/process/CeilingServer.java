package dev.stepwise.bench.process;

import dev.stepwise.config.ServerConfig;
import dev.stepwise.http.StepwiseServer;
import io.javalin.http.HandlerType;

/**
 * The ceiling of the HTTP path: Stepwise's own Javalin/Jetty stack, started as the real server starts it, answering
 * {@code PUT /BatchPutMetrics} with a canned {@code {}} after reading the body, and doing nothing else (no signature
 * check, no parsing, no store). Run as its own process, with the real server's heap cap.
 */
public final class CeilingServer {
  private static final byte[] EMPTY_RESULT = "{}".getBytes(java.nio.charset.StandardCharsets.UTF_8);

  private CeilingServer() {}

  /** {@code CeilingServer <port>} */
  public static void main(String[] args) {
    ServerConfig config = ServerConfig.defaults().withPort(Integer.parseInt(args[0]));
    StepwiseServer server =
        StepwiseServer.startBare(
            config,
            HandlerType.PUT,
            "/BatchPutMetrics",
            ctx -> {
              ctx.bodyAsBytes();
              ctx.contentType("application/json").result(EMPTY_RESULT);
            });
    Runtime.getRuntime().addShutdownHook(new Thread(server::close, "ceiling-shutdown"));
  }
}
