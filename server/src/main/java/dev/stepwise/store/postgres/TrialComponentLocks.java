package dev.stepwise.store.postgres;

import java.nio.charset.StandardCharsets;

/**
 * Names a trial component among PostgreSQL's advisory locks. Every node computes the same 64-bit key for the
 * same (account, region, trial component), so writers on different nodes serialise on it; two trial components
 * sharing a key (a hash collision) merely take turns.
 */
final class TrialComponentLocks {
  private static final long FNV_OFFSET = 0xcbf29ce484222325L;
  private static final long FNV_PRIME = 0x100000001b3L;

  private TrialComponentLocks() {}

  /** FNV-1a over the UTF-8 bytes of the three names, each followed by a NUL (which no name contains). */
  static long key(String account, String region, String trialComponent) {
    long hash = FNV_OFFSET;
    for (String part : new String[] {account, region, trialComponent}) {
      for (byte b : part.getBytes(StandardCharsets.UTF_8)) {
        hash = (hash ^ (b & 0xff)) * FNV_PRIME;
      }
      hash *= FNV_PRIME; // ^ 0
    }
    return hash;
  }
}
