package dev.stepwise.auth;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Sign-in to the web dashboard in secured mode. A session is a cookie that carries the access key id, an expiry
 * and an HMAC of both keyed by the key's secret: any node with the same credentials file can check it without
 * shared state, and it stops working as soon as the key leaves the file or its secret changes. Keys that need a
 * session token cannot sign in (a browser session is no place for temporary credentials).
 */
public final class DashboardSessions {
  public static final String COOKIE = "stepwise_session";
  public static final Duration LIFETIME = Duration.ofHours(12);

  private static final Base64.Encoder BASE64 = Base64.getUrlEncoder().withoutPadding();

  private final CredentialStore credentials;
  private final Clock clock;

  /** @param credentials the keys that may sign in */
  public DashboardSessions(CredentialStore credentials, Clock clock) {
    this.credentials = credentials;
    this.clock = clock;
  }

  /** A successful sign-in: the account and the cookie value to set. */
  public record SignedIn(String account, String cookieValue) {
    @Override
    public String toString() {
      return "SignedIn[" + account + "]"; // the cookie is a bearer secret
    }
  }

  /** Empty when the key is unknown, needs a session token, or the secret is wrong. */
  public Optional<SignedIn> signIn(String accessKeyId, String secretAccessKey) {
    Optional<Credential> credential = credentials.find(accessKeyId);
    if (credential.isEmpty()
        || credential.get().sessionToken() != null
        || !MessageDigest.isEqual(bytes(credential.get().secretAccessKey()), bytes(secretAccessKey))) {
      return Optional.empty();
    }
    long expires = clock.instant().plus(LIFETIME).getEpochSecond();
    String value = accessKeyId + "." + expires + "." + mac(credential.get(), expires);
    return Optional.of(new SignedIn(credential.get().account(), value));
  }

  /** The account of a valid, unexpired session cookie; empty otherwise. */
  public Optional<String> account(String cookieValue) {
    if (cookieValue == null) {
      return Optional.empty();
    }
    String[] parts = cookieValue.split("\\.", -1);
    if (parts.length != 3) {
      return Optional.empty();
    }
    long expires;
    try {
      expires = Long.parseLong(parts[1]);
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
    if (expires <= clock.instant().getEpochSecond()) {
      return Optional.empty();
    }
    return credentials
        .find(parts[0])
        .filter(c -> c.sessionToken() == null)
        .filter(c -> MessageDigest.isEqual(bytes(mac(c, expires)), bytes(parts[2])))
        .map(Credential::account);
  }

  private static String mac(Credential credential, long expires) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(bytes(credential.secretAccessKey()), "HmacSHA256"));
      byte[] tag = mac.doFinal(bytes("stepwise-dashboard-session\n" + credential.accessKeyId() + "\n" + expires));
      return BASE64.encodeToString(tag);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is missing from this JDK", e);
    }
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
