package dev.stepwise.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.stepwise.api.ApiException;
import dev.stepwise.api.ErrorCode;
import dev.stepwise.api.Principal;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LocalModeAuthenticatorTest {
  final LocalModeAuthenticator authenticator = new LocalModeAuthenticator();

  static SignedRequest request(String accessKey, String amzDate) {
    Map<String, List<String>> headers = new HashMap<>();
    headers.put("x-amz-date", List.of(amzDate));
    headers.put(
        "authorization",
        List.of("AWS4-HMAC-SHA256 Credential=" + accessKey + "/20261122/eu-central-1/sagemaker/aws4_request, "
            + "SignedHeaders=host;x-amz-date, Signature=" + "a".repeat(64)));
    return new SignedRequest("PUT", "/BatchPutMetrics", null, headers, new byte[0]);
  }

  @Test
  void aTwelveDigitAccessKeyIsTheAccount() {
    assertThat(authenticator.authenticate(request("123456789012", "20261122T101010Z")))
        .isEqualTo(new Principal("123456789012", "eu-central-1"));
  }

  @Test
  void anyOtherAccessKeyIsTheDefaultAccount() {
    assertThat(authenticator.authenticate(request("AKIAIOSFODNN7EXAMPLE", "20261122T101010Z")).account())
        .isEqualTo("000000000000");
    assertThat(authenticator.authenticate(request("1234567890123", "20261122T101010Z")).account())
        .isEqualTo("000000000000");
  }

  @Test
  void noAuthorizationIsAMissingToken() {
    ApiException e =
        catchThrowableOfType(
            ApiException.class,
            () -> authenticator.authenticate(new SignedRequest("PUT", "/", null, Map.of(), new byte[0])));
    assertThat(e.code()).isEqualTo(ErrorCode.MissingAuthenticationTokenException);
    assertThat(e.getMessage()).isEqualTo("Request is missing Authentication Token");
  }

  @Test
  void theScopeDateMustMatchXAmzDate() {
    ApiException e =
        catchThrowableOfType(
            ApiException.class, () -> authenticator.authenticate(request("123456789012", "20261123T000001Z")));
    assertThat(e.code()).isEqualTo(ErrorCode.IncompleteSignatureException);
    assertThat(e.getMessage()).contains("'20261122' != '20261123'");
  }

  @Test
  void xAmzDateIsRequired() {
    Map<String, List<String>> headers = new HashMap<>(request("123456789012", "x").headers());
    headers.remove("x-amz-date");
    ApiException e =
        catchThrowableOfType(
            ApiException.class,
            () -> authenticator.authenticate(new SignedRequest("PUT", "/", null, headers, new byte[0])));
    assertThat(e.code()).isEqualTo(ErrorCode.IncompleteSignatureException);
    assertThat(e.getMessage()).contains("X-Amz-Date");
  }
}
