package dev.stepwise.http;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.Collection;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A key store made of a PEM certificate chain and a PEM private key (PKCS#8, "BEGIN PRIVATE KEY", RSA or EC), as
 * certbot, cert-manager and openssl write them. Problems are reported as IllegalArgumentException naming the file.
 */
final class PemKeyStore {
  static final char[] PASSWORD = new char[0];
  private static final String BEGIN_CERTIFICATE = "-----BEGIN CERTIFICATE-----";
  /** Ends every PEM private key's label: PKCS#8, encrypted PKCS#8, and the traditional RSA and EC ones. */
  private static final String PRIVATE_KEY = "PRIVATE KEY-----";
  private static final Pattern PKCS8 =
      Pattern.compile("-----BEGIN PRIVATE KEY-----([A-Za-z0-9+/=\\s]+)-----END PRIVATE KEY-----");

  private PemKeyStore() {}

  static KeyStore load(Path certificateFile, Path keyFile) {
    try {
      byte[] certificates = Files.readAllBytes(certificateFile);
      refuseSwapped(certificateFile, keyFile, new String(certificates, StandardCharsets.US_ASCII));
      Collection<? extends Certificate> chain = CertificateFactory.getInstance("X.509")
          .generateCertificates(new ByteArrayInputStream(certificates));
      if (chain.isEmpty()) {
        throw new IllegalArgumentException("setting tls-cert=" + certificateFile + " is invalid: no certificate in it");
      }
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      store.setKeyEntry("stepwise", privateKey(keyFile), PASSWORD, chain.toArray(Certificate[]::new));
      return store;
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read the TLS certificate or key: " + e.getMessage(), e);
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException(
          "setting tls-cert=" + certificateFile + " is invalid: " + e.getMessage(), e);
    }
  }

  /** The parsers' own messages for a key given as the certificate ("signed fields invalid") say nothing useful. */
  private static void refuseSwapped(Path certificateFile, Path keyFile, String certificates) throws IOException {
    String key = Files.readString(keyFile, StandardCharsets.US_ASCII);
    boolean certificateIsKey = !certificates.contains(BEGIN_CERTIFICATE) && certificates.contains(PRIVATE_KEY);
    boolean keyIsCertificate = key.contains(BEGIN_CERTIFICATE) && !key.contains(PRIVATE_KEY);
    if (certificateIsKey || keyIsCertificate) {
      throw new IllegalArgumentException(certificateIsKey
          ? "setting tls-cert=" + certificateFile + " is invalid: it holds a private key, not a certificate"
              + (keyIsCertificate ? ", and tls-key=" + keyFile + " holds a certificate" : "")
              + ": are tls-cert and tls-key swapped?"
          : "setting tls-key=" + keyFile + " is invalid: it holds a certificate, not a private key:"
              + " are tls-cert and tls-key swapped?");
    }
  }

  private static PrivateKey privateKey(Path keyFile) throws IOException {
    Matcher pem = PKCS8.matcher(Files.readString(keyFile, StandardCharsets.US_ASCII));
    if (!pem.find()) {
      throw new IllegalArgumentException("setting tls-key=" + keyFile + " is invalid: expected a PKCS#8 key"
          + " (-----BEGIN PRIVATE KEY-----); convert one with: openssl pkcs8 -topk8 -nocrypt -in KEY -out KEY.pk8");
    }
    PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(Base64.getMimeDecoder().decode(pem.group(1)));
    for (String algorithm : new String[] {"RSA", "EC", "Ed25519"}) {
      try {
        return KeyFactory.getInstance(algorithm).generatePrivate(spec);
      } catch (GeneralSecurityException notThisOne) {
        // try the next algorithm
      }
    }
    throw new IllegalArgumentException("setting tls-key=" + keyFile + " is invalid: not an RSA, EC or Ed25519 key");
  }
}
