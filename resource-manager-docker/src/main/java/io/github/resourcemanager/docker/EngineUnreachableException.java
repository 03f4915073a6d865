package io.github.resourcemanager.docker;

/** The engine could not be reached or did not answer in time (as opposed to answering with a refusal). */
final class EngineUnreachableException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  EngineUnreachableException(String message, Throwable cause) {
    super(message, cause);
  }

  /** What could not be reached, and why: never null. */
  @Override
  public String getMessage() {
    return String.valueOf(super.getMessage());
  }
}
