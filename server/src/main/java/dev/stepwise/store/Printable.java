package dev.stepwise.store;

/**
 * Text as it may go into a log line: metric names may hold control characters (the API's pattern refuses only line
 * terminators), which are shown escaped rather than written raw, so that a line stays one line a terminal shows as
 * it is.
 */
public final class Printable {
  private Printable() {}

  /** Control characters as {@code \t}, {@code \n}, {@code \r} or {@code \}{@code uXXXX}; everything else as it is. */
  public static String escape(String text) {
    if (text == null || text.chars().noneMatch(Printable::isControl)) {
      return text;
    }
    StringBuilder out = new StringBuilder(text.length() + 8);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '\t' -> out.append("\\t");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        default -> {
          if (isControl(c)) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.toString();
  }

  private static boolean isControl(int c) {
    return Character.isISOControl(c) || c == '\u2028' || c == '\u2029';
  }
}
