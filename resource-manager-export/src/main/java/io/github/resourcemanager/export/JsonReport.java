package io.github.resourcemanager.export;

import java.io.IOException;
import java.io.Writer;
import java.nio.file.Path;

/**
 * A report that can be written as JSON: peaks, bottlenecks, efficiency, autotune suggestions. Writing needs
 * jackson-databind on the class path; without it the methods throw {@link IllegalStateException} naming it.
 */
public interface JsonReport {

  /**
   * Writes this report as JSON to {@code out}, flushed and left open.
   *
   * @throws IllegalStateException if jackson-core (from {@code jackson-databind}) is not on the class path
   */
  void writeJson(Writer out) throws IOException;

  /** Writes this report as JSON to {@code file}, replacing it whole; see {@link #writeJson(Writer)}. */
  default void writeJson(Path file) throws IOException {
    Output.toFile(file, out -> {
      writeJson(out);
      return Boolean.TRUE;
    });
  }
}
