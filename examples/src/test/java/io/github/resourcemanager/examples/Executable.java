package io.github.resourcemanager.examples;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The built tool, {@code target/dist/bin/resource-manager}, run in child processes as a user runs it: through
 * {@code sh}, with the tool's directory on the {@code PATH}, from a working directory of the test's choosing.
 */
final class Executable {
  /** The built distribution: {@code bin/resource-manager} and {@code lib/resource-manager.jar}. */
  static final Path DIST = Path.of(System.getProperty("rm.dist", "target/dist")).toAbsolutePath();
  static final Path LAUNCHER = DIST.resolve("bin/resource-manager");

  private Executable() {}

  /** A finished run: exit code, standard output, standard error. */
  record Result(int exit, String out, String err) {}

  /** A running child with its output collected as it comes. */
  static final class Running {
    final Process process;
    private final StringBuffer out = new StringBuffer();
    private final StringBuffer err = new StringBuffer();
    private final CompletableFuture<Void> readers;

    Running(Process process) {
      this.process = process;
      this.readers = CompletableFuture.allOf(CompletableFuture.runAsync(() -> copy(process.getInputStream(), out)),
          CompletableFuture.runAsync(() -> copy(process.getErrorStream(), err)));
    }

    String out() {
      return out.toString();
    }

    String err() {
      return err.toString();
    }

    Result await(long seconds) throws Exception {
      if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new AssertionError("still running after " + seconds + " s; output: " + out + "; errors: " + err);
      }
      readers.get(30, TimeUnit.SECONDS);
      return new Result(process.exitValue(), out.toString(), err.toString());
    }

    private static void copy(InputStream in, StringBuffer to) {
      byte[] buffer = new byte[8192];
      try (in) {
        int n;
        while ((n = in.read(buffer)) != -1) {
          to.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  /** Starts {@code sh -c command} in {@code dir}, standard error apart from standard output unless {@code merge}. */
  static Running start(Path dir, String command, boolean merge, Map<String, String> env) throws IOException {
    if (!Files.isExecutable(LAUNCHER)) {
      throw new AssertionError(LAUNCHER + " is missing: these tests run after package (mvn verify)");
    }
    ProcessBuilder pb = new ProcessBuilder(List.of("sh", "-c", command)).directory(dir.toFile())
        .redirectErrorStream(merge).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
    pb.environment().put("PATH", LAUNCHER.getParent() + ":" + System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
    pb.environment().remove("JAVA_OPTS");
    pb.environment().putAll(env);
    return new Running(pb.start());
  }

  static Result run(Path dir, String command) throws Exception {
    return start(dir, command, false, Map.of()).await(180);
  }

  /** {@code args} as one shell word each. */
  static String quote(List<String> args) {
    List<String> words = new ArrayList<>();
    for (String a : args) {
      words.add("'" + a.replace("'", "'\\''") + "'");
    }
    return String.join(" ", words);
  }
}
