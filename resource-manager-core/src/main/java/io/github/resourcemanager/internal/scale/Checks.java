package io.github.resourcemanager.internal.scale;

/** Argument checks of the scaling API, with messages that name the field. */
public final class Checks {
  private Checks() {}

  /** Returns {@code value}, or throws an {@link IllegalArgumentException} naming the field if it is null. */
  public static <T> T required(String field, T value) {
    if (value == null) {
      throw new IllegalArgumentException(field + " must not be null");
    }
    return value;
  }
}
