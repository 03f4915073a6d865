package io.github.resourcemanager.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.DockerException;
import io.github.resourcemanager.allocate.Enforcer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Enforces decisions on agents' containers: pause and resume freeze and thaw the container's processes (the
 * engine's pause, a cgroup freezer); throttle lowers the container's CPU limit live to a fraction of its desired
 * CPUs, and unthrottle restores the desired limit. Memory is never touched: lowering it live could OOM-kill the
 * agent, which is not what a throttle means.
 *
 * <p>Every action is taken for an actor and checked with the {@link AccessPolicy} first, like any other change of a
 * container: {@link DockerResources#enforcer()} acts as the named system actor {@value #ALLOCATION_ACTOR} (the
 * allocation layer, which has no user), {@link DockerResources#enforcer(String)} as a given actor. A denial changes
 * nothing, is logged at WARN with the actor and ends in an {@link IllegalStateException} whose cause is the
 * {@link AccessDeniedException}. Only the container the module manages for the agent is acted on (see
 * {@link DockerLimits}): another container carrying the agent's label is never paused or throttled for it.
 *
 * <p>A throttle is remembered by {@link DockerLimits}, so a reconcile keeps it rather than undoing it, and the
 * agent's {@link LimitState} shows it. Every method is idempotent and throws {@link IllegalStateException} naming the
 * agent and action when access is denied or the engine is unreachable or refuses. Thread-safe; every call blocks on
 * the engine, each request at most the request timeout.
 */
public final class DockerEnforcer implements Enforcer {
  private static final Logger log = LoggerFactory.getLogger(DockerEnforcer.class);

  /** The actor the allocation layer's enforcer acts as. */
  public static final String ALLOCATION_ACTOR = "system:allocation";

  private final DockerClient client;
  private final Engine engine;
  private final DockerLimits limits;
  private final String actor;

  DockerEnforcer(DockerConnection connection, DockerLimits limits, String actor) {
    this.client = connection.client();
    this.engine = connection.engine();
    this.limits = limits;
    this.actor = AgentIds.requireActor(actor);
  }

  @Override
  public String name() {
    return "docker";
  }

  /** The actor this enforcer acts as. */
  public String actor() {
    return actor;
  }

  /** Freezes the agent's container; nothing happens if it is already paused. */
  @Override
  public void pause(String agentId, String reason) {
    AgentIds.require(agentId);
    enforce(agentId, "pause", () -> {
      String id = containerOf(agentId);
      InspectContainerResponse.ContainerState state = engine.call("inspect the container of agent " + agentId,
          () -> client.inspectContainerCmd(id).exec()).getState();
      if (Boolean.TRUE.equals(state.getPaused())) {
        return;
      }
      engine.run("pause the container of agent " + agentId, () -> client.pauseContainerCmd(id).exec());
      log.info("agent {}: container paused by {}: {}", agentId, actor, reason);
    });
  }

  /** Thaws the agent's container; nothing happens if it is not paused. */
  @Override
  public void resume(String agentId) {
    AgentIds.require(agentId);
    enforce(agentId, "resume", () -> {
      String id = containerOf(agentId);
      InspectContainerResponse.ContainerState state = engine.call("inspect the container of agent " + agentId,
          () -> client.inspectContainerCmd(id).exec()).getState();
      if (!Boolean.TRUE.equals(state.getPaused())) {
        return;
      }
      engine.run("resume the container of agent " + agentId, () -> client.unpauseContainerCmd(id).exec());
      log.info("agent {}: container resumed by {}", agentId, actor);
    });
  }

  /**
   * Sets the container's CPU limit live to {@code fraction} of the agent's desired CPUs (at least Docker's minimum
   * of 0.01). The throttle is kept even if the engine cannot be reached, so a repeated call or a reconcile puts it
   * into effect; it is not kept when access is denied.
   */
  @Override
  public void throttle(String agentId, double fraction, String reason) {
    AgentIds.require(agentId);
    if (!(fraction > 0 && fraction <= 1)) {
      throw new IllegalArgumentException("fraction must be in (0, 1], was " + fraction);
    }
    enforce(agentId, "throttle to " + fraction, () -> {
      limits.throttle(agentId, fraction);
      log.info("agent {}: container CPUs throttled to {} of its limit by {}: {}", agentId, fraction, actor, reason);
    });
  }

  /** Restores the container's desired CPU limit live. */
  @Override
  public void unthrottle(String agentId) {
    AgentIds.require(agentId);
    enforce(agentId, "unthrottle", () -> {
      limits.unthrottle(agentId);
      log.info("agent {}: container CPU throttle removed by {}", agentId, actor);
    });
  }

  private String containerOf(String agentId) {
    DockerLimits.Located located = limits.locate(agentId);
    if (located.containerId() == null) {
      throw new IllegalStateException(located.problem());
    }
    return located.containerId();
  }

  private void enforce(String agentId, String action, Runnable body) {
    try {
      limits.checkAccess(actor, agentId, action + " the container");
      body.run();
    } catch (AccessDeniedException | EngineUnreachableException | IllegalStateException e) {
      throw new IllegalStateException("could not " + action + " agent " + agentId + ": " + e.getMessage(), e);
    } catch (DockerException e) {
      throw new IllegalStateException("could not " + action + " agent " + agentId + ": the engine refused: "
          + Engine.refusal(e), e);
    } catch (LimitStoreException e) {
      throw new IllegalStateException("could not " + action + " agent " + agentId + ": " + e.getMessage(), e);
    }
  }
}
