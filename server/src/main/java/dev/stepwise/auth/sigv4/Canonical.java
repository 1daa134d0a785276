package dev.stepwise.auth.sigv4;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Task 1 of SigV4, "create a canonical request", one function per part, as the AWS SDKs do it for services other
 * than S3 (https://docs.aws.amazon.com/IAM/latest/UserGuide/create-signed-request.html).
 */
public final class Canonical {
  private static final char[] HEX = "0123456789ABCDEF".toCharArray();

  private Canonical() {}

  /**
   * The canonical URI of the path as received (still percent-encoded): dot segments removed and repeated slashes
   * collapsed (non-S3 services normalise), then every segment URI-encoded once more. Clients encode the path once
   * on the wire and once more to sign it ("double encoding"), so encoding what arrived gives what they signed.
   */
  public static String uri(String rawPath) {
    if (rawPath == null || rawPath.isEmpty()) {
      return "/";
    }
    Deque<String> segments = new ArrayDeque<>();
    for (String segment : rawPath.split("/", -1)) {
      switch (segment) {
        case "", "." -> { }
        case ".." -> segments.pollLast();
        default -> segments.addLast(segment);
      }
    }
    boolean trailingSlash = rawPath.endsWith("/") || rawPath.endsWith("/.") || rawPath.endsWith("/..");
    StringBuilder uri = new StringBuilder();
    for (String segment : segments) {
      uri.append('/').append(encode(segment));
    }
    if (uri.isEmpty() || trailingSlash) {
      uri.append('/');
    }
    return uri.toString();
  }

  /**
   * The canonical query string: each name and value percent-decoded as received, RFC 3986-encoded, sorted by name
   * then value, joined with {@code &}. {@code excluded} names a parameter to leave out (the presigned signature).
   */
  public static String query(String rawQuery, String excluded) {
    if (rawQuery == null || rawQuery.isEmpty()) {
      return "";
    }
    List<String[]> pairs = new ArrayList<>();
    for (String part : rawQuery.split("&")) {
      if (part.isEmpty()) {
        continue;
      }
      int eq = part.indexOf('=');
      String name = decode(eq < 0 ? part : part.substring(0, eq));
      if (name.equals(excluded)) {
        continue;
      }
      String value = eq < 0 ? "" : decode(part.substring(eq + 1));
      pairs.add(new String[] {encode(name), encode(value)});
    }
    pairs.sort((a, b) -> a[0].equals(b[0]) ? a[1].compareTo(b[1]) : a[0].compareTo(b[0]));
    StringBuilder query = new StringBuilder();
    for (String[] pair : pairs) {
      if (!query.isEmpty()) {
        query.append('&');
      }
      query.append(pair[0]).append('=').append(pair[1]);
    }
    return query.toString();
  }

  /**
   * The canonical headers block for the signed header names: {@code name:value\n} per header in the order of
   * {@code signedHeaders} (already sorted), values trimmed with inner runs of spaces collapsed, repeated headers
   * joined with commas in the order received.
   *
   * @param headers values by lower-case name
   * @throws IllegalArgumentException naming a signed header the request does not carry
   */
  public static String headers(Map<String, List<String>> headers, List<String> signedHeaders) {
    StringBuilder block = new StringBuilder();
    for (String name : signedHeaders) {
      List<String> values = headers.get(name);
      if (values == null) {
        throw new IllegalArgumentException(name);
      }
      block.append(name).append(':');
      for (int i = 0; i < values.size(); i++) {
        if (i > 0) {
          block.append(',');
        }
        block.append(collapseSpaces(values.get(i)));
      }
      block.append('\n');
    }
    return block.toString();
  }

  /** The whole canonical request: method, URI, query, headers, signed header names and payload hash. */
  public static String request(
      String method, String uri, String query, String headersBlock, List<String> signedHeaders, String payloadHash) {
    return method + '\n' + uri + '\n' + query + '\n' + headersBlock + '\n' + String.join(";", signedHeaders) + '\n'
        + payloadHash;
  }

  /** Sorted, for requests whose signed header names come from their headers (tests, presigning). */
  public static List<String> sortedNames(Map<String, List<String>> headers) {
    return List.copyOf(new TreeMap<>(headers).keySet());
  }

  static String collapseSpaces(String value) {
    String stripped = value.strip();
    if (!WHITESPACE_RUN.matcher(stripped).find()) {
      return stripped; // the usual header value: nothing to collapse, nothing to copy
    }
    return WHITESPACE_RUN.matcher(stripped).replaceAll(" ");
  }

  /** Runs of whitespace other than a lone space (which stays as it is). */
  private static final Pattern WHITESPACE_RUN = Pattern.compile("\\s{2,}|[\\s&&[^ ]]");

  /** RFC 3986 percent-encoding of everything but the unreserved characters {@code A-Z a-z 0-9 - _ . ~}. */
  static String encode(String value) {
    StringBuilder out = new StringBuilder(value.length());
    for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
      char c = (char) (b & 0xFF);
      if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
          || c == '-' || c == '_' || c == '.' || c == '~') {
        out.append(c);
      } else {
        out.append('%').append(HEX[(b >> 4) & 0xF]).append(HEX[b & 0xF]);
      }
    }
    return out.toString();
  }

  /** Percent-decoding that leaves a malformed escape as it is (the signature will then simply not match). */
  static String decode(String value) {
    if (value.indexOf('%') < 0) {
      return value;
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(value.length());
    byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
    for (int i = 0; i < bytes.length; i++) {
      if (bytes[i] == '%' && i + 2 < bytes.length && hex(bytes[i + 1]) >= 0 && hex(bytes[i + 2]) >= 0) {
        out.write(hex(bytes[i + 1]) * 16 + hex(bytes[i + 2]));
        i += 2;
      } else {
        out.write(bytes[i]);
      }
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  private static int hex(byte b) {
    return Character.digit((char) b, 16);
  }
}
