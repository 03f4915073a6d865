package io.github.resourcemanager.scale;

/** Argument checks with messages that name the field. */
final class Checks {
  private Checks() {}

  /** Returns {@code value}, or throws an {@link IllegalArgumentException} naming the field if it is null. */
  static <T> T required(String field, T value) {
    if (value == null) {
      throw new IllegalArgumentException(field + " must not be null");
    }
    return value;
  }
}
