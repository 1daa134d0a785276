package dev.stepwise.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Replaces one generated section of a Markdown file, between {@code <!-- name:start -->} and {@code <!-- name:end -->},
 * so that each benchmark keeps its own part of {@code docs/benchmarks.md} up to date. A file or section that does
 * not exist yet is created at the end.
 */
public final class MarkdownSection {
  public static void write(Path file, String name, String content) throws IOException {
    String start = "<!-- " + name + ":start -->";
    String end = "<!-- " + name + ":end -->";
    String section = start + "\n" + content.strip() + "\n" + end;
    String text = Files.exists(file) ? Files.readString(file) : "";
    int from = text.indexOf(start);
    int to = text.indexOf(end);
    String updated;
    if (from >= 0 && to > from) {
      updated = text.substring(0, from) + section + text.substring(to + end.length());
    } else {
      updated = (text.isBlank() ? "" : text.stripTrailing() + "\n\n") + section + "\n";
    }
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    Files.writeString(file, updated);
  }

  private MarkdownSection() {}
}
