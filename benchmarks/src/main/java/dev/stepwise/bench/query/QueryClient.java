package dev.stepwise.bench.query;

import java.io.IOException;
import java.util.List;
import java.util.Map;

/** Asks a system the queries of a {@link QueryCase}, and counts stored points for the verification. */
public interface QueryClient extends AutoCloseable {
  /** @throws IllegalStateException when the system answers with an error */
  QueryAnswer run(QueryCase queryCase) throws IOException;

  /** Points of metric {@code loss} stored per trial component, with timestamps in {@code [fromMs, toMs)}. */
  Map<String, Long> countPoints(List<String> trialComponents, long fromMs, long toMs) throws IOException;

  @Override
  void close();
}
