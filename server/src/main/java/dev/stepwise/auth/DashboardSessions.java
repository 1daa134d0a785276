package dev.stepwise.auth;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Sign-in to the web dashboard in secured mode. A session is a cookie that carries the access key id, the moment
 * it was issued and an HMAC of both keyed by the key's secret: any node with the same credentials file can check
 * it without shared state, and it stops working after {@link #LIFETIME}, or as soon as the key leaves the file or
 * its secret changes. Keys that need a session token cannot sign in (a browser session is no place for temporary
 * credentials).
 *
 * <p>Signing out revokes, on this node, every session of the access key issued until then (a copied cookie
 * included): one instant per key rather than a list of sessions, so the memory it takes is bounded by the
 * credentials file, whoever signs in and out. Other nodes know nothing of it (they share no state).
 */
public final class DashboardSessions {
  public static final String COOKIE = "stepwise_session";
  public static final Duration LIFETIME = Duration.ofHours(12);

  private static final Base64.Encoder BASE64 = Base64.getUrlEncoder().withoutPadding();

  private final CredentialStore credentials;
  private final Clock clock;

  /** By access key id: sessions issued at or before this epoch millisecond are signed out. */
  private final Map<String, Long> revokedThrough = new ConcurrentHashMap<>();

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
    // After a sign-out in the same millisecond, the new session must still come after the revoked ones.
    long issued = Math.max(clock.millis(), revokedThrough.getOrDefault(accessKeyId, Long.MIN_VALUE) + 1);
    String value = accessKeyId + "." + issued + "." + mac(credential.get(), issued);
    return Optional.of(new SignedIn(credential.get().account(), value));
  }

  /** The account of a valid, unexpired, not signed-out session cookie; empty otherwise. */
  public Optional<String> account(String cookieValue) {
    return session(cookieValue).map(session -> session.credential().account());
  }

  /**
   * Signs out the session of the cookie, and with it every other session of its access key issued until now;
   * does nothing for a cookie that is not a valid session.
   */
  public void signOut(String cookieValue) {
    session(cookieValue).ifPresent(session -> revokedThrough.merge(
        session.credential().accessKeyId(), Math.max(clock.millis(), session.issuedMillis()), Math::max));
  }

  /** A valid session: the key it belongs to and when it was issued. */
  private record Session(Credential credential, long issuedMillis) {}

  private Optional<Session> session(String cookieValue) {
    if (cookieValue == null) {
      return Optional.empty();
    }
    String[] parts = cookieValue.split("\\.", -1);
    if (parts.length != 3) {
      return Optional.empty();
    }
    long issued;
    try {
      issued = Long.parseLong(parts[1]);
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
    long now = clock.millis();
    if (now - issued >= LIFETIME.toMillis() || issued <= revokedThrough.getOrDefault(parts[0], Long.MIN_VALUE)) {
      return Optional.empty();
    }
    return credentials
        .find(parts[0])
        .filter(c -> c.sessionToken() == null)
        .filter(c -> MessageDigest.isEqual(bytes(mac(c, issued)), bytes(parts[2])))
        .map(c -> new Session(c, issued));
  }

  private static String mac(Credential credential, long issuedMillis) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(bytes(credential.secretAccessKey()), "HmacSHA256"));
      // "-2": the cookie of the first version carried an expiry in seconds instead; its MACs must not verify here.
      byte[] tag = mac.doFinal(
          bytes("stepwise-dashboard-session-2\n" + credential.accessKeyId() + "\n" + issuedMillis));
      return BASE64.encodeToString(tag);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is missing from this JDK", e);
    }
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
