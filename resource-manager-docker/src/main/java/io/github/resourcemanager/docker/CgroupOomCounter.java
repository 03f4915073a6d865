package io.github.resourcemanager.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.model.Info;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.jspecify.annotations.Nullable;

/**
 * Reads a container's {@code oom_kill} counter from the engine host's cgroup file system, where this process can see
 * it: the engine runs on this machine (the default {@code unix://} socket) and {@code /sys/fs/cgroup} is the host's.
 *
 * <p>The file is {@code memory.oom_control} on cgroup v1 and {@code memory.events} on v2, in the container's cgroup:
 * with the {@code cgroupfs} driver {@code <parent>/<id>} (parent {@code docker} unless the container names its own),
 * with the {@code systemd} driver {@code <slice path>/docker-<id>.scope} (slice {@code system.slice} unless the
 * container names its own). Both the engine's driver and version come from its {@code info}; a container's parent
 * from its inspect. When the file is missing or unreadable the counter is unknown, and {@link OomAccounting} falls
 * back to counting rounds.
 */
final class CgroupOomCounter implements OomAccounting.KillCounter {
  private static final Logger log = LoggerFactory.getLogger(CgroupOomCounter.class);

  private final Path root;
  private final DockerClient client;
  private final Engine engine;
  private final Map<String, Path> files = new ConcurrentHashMap<>();
  private volatile @Nullable Layout layout;

  /** The engine's cgroup layout. */
  private record Layout(boolean v2, boolean systemd) {}

  CgroupOomCounter(Path root, DockerClient client, Engine engine) {
    this.root = root;
    this.client = client;
    this.engine = engine;
  }

  @Override
  public OptionalLong read(String containerId) {
    Path file = files.get(containerId);
    if (file == null) {
      file = locate(containerId).orElse(null);
      if (file == null) {
        return OptionalLong.empty();
      }
      files.put(containerId, file);
    }
    try {
      return parse(Files.readAllLines(file, StandardCharsets.US_ASCII));
    } catch (IOException | RuntimeException gone) {
      files.remove(containerId); // the cgroup went away with its container
      return OptionalLong.empty();
    }
  }

  /** Forgets a container's file (it was destroyed). */
  void forget(String containerId) {
    files.remove(containerId);
  }

  /** The value of the {@code oom_kill} line, in either file's {@code key value} format. */
  static OptionalLong parse(List<String> lines) {
    for (String line : lines) {
      String[] parts = line.trim().split("\\s+");
      if (parts.length == 2 && parts[0].equals("oom_kill")) {
        try {
          return OptionalLong.of(Long.parseLong(parts[1]));
        } catch (NumberFormatException notACount) {
          return OptionalLong.empty();
        }
      }
    }
    return OptionalLong.empty();
  }

  /** Where the container's counter is, if this process can read it. */
  Optional<Path> locate(String containerId) {
    try {
      Layout l = layout();
      InspectContainerResponse inspect = engine.call("inspect container " + Recreator.shortId(containerId),
          () -> client.inspectContainerCmd(containerId).exec());
      String parent = inspect.getHostConfig() == null ? null : inspect.getHostConfig().getCgroupParent();
      Path file = path(l, containerId, parent);
      return Files.isReadable(file) ? Optional.of(file) : Optional.empty();
    } catch (RuntimeException unknown) {
      log.debug("the OOM kill counter of container {} cannot be located", Recreator.shortId(containerId), unknown);
      return Optional.empty();
    }
  }

  private Path path(Layout l, String id, @Nullable String parent) {
    Path base = l.v2 ? root : root.resolve("memory");
    String file = l.v2 ? "memory.events" : "memory.oom_control";
    if (l.systemd) {
      String slice = parent == null || parent.isEmpty() ? "system.slice" : parent;
      return base.resolve(systemdSlicePath(slice)).resolve("docker-" + id + ".scope").resolve(file);
    }
    String dir = parent == null || parent.isEmpty() ? "docker" : parent.replaceFirst("^/+", "");
    return base.resolve(dir).resolve(id).resolve(file);
  }

  /** systemd nests slices by their dashes: {@code a-b.slice} lives in {@code a.slice/a-b.slice}. */
  static String systemdSlicePath(String slice) {
    if (!slice.endsWith(".slice")) {
      return slice;
    }
    String name = slice.substring(0, slice.length() - ".slice".length());
    StringBuilder path = new StringBuilder();
    int dash = name.indexOf('-');
    while (dash > 0) {
      path.append(name, 0, dash).append(".slice/");
      dash = name.indexOf('-', dash + 1);
    }
    return path.append(slice).toString();
  }

  private Layout layout() {
    Layout l = layout;
    if (l == null) {
      Info info = engine.call("read the engine's cgroup layout", () -> client.infoCmd().exec());
      l = new Layout("2".equals(info.getCGroupVersion()), "systemd".equalsIgnoreCase(info.getCGroupDriver()));
      layout = l;
    }
    return l;
  }
}
