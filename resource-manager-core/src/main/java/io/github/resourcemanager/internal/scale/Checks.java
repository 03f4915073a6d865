package io.github.resourcemanager.internal.scale;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/** Argument checks of the scaling API, with messages that name the parameter. */
public final class Checks {
  private Checks() {}

  /**
   * Returns {@code value}, or throws a {@link NullPointerException} whose message is the parameter's name if it is
   * null (the JDK's rule for null arguments).
   */
  public static <T> T required(String field, @Nullable T value) {
    return Objects.requireNonNull(value, field);
  }
}
