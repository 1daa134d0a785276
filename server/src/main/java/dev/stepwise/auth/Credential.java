package dev.stepwise.auth;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One access key: its secret, the account it belongs to, and, for temporary credentials, the session token every
 * request must present. {@link #toString()} never shows the secret or the token.
 *
 * @param sessionToken null when the key needs none
 * @param description free text for operators, may be empty
 */
public record Credential(
    String accessKeyId, String secretAccessKey, String account, String sessionToken, String description) {
  private static final Pattern KEY_ID = Pattern.compile("[A-Za-z0-9_]{1,128}");
  private static final Pattern ACCOUNT = Pattern.compile("[0-9]{12}");

  public Credential {
    Objects.requireNonNull(accessKeyId, "accessKeyId");
    Objects.requireNonNull(secretAccessKey, "secretAccessKey");
    Objects.requireNonNull(account, "account");
    description = description == null ? "" : description;
    if (!KEY_ID.matcher(accessKeyId).matches()) {
      throw new IllegalArgumentException(
          "access key id '" + accessKeyId + "' must be 1 to 128 letters, digits or underscores");
    }
    if (secretAccessKey.isEmpty() || secretAccessKey.chars().anyMatch(Character::isWhitespace)) {
      throw new IllegalArgumentException("the secret of access key id " + accessKeyId + " is empty or has spaces");
    }
    if (!ACCOUNT.matcher(account).matches()) {
      throw new IllegalArgumentException("account '" + account + "' of access key id " + accessKeyId + " is not 12 digits");
    }
  }

  @Override
  public String toString() {
    return "Credential[" + accessKeyId + ", account " + account + (sessionToken == null ? "" : ", session token")
        + (description.isEmpty() ? "" : ", " + description) + "]";
  }
}
