package dev.stepwise.model.experiments;

import dev.stepwise.api.Principal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The ARNs of the control plane's entities, {@code arn:<partition>:sagemaker:<region>:<account>:<type>/<key>}, as
 * SageMaker writes them: names in lower case.
 *
 * @see <a href="https://docs.aws.amazon.com/IAM/latest/UserGuide/reference-arns.html">ARN format</a>
 */
public final class Arns {
  private Arns() {}

  /** The AWS partition a region belongs to. */
  public static String partition(String region) {
    if (region.startsWith("cn-")) {
      return "aws-cn";
    }
    if (region.startsWith("us-gov-")) {
      return "aws-us-gov";
    }
    if (region.startsWith("us-isob-")) {
      return "aws-iso-b";
    }
    if (region.startsWith("us-iso-")) {
      return "aws-iso";
    }
    return "aws";
  }

  public static String of(Principal caller, EntityKind kind, String key) {
    return "arn:" + partition(caller.region()) + ":sagemaker:" + caller.region() + ":" + caller.account() + ":"
        + kind.arnType() + "/" + key;
  }

  public static String of(Principal caller, Entity entity) {
    return of(caller, entity.kind(), entity.key());
  }

  /**
   * An artifact's id: SageMaker identifies an artifact by its source URI, so the same URI always gives the same id
   * (32 hexadecimal digits, as SageMaker's own artifact ids).
   */
  public static String artifactId(String sourceUri) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(sourceUri.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }
}
