package dev.stepwise.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.stepwise.api.ApiException;
import dev.stepwise.api.ErrorCode;
import dev.stepwise.auth.AuthorizationHeader;
import dev.stepwise.protocol.MetricsCodec;
import dev.stepwise.protocol.OperationCodec;
import dev.stepwise.protocol.experiments.ExperimentsCodec;
import java.nio.charset.StandardCharsets;
import java.util.Set;

/**
 * Coverage-guided fuzzing (Jazzer) of what parses untrusted bytes: the JSON decoding and validation of the metrics
 * operations and of the control plane's (against the model), and the SigV4 Authorization header parser. Whatever the input, each either succeeds or refuses it
 * with the AWS error a client can parse; any other exception is a finding.
 *
 * <p>In a normal test run these replay the saved inputs under {@code src/test/resources/dev/stepwise/fuzz/
 * ParsersFuzzTestInputs}; {@code JAZZER_FUZZ=1} fuzzes (see README, "Fuzzing").
 */
class ParsersFuzzTest {
  private static final MetricsCodec CODEC = new MetricsCodec();
  private static final ExperimentsCodec EXPERIMENTS = new ExperimentsCodec();
  private static final OperationCodec.Decoder<?> SEARCH = EXPERIMENTS.search().decoder();
  private static final OperationCodec.Decoder<?> CREATE_TRIAL_COMPONENT = EXPERIMENTS.createTrialComponent().decoder();
  private static final Set<ErrorCode> JSON_ERRORS = Set.of(ErrorCode.SerializationException, ErrorCode.ValidationException);

  @FuzzTest(maxDuration = "30s")
  void putBody(byte[] body) {
    try {
      CODEC.decodePut(body);
    } catch (ApiException e) {
      require(JSON_ERRORS.contains(e.code()), e);
    }
  }

  @FuzzTest(maxDuration = "30s")
  void getBody(byte[] body) {
    try {
      CODEC.decodeGet(body);
    } catch (ApiException e) {
      require(JSON_ERRORS.contains(e.code()), e);
    }
  }

  /** The control plane's reading against the model, through its deepest shape (nested search expressions). */
  @FuzzTest(maxDuration = "30s")
  void searchBody(byte[] body) {
    try {
      SEARCH.decode(body);
    } catch (ApiException e) {
      require(JSON_ERRORS.contains(e.code()), e);
    }
  }

  /** ... and through its maps of structures (parameters, artifacts). */
  @FuzzTest(maxDuration = "30s")
  void trialComponentBody(byte[] body) {
    try {
      CREATE_TRIAL_COMPONENT.decode(body);
    } catch (ApiException e) {
      require(JSON_ERRORS.contains(e.code()), e);
    }
  }

  @FuzzTest(maxDuration = "30s")
  void authorizationHeader(byte[] bytes) {
    String value = new String(bytes, StandardCharsets.UTF_8);
    try {
      AuthorizationHeader.parse(value);
    } catch (ApiException e) {
      require(e.code() == ErrorCode.IncompleteSignatureException || e.code() == ErrorCode.InvalidSignatureException
          || e.code() == ErrorCode.MissingAuthenticationTokenException, e);
    }
  }

  private static void require(boolean expected, ApiException e) {
    if (!expected) {
      throw new AssertionError("unexpected error code " + e.code() + ": " + e.getMessage(), e);
    }
  }
}
