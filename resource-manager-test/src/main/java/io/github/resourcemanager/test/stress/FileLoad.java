package io.github.resourcemanager.test.stress;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** Temporary files held open, in a directory of their own that is deleted with them. */
final class FileLoad {
  private final List<FileChannel> open = new ArrayList<>();
  private final List<Path> files = new ArrayList<>();
  private @Nullable Path directory;

  /** Makes the directory and opens {@code count} files in it; on failure, the caller releases what was opened. */
  synchronized void acquire(Path parent, int count, StressConfig.FileOpener opener) throws IOException {
    Path made = Files.createTempDirectory(parent, "resource-manager-stress-");
    directory = made;
    for (int i = 0; i < count; i++) {
      Path file = made.resolve("stress-" + i + ".tmp");
      files.add(file);
      open.add(opener.open(file));
    }
  }

  synchronized int openCount() {
    return open.size();
  }

  /** The directory the files are in, or null before {@link #acquire}. */
  synchronized @Nullable Path directory() {
    return directory;
  }

  /** Closes and deletes every file and the directory; returns the first failure (others suppressed), or null. */
  synchronized @Nullable IOException release() {
    IOException failure = null;
    for (FileChannel channel : open) {
      try {
        channel.close();
      } catch (IOException e) {
        failure = add(failure, e);
      }
    }
    open.clear();
    for (Path file : files) {
      try {
        Files.deleteIfExists(file);
      } catch (IOException e) {
        failure = add(failure, e);
      }
    }
    files.clear();
    if (directory != null) {
      try {
        Files.deleteIfExists(directory);
      } catch (IOException e) {
        failure = add(failure, e);
      }
    }
    return failure;
  }

  private static IOException add(@Nullable IOException first, IOException next) {
    if (first == null) {
      return next;
    }
    first.addSuppressed(next);
    return first;
  }
}
