package io.github.resourcemanager.docker;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Turns the engine's raw {@code die} events into {@link UnexpectedExit}s: a {@code die} with a non-zero exit code is
 * unexpected unless a {@code kill} event of the same container (someone asked the engine to stop or kill it) came
 * shortly before; whether an {@code oom} notification came shortly before is recorded in it. ({@code oom}
 * notifications themselves become {@link OomKilled} events through {@link OomAccounting}, which counts kills, not
 * notifications.) Confined to one thread.
 */
final class EventClassifier {
  /** How long a kill or oom event explains a later die. Stop timeouts are seconds; this is generous. */
  static final long EXPLAINS_NANOS = 5L * 60 * 1_000_000_000L;

  private final Map<String, Long> lastKill = new HashMap<>();
  private final Map<String, Long> lastOom = new HashMap<>();

  /**
   * Classifies one event.
   *
   * @param action the engine's action: {@code oom}, {@code kill}, {@code die}, ...
   * @param attributes the actor's attributes (labels, {@code name}, {@code exitCode})
   * @param timeNano the event's time in nanoseconds since the epoch, on the engine's clock
   * @return the event to deliver, or null
   */
  @Nullable ContainerEvent classify(String action, String containerId, Map<String, String> attributes, long timeNano) {
    String agent = attributes.get(DockerLabels.AGENT);
    if (agent == null || !AgentIds.isValid(agent) || containerId == null) {
      return null;
    }
    String name = attributes.getOrDefault("name", Recreator.shortId(containerId));
    Instant time = Instant.ofEpochSecond(0, timeNano);
    switch (action) {
      case "oom":
        lastOom.put(containerId, timeNano);
        return null;
      case "kill":
        lastKill.put(containerId, timeNano);
        return null;
      case "die": {
        Long kill = lastKill.remove(containerId);
        Long oom = lastOom.remove(containerId);
        int exitCode = exitCode(attributes);
        if (exitCode == 0) {
          return null;
        }
        if (kill != null && timeNano - kill <= EXPLAINS_NANOS) {
          return null; // stopped or killed through the engine: expected
        }
        boolean afterOom = oom != null && timeNano - oom <= EXPLAINS_NANOS;
        return new UnexpectedExit(agent, containerId, name, exitCode, afterOom, time);
      }
      case "destroy":
        lastKill.remove(containerId);
        lastOom.remove(containerId);
        return null;
      default:
        return null;
    }
  }

  /** The {@code exitCode} attribute of a {@code die} event; 0 when absent or not a number. */
  static int exitCode(Map<String, String> attributes) {
    try {
      return Integer.parseInt(attributes.getOrDefault("exitCode", "0"));
    } catch (NumberFormatException notANumber) {
      return 0;
    }
  }
}
