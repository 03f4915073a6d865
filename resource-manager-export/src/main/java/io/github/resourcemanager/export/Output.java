package io.github.resourcemanager.export;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Objects;

/** Opens table writers after checking for Jackson, and writes files by atomic replacement. */
final class Output {
  private Output() {}

  /** Writes into an open writer; returns a result, may throw {@link IOException}. */
  @FunctionalInterface
  interface Body<T> {
    T write(Writer out) throws IOException;
  }

  /**
   * A table writer for {@code format} on {@code out}.
   *
   * @param what what is being written, for the message if Jackson is missing, e.g. "exporting history"
   * @throws IllegalStateException naming the missing artifact if the format's Jackson module is not present
   */
  static TableWriter table(ExportFormat format, Writer out, String what) throws IOException {
    Objects.requireNonNull(format, "format");
    Objects.requireNonNull(out, "out");
    // The check comes first: the writer classes link against Jackson, so they are only touched when it is present.
    return switch (format) {
      case JSON -> {
        Jackson.requireJson(what);
        yield new JsonTableWriter(out);
      }
      case CSV -> {
        Jackson.requireCsv(what);
        yield new CsvTableWriter(out);
      }
    };
  }

  /**
   * Writes {@code tree} (text, numbers, booleans, null, instants, durations, lists and maps of those) as one
   * JSON document to {@code out}, flushed and left open.
   *
   * @throws IllegalStateException naming the missing artifact if Jackson is not present
   */
  static void json(Object tree, Writer out, String what) throws IOException {
    Objects.requireNonNull(out, "out");
    Jackson.requireJson(what);
    JsonValues.document(out, tree);
  }

  /**
   * Writes {@code file} (UTF-8) through {@code body}: into a temporary file next to it, then moved over it, so
   * an existing file is either fully replaced or left as it was, never half-written.
   */
  static <T> T toFile(Path file, Body<T> body) throws IOException {
    Objects.requireNonNull(file, "file");
    Path target = file.toAbsolutePath();
    Path dir = target.getParent();
    if (dir == null || !Files.isDirectory(dir)) {
      throw new NoSuchFileException(String.valueOf(dir), null, "the directory to write " + target.getFileName()
          + " in does not exist");
    }
    Path temp = Files.createTempFile(dir, "." + target.getFileName() + ".", ".tmp");
    boolean moved = false;
    try {
      T result;
      try (Writer out = Files.newBufferedWriter(temp, StandardCharsets.UTF_8)) {
        result = body.write(out);
      }
      try {
        Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
      }
      moved = true;
      return result;
    } finally {
      if (!moved) {
        Files.deleteIfExists(temp);
      }
    }
  }
}
