package io.github.resourcemanager.prometheus;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Finds Debian's {@code prometheus} and {@code promtool} (package {@code prometheus}) and runs promtool. Under
 * {@code CI=true} a missing binary fails the test; elsewhere it skips the test with a message saying how to install it.
 */
final class PrometheusBinaries {

  static final String INSTALL = "install Debian's prometheus package (sudo apt-get install prometheus), which provides "
      + "/usr/bin/prometheus and /usr/bin/promtool; CI installs it in .ci/run";

  private PrometheusBinaries() {}

  static Path promtool() {
    return find("promtool");
  }

  static Path prometheus() {
    return find("prometheus");
  }

  private static Path find(String name) {
    List<Path> candidates = new ArrayList<>();
    candidates.add(Path.of("/usr/bin", name));
    String path = System.getenv("PATH");
    if (path != null) {
      for (String dir : path.split(File.pathSeparator)) {
        if (!dir.isEmpty()) {
          candidates.add(Path.of(dir, name));
        }
      }
    }
    for (Path p : candidates) {
      if (Files.isExecutable(p)) {
        return p;
      }
    }
    String message = name + " is not installed: " + INSTALL;
    if ("true".equals(System.getenv("CI"))) {
      fail(message);
    }
    Assumptions.abort(message);
    throw new AssertionError("unreachable");
  }

  /** The result of a finished process: exit code and combined output. */
  record Run(int exitCode, String output) {}

  /** Runs {@code command} in {@code directory}, waiting at most {@code timeoutSeconds}; kills it if it takes longer. */
  static Run run(Path directory, long timeoutSeconds, String... command) throws IOException, InterruptedException {
    Path log = Files.createTempFile(directory, "run", ".log");
    Process process = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true)
        .redirectOutput(log.toFile()).start();
    try {
      if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
        fail(String.join(" ", command) + " did not finish within " + timeoutSeconds + " s");
      }
      return new Run(process.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
    } finally {
      if (process.isAlive()) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    }
  }
}
