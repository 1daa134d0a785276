package dev.stepwise.auth;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the credentials file. One credential per line, fields separated by spaces or tabs:
 *
 * <pre>
 * # access-key-id         secret-access-key                          account       session-token  description
 * AKIAIOSFODNN7EXAMPLE    wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY   123456789012  -              team A training
 * </pre>
 *
 * {@code -} means no session token; the description is the rest of the line and may be left out. Blank lines and
 * lines starting with {@code #} are ignored. Errors name the line, never the secret.
 */
public final class CredentialsFile {
  private CredentialsFile() {}

  /** @throws IllegalArgumentException naming the file and line of the first problem */
  public static Map<String, Credential> read(Path file) {
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalArgumentException("credentials file " + file + " cannot be read: " + e.getClass().getSimpleName());
    }
    Map<String, Credential> byKeyId = new LinkedHashMap<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      String where = "credentials file " + file + " line " + (i + 1) + ": ";
      String[] fields = line.split("\\s+", 5);
      if (fields.length < 3) {
        throw new IllegalArgumentException(
            where + "expected 'access-key-id secret-access-key account [session-token|-] [description]'");
      }
      Credential credential;
      try {
        credential =
            new Credential(
                fields[0],
                fields[1],
                fields[2],
                fields.length > 3 && !fields[3].equals("-") ? fields[3] : null,
                fields.length > 4 ? fields[4] : "");
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(where + e.getMessage());
      }
      if (byKeyId.put(credential.accessKeyId(), credential) != null) {
        throw new IllegalArgumentException(where + "access key id " + credential.accessKeyId() + " appears twice");
      }
    }
    if (byKeyId.isEmpty()) {
      throw new IllegalArgumentException("credentials file " + file + " holds no credential");
    }
    return Map.copyOf(byKeyId);
  }
}
