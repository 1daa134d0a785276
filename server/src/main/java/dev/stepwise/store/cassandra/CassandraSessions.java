package dev.stepwise.store.cassandra;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.CqlSessionBuilder;
import com.datastax.oss.driver.api.core.config.DefaultDriverOption;
import com.datastax.oss.driver.api.core.config.DriverConfigLoader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/** Opens the driver's session from the settings: contact points, datacenter, credentials, TLS, timeouts. */
final class CassandraSessions {
  private CassandraSessions() {}

  static CqlSession open(CassandraSettings settings) {
    DriverConfigLoader config = DriverConfigLoader.programmaticBuilder()
        .withDuration(DefaultDriverOption.REQUEST_TIMEOUT, Duration.ofSeconds(10))
        .withString(DefaultDriverOption.REQUEST_CONSISTENCY, settings.consistency().name())
        // Schema changes (CREATE TABLE) wait for all nodes to agree: the driver's 2 s default is too short.
        .withDuration(DefaultDriverOption.METADATA_SCHEMA_REQUEST_TIMEOUT, CassandraSchema.SCHEMA_TIMEOUT)
        .withDuration(DefaultDriverOption.CONTROL_CONNECTION_AGREEMENT_TIMEOUT, CassandraSchema.SCHEMA_TIMEOUT)
        .withDuration(DefaultDriverOption.CONNECTION_INIT_QUERY_TIMEOUT, Duration.ofSeconds(10))
        // Closing waits for nothing more: every request of the store has completed by then.
        .withInt(DefaultDriverOption.NETTY_IO_SHUTDOWN_QUIET_PERIOD, 0)
        .withInt(DefaultDriverOption.NETTY_ADMIN_SHUTDOWN_QUIET_PERIOD, 0)
        .build();
    CqlSessionBuilder builder = CqlSession.builder()
        .withConfigLoader(config)
        .addContactPoints(settings.contactPoints())
        .withLocalDatacenter(settings.localDatacenter());
    if (settings.username() != null) {
      builder.withAuthCredentials(settings.username(), settings.password());
    }
    if (settings.trustStore() != null) {
      builder.withSslContext(sslContext(settings));
    }
    return builder.build();
  }

  /** Trusts the certificates of a PEM file (the authority that signs the nodes' certificates). */
  private static SSLContext sslContext(CassandraSettings settings) {
    try (InputStream in = Files.newInputStream(settings.trustStore())) {
      KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
      trusted.load(null, null);
      int i = 0;
      for (Certificate certificate : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
        trusted.setCertificateEntry("ca-" + i++, certificate);
      }
      TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      trust.init(trusted);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, trust.getTrustManagers(), null);
      return context;
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalStateException("cassandra trust store " + settings.trustStore() + " is not a PEM file of"
          + " certificates: " + e.getMessage(), e);
    }
  }
}
