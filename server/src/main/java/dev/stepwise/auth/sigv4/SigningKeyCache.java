package dev.stepwise.auth.sigv4;

import java.util.concurrent.ConcurrentHashMap;

/**
 * Derived signing keys by (secret, date, region, service). A key is valid for a whole day, so four HMACs per
 * request become one map lookup; the cache is dropped when it grows past its bound (a few keys per credential and
 * day are ever live).
 */
public final class SigningKeyCache {
  private record Key(String secret, String date, String region, String service) {
    @Override
    public String toString() {
      return "Key[" + date + "/" + region + "/" + service + "]"; // never the secret
    }
  }

  private final int maxEntries;
  private final ConcurrentHashMap<Key, byte[]> keys = new ConcurrentHashMap<>();

  public SigningKeyCache(int maxEntries) {
    this.maxEntries = maxEntries;
  }

  public byte[] signingKey(String secretAccessKey, String date, String region, String service) {
    Key key = new Key(secretAccessKey, date, region, service);
    byte[] cached = keys.get(key);
    if (cached != null) {
      return cached;
    }
    if (keys.size() >= maxEntries) {
      keys.clear();
    }
    byte[] derived = Signing.signingKey(secretAccessKey, date, region, service);
    keys.put(key, derived);
    return derived;
  }

  int size() {
    return keys.size();
  }
}
