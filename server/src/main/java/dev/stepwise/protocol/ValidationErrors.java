package dev.stepwise.protocol;

import dev.stepwise.api.ApiException;
import dev.stepwise.api.ErrorCode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Collects the envelope's constraint violations and reports them all at once, in the words of AWS's validator:
 * {@code 1 validation error detected: Value 'x' at 'path' failed to satisfy constraint: Member must ...} and
 * {@code N validation errors detected: ...; ...}.
 */
public final class ValidationErrors {
  private static final int MAX_ECHOED_CHARS = 200;
  private final List<String> errors = new ArrayList<>();

  public void requireString(String value, String path, int min, int max, Pattern pattern) {
    if (value == null) {
      notNull(path);
      return;
    }
    int length = value.codePointCount(0, value.length());
    if (length < min) {
      add(value, path, "Member must have length greater than or equal to " + min);
    }
    if (length > max) {
      add(value, path, "Member must have length less than or equal to " + max);
    }
    if (pattern != null && !pattern.matcher(value).matches()) {
      add(value, path, "Member must satisfy regular expression pattern: " + pattern.pattern());
    }
  }

  public void requireList(List<?> value, String path, int min, int max) {
    if (value == null) {
      notNull(path);
      return;
    }
    String shown = value.isEmpty() ? "[]" : "[" + value.size() + " items]";
    if (value.size() < min) {
      addRendered("'" + shown + "'", path, "Member must have length greater than or equal to " + min);
    }
    if (value.size() > max) {
      addRendered("'" + shown + "'", path, "Member must have length less than or equal to " + max);
    }
  }

  public <E extends Enum<E>> E requireEnum(String value, String path, Class<E> type) {
    if (value == null) {
      notNull(path);
      return null;
    }
    for (E constant : type.getEnumConstants()) {
      if (constant.name().equals(value)) {
        return constant;
      }
    }
    add(value, path, "Member must satisfy enum value set: " + Arrays.toString(type.getEnumConstants()));
    return null;
  }

  public void notNull(String path) {
    addRendered("null", path, "Member must not be null");
  }

  public void add(String value, String path, String constraint) {
    addRendered("'" + echo(value) + "'", path, constraint);
  }

  /** A violation whose value is shown as given (e.g. {@code '[3 items]'}, {@code null}). */
  public void addRendered(String renderedValue, String path, String constraint) {
    errors.add("Value " + renderedValue + " at '" + path + "' failed to satisfy constraint: " + constraint);
  }

  public boolean isEmpty() {
    return errors.isEmpty();
  }

  /** Throws the {@code ValidationException} when anything was collected. */
  public void throwIfAny() {
    if (errors.isEmpty()) {
      return;
    }
    String head =
        errors.size() == 1 ? "1 validation error detected: " : errors.size() + " validation errors detected: ";
    throw new ApiException(ErrorCode.ValidationException, head + String.join("; ", errors));
  }

  /** Values are echoed as AWS does, but cut short and without control characters. */
  public static String echo(String value) {
    String cut = value.length() > MAX_ECHOED_CHARS ? value.substring(0, MAX_ECHOED_CHARS) + "..." : value;
    return cut.replaceAll("\\p{Cntrl}", "?");
  }
}
