package dev.stepwise.protocol;

import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.core.json.JsonReadFeature;
import tools.jackson.core.json.JsonWriteFeature;

/** The one JSON factory: thread-safe, built once. */
public final class Json {
  public static final JsonFactory FACTORY =
      JsonFactory.builder()
          // botocore 1.29 and AWS CLI 2.9 write NaN and Infinity as bare tokens.
          .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
          // A member given twice is ambiguous; reject it rather than pick one.
          .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          // Smithy's JSON protocols carry non-finite doubles as the strings "NaN", "Infinity", "-Infinity".
          .enable(JsonWriteFeature.WRITE_NAN_AS_STRINGS)
          .build();

  private Json() {}
}
