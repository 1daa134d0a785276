package dev.stepwise.observe;

import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import java.util.List;
import org.slf4j.event.KeyValuePair;

/**
 * Logback's JSON encoder, with each key-value pair of the event (SLF4J's {@code addKeyValue}) as a top-level field
 * of the object, numbers as JSON numbers: a log collector indexes {@code status} or {@code ms} without parsing the
 * message. (Logback's own {@code kvpList} would give a list of one-field objects, every value a string.)
 */
final class FieldsJsonEncoder extends JsonEncoder {
  @Override
  protected void appendCustomFields(StringBuilder sb, ILoggingEvent event) {
    List<KeyValuePair> pairs = event.getKeyValuePairs();
    if (pairs == null) {
      return;
    }
    for (KeyValuePair pair : pairs) {
      sb.append(',');
      appendString(sb, pair.key);
      sb.append(':');
      if (pair.value instanceof Number || pair.value instanceof Boolean) {
        sb.append(pair.value);
      } else if (pair.value == null) {
        sb.append("null");
      } else {
        appendString(sb, pair.value.toString());
      }
    }
  }

  /** A JSON string (RFC 8259): quotes, backslashes and control characters escaped. */
  static void appendString(StringBuilder sb, String value) {
    sb.append('"');
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        default -> {
          if (c < 0x20) {
            sb.append(String.format("\\u%04x", (int) c));
          } else {
            sb.append(c);
          }
        }
      }
    }
    sb.append('"');
  }
}
