package dev.stepwise.bench.process;

import dev.stepwise.Main;
import dev.stepwise.config.ConfigLoader;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The real server, secured mode and all, over a {@link DiscardingStore}: the second ceiling, between the bare stack
 * and the server that stores.
 */
public final class DiscardingServer {
  private DiscardingServer() {}

  /** {@code DiscardingServer <port> <data dir> [<credentials file>]}: without credentials, local mode. */
  public static void main(String[] args) {
    List<String> settings =
        new ArrayList<>(List.of("--port", args[0], "--data-dir", args[1], "--access-log", "false"));
    if (args.length > 2) {
      settings.addAll(List.of("--credentials-file", args[2]));
    }
    Main.Running running = Main.start(
        ConfigLoader.load(settings, Map.of()),
        Clock.systemUTC(),
        DiscardingStore::new);
    Runtime.getRuntime().addShutdownHook(new Thread(running::close, "discarding-shutdown"));
  }
}
