package io.github.resourcemanager.scale;

import io.github.resourcemanager.units.ByteSize;
import io.github.resourcemanager.units.CpuQuantity;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One replica of a {@link ScaleTarget}: the agent whose per-agent metrics describe it, its phase and readiness,
 * when it started, and what it requests of each resource. A horizontal scaler reads a replica's usage
 * from the sample's values for its agent ({@link io.github.resourcemanager.monitor.Metric#AGENT_CPU_USAGE} and
 * the like) and compares it with the request, as the Kubernetes controller compares a pod's usage with its
 * requests.
 *
 * <p>Times are {@link io.github.resourcemanager.Ticker} readings in nanoseconds, the clock of the monitor's
 * samples; {@link #UNKNOWN_TIME} means "long before the scaler looked". Immutable: build with {@link #of} and the
 * {@code with...} methods, e.g.
 * {@code Replica.of("worker-3").withStart(ticker.read()).withCpuRequest(CpuQuantity.parse("500m"))}.
 *
 * @param agentId the id of the agent that carries this replica's metrics
 * @param phase the life-cycle phase
 * @param ready whether the replica is ready to serve (a pod's Ready condition)
 * @param startedAtNanos when the replica started, or {@link #UNKNOWN_TIME}
 * @param readinessChangedAtNanos when {@code ready} last changed, or {@link #UNKNOWN_TIME}
 * @param cpuRequest the CPU the replica requests, or {@code null} when it requests none
 * @param memoryRequest the memory the replica requests, or {@code null} when it requests none
 */
public record Replica(
    String agentId,
    ReplicaPhase phase,
    boolean ready,
    long startedAtNanos,
    long readinessChangedAtNanos,
    @Nullable CpuQuantity cpuRequest,
    @Nullable ByteSize memoryRequest) {

  /** A time that is not known; treated as long before the scaler's observations. */
  public static final long UNKNOWN_TIME = Long.MIN_VALUE;

  /**
   * Validates the fields.
   *
   * @throws NullPointerException naming the parameter if {@code agentId} or {@code phase} is null
   * @throws IllegalArgumentException if {@code agentId} is empty
   */
  public Replica {
    Objects.requireNonNull(agentId, "agentId");
    if (agentId.isEmpty()) {
      throw new IllegalArgumentException("replica agentId must not be empty");
    }
    Objects.requireNonNull(phase, "phase");
  }

  /**
   * A running, ready replica for the agent {@code agentId}, started and ready since an unknown time, requesting
   * nothing.
   *
   * @throws NullPointerException if {@code agentId} is null
   * @throws IllegalArgumentException if {@code agentId} is empty
   */
  public static Replica of(String agentId) {
    return new Replica(agentId, ReplicaPhase.RUNNING, true, UNKNOWN_TIME, UNKNOWN_TIME, null, null);
  }

  /**
   * This replica in {@code phase}.
   *
   * @throws NullPointerException if {@code phase} is null
   */
  public Replica withPhase(ReplicaPhase phase) {
    return new Replica(agentId, phase, ready, startedAtNanos, readinessChangedAtNanos, cpuRequest, memoryRequest);
  }

  /**
   * This replica, started at {@code startedAtNanos}. When its readiness change time is unknown, it is taken to
   * be the start: a replica that is ready since it started.
   */
  public Replica withStart(long startedAtNanos) {
    long changed = readinessChangedAtNanos == UNKNOWN_TIME ? startedAtNanos : readinessChangedAtNanos;
    return new Replica(agentId, phase, ready, startedAtNanos, changed, cpuRequest, memoryRequest);
  }

  /** This replica with readiness {@code ready}, last changed at {@code changedAtNanos}. */
  public Replica withReadiness(boolean ready, long changedAtNanos) {
    return new Replica(agentId, phase, ready, startedAtNanos, changedAtNanos, cpuRequest, memoryRequest);
  }

  /** This replica requesting {@code cpu} (null for none). */
  public Replica withCpuRequest(@Nullable CpuQuantity cpu) {
    return new Replica(agentId, phase, ready, startedAtNanos, readinessChangedAtNanos, cpu, memoryRequest);
  }

  /** This replica requesting {@code memory} (null for none). */
  public Replica withMemoryRequest(@Nullable ByteSize memory) {
    return new Replica(agentId, phase, ready, startedAtNanos, readinessChangedAtNanos, cpuRequest, memory);
  }

  @Override
  public String toString() {
    return "Replica{" + agentId + ", " + phase + (ready ? ", ready" : ", not ready")
        + (cpuRequest == null ? "" : ", cpu " + cpuRequest)
        + (memoryRequest == null ? "" : ", memory " + memoryRequest) + "}";
  }
}
