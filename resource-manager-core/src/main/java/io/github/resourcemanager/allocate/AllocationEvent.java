package io.github.resourcemanager.allocate;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Something the {@link ResourcePool} did or saw: an admission, a rejection, a preemption, a profile switch, a limit
 * exceeded, an agent paused or resumed, an enforcer that failed, new shares. Listeners added with
 * {@link ResourcePool#addListener} receive them in the order they happened, from the thread that caused them (the
 * monitor thread for samples, the caller of {@code admit} or {@code release}), never while the pool is locked, so
 * a listener may call the pool; one listener's exception is logged and does not affect the others.
 *
 * @param type what happened
 * @param time when, by the pool's clock
 * @param agentId the agent concerned, or null for events about a project or the whole pool
 * @param project the project concerned, or null
 * @param message a sentence for people, e.g. {@code exceeded quota: team-a, requested: ...}
 */
public record AllocationEvent(Type type, Instant time, @Nullable String agentId, @Nullable String project, String message) {

  /** Kinds of events. */
  public enum Type {
    /** An agent was admitted (at once, or released from the queue). */
    ADMITTED,
    /** An agent could not be admitted yet and waits in the overflow queue. */
    QUEUED,
    /** An agent was refused: limit range, quota, a full queue, a wait too long, or no way to fit. */
    REJECTED,
    /** An agent was preempted to admit one of higher priority; the message names both and why. */
    PREEMPTED,
    /** An agent left (was released) or left the queue. */
    LEFT,
    /** Another profile became active (or none), changing the global limits. */
    PROFILE_CHANGED,
    /** Usage went above a limit; with a warn policy this is the only effect. */
    LIMIT_EXCEEDED,
    /** Usage fell below the resume threshold of a limit it had exceeded. */
    LIMIT_RECOVERED,
    /** An agent was paused: its new work is held. */
    PAUSED,
    /** An agent was throttled. */
    THROTTLED,
    /** An agent runs normally again after a pause or a throttle. */
    RESUMED,
    /** An enforcer could not put a decision into effect; it is retried on the next check. */
    ENFORCEMENT_FAILED,
    /** The sharing strategy failed on a periodic recomputation; the previous shares stay in force. */
    STRATEGY_FAILED,
    /**
     * The shares changed: an agent or project joined or left, a profile switched, or usage moved them (the dynamic
     * strategy). The event carries no agent or project; read the new shares with {@link ResourcePool#shares()}.
     */
    SHARES_CHANGED
  }

  /** Validates. */
  public AllocationEvent {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(time, "time");
    Objects.requireNonNull(message, "message");
  }

  /** The agent concerned, if any. */
  public Optional<String> agent() {
    return Optional.ofNullable(agentId);
  }

  @Override
  public String toString() {
    return time + " " + type + (agentId == null ? "" : " " + agentId) + (project == null ? "" : " [" + project + "]")
        + ": " + message;
  }
}
