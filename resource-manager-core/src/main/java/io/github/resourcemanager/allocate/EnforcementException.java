package io.github.resourcemanager.allocate;

/** An {@link Enforcer} could not put a decision into effect; the decision stands and is retried later. */
public class EnforcementException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** @param message what failed, naming the agent and the action */
  public EnforcementException(String message) {
    super(message);
  }

  /**
   * @param message what failed, naming the agent and the action
   * @param cause the underlying failure
   */
  public EnforcementException(String message, Throwable cause) {
    super(message, cause);
  }
}
