package io.github.resourcemanager.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.DockerException;
import io.github.resourcemanager.allocate.EnforcementException;
import io.github.resourcemanager.allocate.Enforcer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Enforces decisions on agents' containers: pause and resume freeze and thaw the container's processes (the
 * engine's pause, a cgroup freezer); throttle lowers the container's CPU limit live to a fraction of its desired
 * CPUs, and unthrottle restores the desired limit. Memory is never touched: lowering it live could OOM-kill the
 * agent, which is not what a throttle means.
 *
 * <p>A throttle is remembered by {@link DockerLimits}, so a reconcile keeps it rather than undoing it, and the
 * agent's {@link LimitState} shows it. Every method is idempotent and throws {@link EnforcementException} naming the
 * agent and action when the engine is unreachable or refuses. Thread-safe; every call blocks on the engine.
 */
public final class DockerEnforcer implements Enforcer {
  private static final Logger log = LoggerFactory.getLogger(DockerEnforcer.class);

  private final DockerClient client;
  private final DockerLimits limits;

  DockerEnforcer(DockerConnection connection, DockerLimits limits) {
    this.client = connection.client();
    this.limits = limits;
  }

  @Override
  public String name() {
    return "docker";
  }

  /** Freezes the agent's container; nothing happens if it is already paused. */
  @Override
  public void pause(String agentId, String reason) {
    AgentIds.require(agentId);
    enforce(agentId, "pause", () -> {
      String id = containerOf(agentId);
      InspectContainerResponse.ContainerState state = Engine.call("inspect the container of agent " + agentId,
          () -> client.inspectContainerCmd(id).exec()).getState();
      if (Boolean.TRUE.equals(state.getPaused())) {
        return;
      }
      Engine.run("pause the container of agent " + agentId, () -> client.pauseContainerCmd(id).exec());
      log.info("agent {}: container paused: {}", agentId, reason);
    });
  }

  /** Thaws the agent's container; nothing happens if it is not paused. */
  @Override
  public void resume(String agentId) {
    AgentIds.require(agentId);
    enforce(agentId, "resume", () -> {
      String id = containerOf(agentId);
      InspectContainerResponse.ContainerState state = Engine.call("inspect the container of agent " + agentId,
          () -> client.inspectContainerCmd(id).exec()).getState();
      if (!Boolean.TRUE.equals(state.getPaused())) {
        return;
      }
      Engine.run("resume the container of agent " + agentId, () -> client.unpauseContainerCmd(id).exec());
      log.info("agent {}: container resumed", agentId);
    });
  }

  /**
   * Sets the container's CPU limit live to {@code fraction} of the agent's desired CPUs (at least Docker's minimum
   * of 0.01). The throttle is kept even if the engine cannot be reached, so a repeated call or a reconcile puts it
   * into effect.
   */
  @Override
  public void throttle(String agentId, double fraction, String reason) {
    AgentIds.require(agentId);
    if (!(fraction > 0 && fraction <= 1)) {
      throw new IllegalArgumentException("fraction must be in (0, 1], was " + fraction);
    }
    enforce(agentId, "throttle to " + fraction, () -> {
      limits.throttle(agentId, fraction);
      log.info("agent {}: container CPUs throttled to {} of its limit: {}", agentId, fraction, reason);
    });
  }

  /** Restores the container's desired CPU limit live. */
  @Override
  public void unthrottle(String agentId) {
    AgentIds.require(agentId);
    enforce(agentId, "unthrottle", () -> {
      limits.unthrottle(agentId);
      log.info("agent {}: container CPU throttle removed", agentId);
    });
  }

  private String containerOf(String agentId) {
    DockerLimits.Located located = limits.locate(agentId);
    if (located.containerId() == null) {
      throw new IllegalStateException(located.problem());
    }
    return located.containerId();
  }

  private static void enforce(String agentId, String action, Runnable body) {
    try {
      body.run();
    } catch (EngineUnreachableException | IllegalStateException e) {
      throw new EnforcementException("could not " + action + " agent " + agentId + ": " + e.getMessage(), e);
    } catch (DockerException e) {
      throw new EnforcementException("could not " + action + " agent " + agentId + ": the engine refused: "
          + Engine.refusal(e), e);
    } catch (LimitStoreException e) {
      throw new EnforcementException("could not " + action + " agent " + agentId + ": " + e.getMessage(), e);
    }
  }
}
