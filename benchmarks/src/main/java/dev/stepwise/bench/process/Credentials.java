package dev.stepwise.bench.process;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;

/** A throwaway key for the secured-mode server of one run, and its credentials file. */
public record Credentials(String accessKeyId, String secretAccessKey, String account) {
  private static final String KEY_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  private static final String SECRET_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789/+";

  public static Credentials generate() {
    SecureRandom random = new SecureRandom();
    return new Credentials("AKIA" + randomString(random, KEY_CHARS, 16), randomString(random, SECRET_CHARS, 40),
        "123456789012");
  }

  /** The file the server reads: {@code <key id> <secret> <account> - <description>}, readable by its owner only. */
  public Path writeFile(Path dir) throws IOException {
    Path file = dir.resolve("credentials");
    Files.writeString(file, accessKeyId + " " + secretAccessKey + " " + account + " - benchmark run\n");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    return file;
  }

  private static String randomString(SecureRandom random, String chars, int length) {
    StringBuilder s = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      s.append(chars.charAt(random.nextInt(chars.length())));
    }
    return s.toString();
  }

  @Override
  public String toString() {
    return "Credentials[" + accessKeyId + "]"; // never the secret
  }
}
