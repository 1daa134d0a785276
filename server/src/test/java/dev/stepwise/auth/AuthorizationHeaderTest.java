package dev.stepwise.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.stepwise.api.ApiException;
import dev.stepwise.api.ErrorCode;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AuthorizationHeaderTest {
  static final String SIG = "bd9d0ac11a362d335511d826fdc316f23eaa2c234fefe7ee195d25e2a3a60cbb";

  @Test
  @DisplayName("parses the Java SDK's header as captured on the wire")
  void javaSdkHeader() {
    AuthorizationHeader h =
        AuthorizationHeader.parse(
            "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20261122/us-east-1/sagemaker/aws4_request, "
                + "SignedHeaders=amz-sdk-invocation-id;amz-sdk-request;content-length;content-type;host;"
                + "x-amz-content-sha256;x-amz-date, Signature=" + SIG);

    assertThat(h.accessKeyId()).isEqualTo("AKIAIOSFODNN7EXAMPLE");
    assertThat(h.scopeDate()).isEqualTo("20261122");
    assertThat(h.region()).isEqualTo("us-east-1");
    assertThat(h.service()).isEqualTo("sagemaker");
    assertThat(h.signedHeaders()).startsWith("amz-sdk-invocation-id").endsWith("x-amz-date").hasSize(7);
    assertThat(h.signature()).isEqualTo(SIG);
    assertThat(h.scope()).isEqualTo("20261122/us-east-1/sagemaker/aws4_request");
  }

  @Test
  @DisplayName("accepts parameters without spaces after the commas")
  void compactHeader() {
    AuthorizationHeader h =
        AuthorizationHeader.parse(
            "AWS4-HMAC-SHA256 Credential=K/20261122/eu-west-1/sagemaker/aws4_request,SignedHeaders=host;x-amz-date,Signature=" + SIG);
    assertThat(h.region()).isEqualTo("eu-west-1");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "AWS4-HMAC-SHA1 Credential=K/20261122/us-east-1/sagemaker/aws4_request, SignedHeaders=host, Signature=" + SIG
            + "| Unsupported AWS 'algorithm'",
        "AWS4-HMAC-SHA256 SignedHeaders=host, Signature=" + SIG + "| requires 'Credential' parameter",
        "AWS4-HMAC-SHA256 Credential=K/20261122/us-east-1/sagemaker/aws4_request, Signature=" + SIG
            + "| requires 'SignedHeaders' parameter",
        "AWS4-HMAC-SHA256 Credential=K/20261122/us-east-1/sagemaker/aws4_request, SignedHeaders=host"
            + "| requires 'Signature' parameter",
        "AWS4-HMAC-SHA256 Credential=K/20261122/us-east-1/sagemaker, SignedHeaders=host, Signature=" + SIG
            + "| exactly 5 slash-delimited elements",
        "AWS4-HMAC-SHA256 Credential=K/2026-11-22/us-east-1/sagemaker/aws4_request, SignedHeaders=host, Signature="
            + SIG + "| valid date",
        "AWS4-HMAC-SHA256 Credential=K/20261122//sagemaker/aws4_request, SignedHeaders=host, Signature=" + SIG
            + "| valid region",
        "AWS4-HMAC-SHA256 Credential=K/20261122/us-east-1/s3/aws4_request, SignedHeaders=host, Signature=" + SIG
            + "| correct service: 'sagemaker'",
        "AWS4-HMAC-SHA256 Credential=K/20261122/us-east-1/sagemaker/aws5_request, SignedHeaders=host, Signature="
            + SIG + "| valid terminator",
        "AWS4-HMAC-SHA256 Credential=K/20261122/us-east-1/sagemaker/aws4_request, SignedHeaders=host, Signature=xyz"
            + "| 64 lower-case hexadecimal",
        "AWS4-HMAC-SHA256 Credential=K/20261122/us-east-1/sagemaker/aws4_request, SignedHeaders=host;;x, Signature="
            + SIG + "| SignedHeaders must be",
        "AWS4-HMAC-SHA256 Credential=K/20261122/us-east-1/sagemaker/aws4_request, Credential=K, SignedHeaders=host, "
            + "Signature=" + SIG + "| more than once",
        "AWS4-HMAC-SHA256 Credential| not of the form key=value",
      })
  void malformedHeadersAreIncompleteSignatures(String header, String expectedMessagePart) {
    ApiException e = catchThrowableOfType(ApiException.class, () -> AuthorizationHeader.parse(header));

    assertThat(e.code()).isEqualTo(ErrorCode.IncompleteSignatureException);
    assertThat(e.getMessage()).contains(expectedMessagePart.strip());
  }
}
