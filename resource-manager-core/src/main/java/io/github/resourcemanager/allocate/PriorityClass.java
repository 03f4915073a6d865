package io.github.resourcemanager.allocate;

import java.util.List;
import java.util.Objects;

/**
 * A named priority, as Kubernetes' {@code PriorityClass}: agents of a higher value are admitted first from the
 * overflow queue and, when the pool allows preemption, may preempt agents of a strictly lower value.
 *
 * @param name lowercase letters, digits and {@code -}, e.g. {@code critical}
 * @param value the priority; higher is more important. At most 1,000,000,000 in absolute value (Kubernetes reserves
 *     larger values for system classes)
 * @param globalDefault whether agents that name no class get this one (at most one class may be the default;
 *     without one they get priority 0, as in Kubernetes)
 * @param preemptLowerPriority whether agents of this class may preempt lower ones (Kubernetes'
 *     {@code PreemptLowerPriority}; {@code false} is its {@code Never})
 */
public record PriorityClass(String name, int value, boolean globalDefault, boolean preemptLowerPriority) {

  /** The largest allowed absolute value. */
  public static final int MAX_VALUE = 1_000_000_000;

  /**
   * Validates.
   *
   * @throws IllegalArgumentException if the name is malformed or the value out of range
   */
  public PriorityClass {
    Objects.requireNonNull(name, "name");
    if (!name.matches("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?")) {
      throw new IllegalArgumentException("priority class name \"" + name + "\""
          + " is not allowed; use 1 to 63 lowercase letters, digits and -, starting and ending with a letter or digit");
    }
    if (value > MAX_VALUE || value < -MAX_VALUE) {
      throw new IllegalArgumentException("value of priority class " + name + " must be between " + -MAX_VALUE
          + " and " + MAX_VALUE + ", was " + value);
    }
  }

  /** A class that may preempt lower ones and is not the default. */
  public static PriorityClass of(String name, int value) {
    return new PriorityClass(name, value, false, true);
  }

  /** Three common classes: {@code critical} 1000, {@code high} 500, {@code normal} 100 (none the default). */
  public static List<PriorityClass> standard() {
    return List.of(of("critical", 1000), of("high", 500), of("normal", 100));
  }

  /** For example {@code critical=1000}. */
  @Override
  public String toString() {
    return name + "=" + value;
  }
}
