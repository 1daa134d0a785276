package dev.stepwise.api;

import java.util.Objects;
import java.util.regex.Pattern;

/** Who is calling: the account the credential belongs to and the region it signed for. */
public record Principal(String account, String region) {
  private static final Pattern ACCOUNT = Pattern.compile("[0-9]{12}");

  public Principal {
    Objects.requireNonNull(account, "account");
    Objects.requireNonNull(region, "region");
    if (!ACCOUNT.matcher(account).matches()) {
      throw new IllegalArgumentException("account '" + account + "' is not 12 digits");
    }
  }
}
