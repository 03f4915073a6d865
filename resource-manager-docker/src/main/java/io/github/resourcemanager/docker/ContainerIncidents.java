package io.github.resourcemanager.docker;

import io.github.resourcemanager.alert.AlertPipeline;
import io.github.resourcemanager.alert.EventAlert;
import io.github.resourcemanager.alert.Severity;
import io.github.resourcemanager.scale.VerticalRecommender;
import io.github.resourcemanager.units.ByteSize;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reports container incidents through the alert pipeline, and OOM kills to a vertical recommender.
 *
 * <ul>
 *   <li>{@link OomKilled} raises the CRITICAL event alert {@value #OOM_ALERT} for the agent, with label
 *       {@code container} and the container's memory limit as value when known, and records the kill with the
 *       recommender (the VPA bumps its memory estimate after an OOM).</li>
 *   <li>{@link UnexpectedExit} after an OOM kill of the same container is the same incident, already alerted: the
 *       OOM alert is raised again (deduplicated by its identity) to keep it firing.</li>
 *   <li>Any other {@link UnexpectedExit}: exit code 137 (a SIGKILL nobody asked the engine for) raises the CRITICAL
 *       event alert {@value #KILLED_ALERT}; any other non-zero code raises the WARNING event alert
 *       {@value #EXITED_ALERT}; both with the exit code as value and label {@code exit_code}. Both are on by default
 *       (every container watched is an agent's) and off with {@link Builder#exitAlerts(boolean) exitAlerts(false)}.</li>
 * </ul>
 *
 * Event alerts resolve by themselves {@link #DEFAULT_RESOLVE_AFTER} after the last occurrence unless configured
 * otherwise. Attach with {@code resources.events().addListener(incidents)}, or let
 * {@link DockerResources#attach} do it. Thread-safe; runs on the event watcher's thread.
 */
public final class ContainerIncidents implements ContainerEventListener {

  /** The name of the alert raised when the OOM killer kills a process of an agent's container. */
  public static final String OOM_ALERT = "container-oom-killed";
  /** The name of the alert raised when an agent's container is killed (exit code 137) without an OOM. */
  public static final String KILLED_ALERT = "container-killed";
  /** The name of the alert raised when an agent's container exits with another non-zero code nobody asked for. */
  public static final String EXITED_ALERT = "container-exited";
  /** How long after the last occurrence an incident alert resolves by default: 15 minutes. */
  public static final Duration DEFAULT_RESOLVE_AFTER = Duration.ofMinutes(15);

  private static final Logger log = LoggerFactory.getLogger(ContainerIncidents.class);

  private final AlertPipeline alerts;
  private final @Nullable VerticalRecommender recommender;
  private final Function<String, Optional<ByteSize>> memoryLimitOf;
  private final Duration resolveAfter;
  private final boolean exitAlerts;

  private ContainerIncidents(Builder b) {
    this.exitAlerts = b.exitAlerts;
    this.alerts = b.alerts;
    this.recommender = b.recommender;
    this.memoryLimitOf = b.memoryLimitOf;
    this.resolveAfter = b.resolveAfter;
  }

  /** A builder reporting incidents to {@code alerts}. */
  public static Builder custom(AlertPipeline alerts) {
    return new Builder(alerts);
  }

  @Override
  public void onEvent(ContainerEvent event) {
    if (event instanceof OomKilled oom) {
      Optional<ByteSize> limit = memoryLimitOf.apply(oom.agentId());
      raiseOom(oom, limit, "the OOM killer killed a process in container " + oom.containerName() + " of agent "
          + oom.agentId() + limit.map(l -> " at its memory limit of " + l).orElse(""));
      if (recommender != null) {
        if (limit.isPresent()) {
          recommender.recordOom(oom.agentId(), oom.time(), limit.get());
        } else {
          log.warn("OOM kill of agent {} not given to the recommender: its container's memory limit is unknown", oom.agentId());
        }
      }
    } else if (event instanceof UnexpectedExit exit) {
      if (exit.afterOom()) {
        // The same incident as the OOM kill just reported: keep that alert firing rather than raising a second one.
        Optional<ByteSize> limit = memoryLimitOf.apply(exit.agentId());
        raiseOom(exit, limit, "the OOM killer killed the main process of container " + exit.containerName()
            + " of agent " + exit.agentId() + limit.map(l -> " at its memory limit of " + l).orElse("")
            + "; the container exited with code " + exit.exitCode());
      } else if (!exitAlerts) {
        log.debug("agent {}: container {} exited with code {}; exit alerts are off", exit.agentId(),
            exit.containerName(), exit.exitCode());
      } else if (exit.exitCode() == 137) {
        alerts.raise(incident(KILLED_ALERT, Severity.CRITICAL, exit).withValue(exit.exitCode())
            .withLabel("exit_code", "137")
            .withAnnotation("summary", "container " + exit.containerName() + " of agent " + exit.agentId()
                + " was killed (exit code 137) without a stop request"));
      } else {
        alerts.raise(incident(EXITED_ALERT, Severity.WARNING, exit).withValue(exit.exitCode())
            .withLabel("exit_code", Integer.toString(exit.exitCode()))
            .withAnnotation("summary", "container " + exit.containerName() + " of agent " + exit.agentId()
                + " exited with code " + exit.exitCode() + " without a stop request"));
      }
    }
  }

  // Raising the same identity again replaces value and annotations, so every raise of the OOM alert carries both.
  private void raiseOom(ContainerEvent event, Optional<ByteSize> limit, String summary) {
    EventAlert alert = incident(OOM_ALERT, Severity.CRITICAL, event).withAnnotation("summary", summary);
    alerts.raise(limit.map(l -> alert.withValue(l.bytes())).orElse(alert));
  }

  private EventAlert incident(String name, Severity severity, ContainerEvent event) {
    return EventAlert.of(name, severity).withAgent(event.agentId()).withLabel("container", event.containerName())
        .withResolveAfter(resolveAfter);
  }

  /** Builds {@link ContainerIncidents}. */
  public static final class Builder {
    private final AlertPipeline alerts;
    private @Nullable VerticalRecommender recommender;
    private Function<String, Optional<ByteSize>> memoryLimitOf = agent -> Optional.empty();
    private Duration resolveAfter = DEFAULT_RESOLVE_AFTER;
    private boolean exitAlerts = true;

    private Builder(AlertPipeline alerts) {
      this.alerts = Objects.requireNonNull(alerts, "alerts");
    }

    /**
     * Reports OOM kills to {@code recommender}; {@code memoryLimitOf} gives an agent's container memory limit,
     * which is the memory the container had when it was killed (also used as the OOM alert's value).
     */
    public Builder recommender(VerticalRecommender recommender, Function<String, Optional<ByteSize>> memoryLimitOf) {
      this.recommender = Objects.requireNonNull(recommender, "recommender");
      return memoryLimits(memoryLimitOf);
    }

    /** Where to read an agent's container memory limit (for the OOM alert's value); default: unknown. */
    public Builder memoryLimits(Function<String, Optional<ByteSize>> memoryLimitOf) {
      this.memoryLimitOf = Objects.requireNonNull(memoryLimitOf, "memoryLimitOf");
      return this;
    }

    /** How long after its last occurrence an incident alert resolves; default 15 min. */
    public Builder resolveAfter(Duration resolveAfter) {
      DurationSettings.positiveNanos("resolveAfter", resolveAfter);
      this.resolveAfter = resolveAfter;
      return this;
    }

    /**
     * Whether exits nobody asked for, other than OOM kills, raise {@value #KILLED_ALERT} (code 137) and
     * {@value #EXITED_ALERT} (other non-zero codes); default true.
     */
    public Builder exitAlerts(boolean exitAlerts) {
      this.exitAlerts = exitAlerts;
      return this;
    }

    /** Builds the listener. */
    public ContainerIncidents build() {
      return new ContainerIncidents(this);
    }
  }
}
