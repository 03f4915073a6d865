package io.github.resourcemanager.docker;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * The local dockerd, for tests that stop it in the middle of things and start it again: skipped (or failed under
 * {@code CI=true}) when there is none this process may control.
 */
final class LocalEngine {
  private static final Path PID_FILE = Path.of("/var/run/docker.pid");
  private static final Path START_SCRIPT = Path.of("src/test/engine/start-engine.sh");

  private LocalEngine() {}

  /** The local dockerd, which the test may stop and start; skips (or fails under CI) when there is none. */
  static ProcessHandle dockerd() throws IOException {
    boolean controllable = Files.isReadable(PID_FILE) && Files.isExecutable(START_SCRIPT)
        && DockerEngineExtension.testConfig().dockerHost().getScheme().equals("unix");
    Optional<ProcessHandle> handle = controllable
        ? ProcessHandle.of(Long.parseLong(Files.readString(PID_FILE).trim())) : Optional.empty();
    String problem = "this test stops and restarts a local dockerd (pid file " + PID_FILE + ", " + START_SCRIPT
        + "), and none is controllable here";
    if (handle.isEmpty() || !handle.get().isAlive()) {
      if ("true".equalsIgnoreCase(System.getenv("CI"))) {
        throw new IllegalStateException(problem + "; CI=true requires it");
      }
      Assumptions.abort(problem);
    }
    return handle.get();
  }

  /** Stops dockerd (SIGTERM: it stops its containers and exits) and waits until it has exited. */
  static void stop(ProcessHandle dockerd) {
    dockerd.destroy();
    try {
      dockerd.onExit().get(60, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("dockerd did not exit within 60 s", e);
    }
  }

  /** Starts dockerd again with the start script and waits until it answers. */
  static void start() throws IOException, InterruptedException {
    Process p = new ProcessBuilder("bash", START_SCRIPT.toString()).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IllegalStateException("could not start the Docker engine again with " + START_SCRIPT);
    }
  }
}
