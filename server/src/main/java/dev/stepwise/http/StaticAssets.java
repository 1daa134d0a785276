package dev.stepwise.http;

import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The dashboard's files, served from the jar: the page's own ({@code /ui/} on the class path) and uPlot's, from
 * its webjar. Only plain file names of known types are served, so no path can climb out of the folders.
 */
final class StaticAssets {
  private static final Pattern FILE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,100}");
  private static final Map<String, String> TYPES =
      Map.of(
          "html", "text/html; charset=utf-8",
          "js", "text/javascript; charset=utf-8",
          "css", "text/css; charset=utf-8",
          "png", "image/png",
          "svg", "image/svg+xml",
          "ico", "image/x-icon");

  /** Content-Security-Policy of the pages: nothing but this server; uPlot sets inline styles on its elements. */
  static final String CSP =
      "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; object-src 'none';"
          + " frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

  private final String uplotFolder = "/META-INF/resources/webjars/uplot/" + webjarVersion("uplot") + "/dist/";
  private final Map<String, byte[]> cache = new ConcurrentHashMap<>();

  void page(Context ctx) {
    String file = ctx.pathParamMap().getOrDefault("file", "index.html");
    serve(ctx, "/ui/", file);
  }

  void uplot(Context ctx) {
    serve(ctx, uplotFolder, ctx.pathParam("file"));
  }

  private void serve(Context ctx, String folder, String file) {
    String type = type(file);
    byte[] content = content(folder, file);
    if (content == null) {
      ctx.status(404).contentType("text/plain; charset=utf-8").result("Not found\n");
      return;
    }
    ctx.header("Content-Security-Policy", CSP);
    ctx.header("X-Content-Type-Options", "nosniff");
    ctx.header("Referrer-Policy", "no-referrer");
    ctx.header("Cache-Control", "no-cache");
    ctx.contentType(type).result(content);
  }

  private static String type(String file) {
    int dot = file.lastIndexOf('.');
    return dot < 0 ? null : TYPES.get(file.substring(dot + 1));
  }

  /**
   * The file's bytes; null when it may not be served or does not exist. Only files that exist are cached: their
   * number is fixed by the jar, whereas anyone who can reach the port can ask for any number of other names.
   */
  byte[] content(String folder, String file) {
    if (type(file) == null || !FILE_NAME.matcher(file).matches() || file.contains("..")) {
      return null;
    }
    byte[] cached = cache.get(folder + file);
    if (cached != null) {
      return cached;
    }
    byte[] loaded = load(folder + file);
    if (loaded != null) {
      cache.putIfAbsent(folder + file, loaded);
    }
    return loaded;
  }

  /** How many files the cache holds. */
  int cachedFiles() {
    return cache.size();
  }

  /** The resource's bytes, or null when it does not exist. */
  private static byte[] load(String resource) {
    try (InputStream in = StaticAssets.class.getResourceAsStream(resource)) {
      return in == null ? null : in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String webjarVersion(String artifact) {
    String properties = "/META-INF/maven/org.webjars.npm/" + artifact + "/pom.properties";
    try (InputStream in = StaticAssets.class.getResourceAsStream(properties)) {
      if (in == null) {
        throw new IllegalStateException(properties + " is missing: the " + artifact + " webjar is not on the class path");
      }
      Properties p = new Properties();
      p.load(in);
      return p.getProperty("version");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
