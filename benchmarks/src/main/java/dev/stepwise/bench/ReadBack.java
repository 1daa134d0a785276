package dev.stepwise.bench;

import dev.stepwise.bench.load.LoadResult;
import dev.stepwise.bench.query.QueryClient;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The verification of a load run: every acknowledged point must be stored exactly once. Counts are read back per
 * trial component and compared with what the clients were told was stored; points whose request failed on the
 * connection may or may not be there, and nothing else may be.
 */
final class ReadBack {
  private ReadBack() {}

  /** @return a one-line summary for the report; a mismatch is also recorded as a failure of the system */
  static String verify(QueryClient client, LoadResult load, long fromMs, long toMs, SystemResults into)
      throws IOException {
    List<String> trialComponents = new ArrayList<>(load.acknowledgedByTrialComponent().keySet());
    trialComponents.addAll(
        load.uncertainByTrialComponent().keySet().stream().filter(tc -> !trialComponents.contains(tc)).toList());
    trialComponents.sort(null);
    Map<String, Long> stored = client.countPoints(trialComponents, fromMs, toMs);
    List<String> mismatches = new ArrayList<>();
    long total = 0;
    for (String tc : trialComponents) {
      long acknowledged = load.acknowledgedByTrialComponent().getOrDefault(tc, 0L);
      long uncertain = load.uncertainByTrialComponent().getOrDefault(tc, 0L);
      long found = stored.getOrDefault(tc, 0L);
      total += found;
      if (found < acknowledged || found > acknowledged + uncertain) {
        mismatches.add(tc + ": " + found + " stored, " + acknowledged + " acknowledged"
            + (uncertain > 0 ? " (+" + uncertain + " unknown)" : ""));
      }
    }
    if (!mismatches.isEmpty()) {
      String message = "MISMATCH in " + mismatches.size() + " of " + trialComponents.size()
          + " trial components: " + String.join("; ", mismatches.subList(0, Math.min(5, mismatches.size())));
      into.verificationFailed(message);
      return "**" + message + "**";
    }
    return String.format("%,d acknowledged points stored exactly once", total);
  }
}
