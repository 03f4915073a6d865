package io.github.resourcemanager.docker;

/** An actor asked for a change the {@link AccessPolicy} does not allow; nothing was changed, stored or live. */
public class AccessDeniedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String actor;
  private final String agentId;

  /**
   * @param actor who asked
   * @param agentId the agent concerned
   * @param reason the policy's reason
   */
  public AccessDeniedException(String actor, String agentId, String reason) {
    super("actor \"" + actor + "\" may not change the limits of agent \"" + agentId + "\": " + reason
        + "; nothing was changed");
    this.actor = actor;
    this.agentId = agentId;
  }

  /** Who asked. */
  public String actor() {
    return actor;
  }

  /** The agent concerned. */
  public String agentId() {
    return agentId;
  }
}
