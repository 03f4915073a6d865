package io.github.resourcemanager.docker;

/**
 * The {@link LimitStore} could not read or write. A failed write changed nothing: the transaction was rolled back.
 */
public class LimitStoreException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /**
   * @param message what failed and what it means for the caller
   * @param cause the database's error
   */
  public LimitStoreException(String message, Throwable cause) {
    super(message, cause);
  }

  /** What failed and what it means for the caller: never null. */
  @Override
  public String getMessage() {
    return String.valueOf(super.getMessage());
  }
}
