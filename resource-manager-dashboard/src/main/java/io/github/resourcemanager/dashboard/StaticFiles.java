package io.github.resourcemanager.dashboard;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The page and its static files, read once from the class path when the dashboard starts. Only the files listed
 * here are served, by exact name, so no request path can reach anything else.
 */
final class StaticFiles {

  static final String TOKEN_PLACEHOLDER = "@TOKEN@";
  private static final String BASE = "/io/github/resourcemanager/dashboard/";

  /** A file and its content type. A holder of bytes to send, never compared. */
  static final class File {
    private final String contentType;
    private final byte[] content;

    File(String contentType, byte[] content) {
      this.contentType = contentType;
      this.content = content;
    }

    String contentType() {
      return contentType;
    }

    byte[] content() {
      return content;
    }
  }

  private static final Map<String, String> TYPES = Map.of(
      "dashboard.js", "text/javascript; charset=utf-8",
      "dashboard.css", "text/css; charset=utf-8",
      "uPlot.iife.min.js", "text/javascript; charset=utf-8",
      "uPlot.min.css", "text/css; charset=utf-8",
      "uPlot.LICENSE", "text/plain; charset=utf-8",
      "favicon.svg", "image/svg+xml");

  private final Map<String, File> files = new LinkedHashMap<>();
  private final byte[] page;

  /** Reads the files and writes {@code token} into the page. */
  StaticFiles(String token) {
    for (Map.Entry<String, String> e : TYPES.entrySet()) {
      files.put(e.getKey(), new File(e.getValue(), read("static/" + e.getKey())));
    }
    String template = new String(read("index.html"), StandardCharsets.UTF_8);
    if (!template.contains(TOKEN_PLACEHOLDER)) {
      throw new IllegalStateException("the dashboard page has no " + TOKEN_PLACEHOLDER + " placeholder; the jar is damaged");
    }
    this.page = template.replace(TOKEN_PLACEHOLDER, token).getBytes(StandardCharsets.UTF_8);
  }

  /** The page, with this dashboard's token in it. */
  byte[] page() {
    return page;
  }

  /** The static file with this exact name, if it is one of the served files. */
  Optional<File> file(String name) {
    return Optional.ofNullable(files.get(name));
  }

  private static byte[] read(String name) {
    try (InputStream in = StaticFiles.class.getResourceAsStream(BASE + name)) {
      if (in == null) {
        throw new IllegalStateException("dashboard resource " + BASE + name + " is missing from the class path");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException("reading dashboard resource " + BASE + name + " failed", e);
    }
  }
}
