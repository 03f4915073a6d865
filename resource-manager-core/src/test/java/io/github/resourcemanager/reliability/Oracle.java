package io.github.resourcemanager.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.function.Supplier;

/**
 * The bad-input contract, asserted against what a test's model says of each input: an input the model accepts is
 * accepted with exactly the value the model gives; one it rejects is rejected with an {@link IllegalArgumentException}
 * whose message names the field (and whatever else the test lists). There is no third outcome. A null argument is not
 * bad input but a broken call: it is a {@link NullPointerException} naming the parameter, the JDK's rule
 * ({@link #nullRejected}).
 */
final class Oracle {

  private Oracle() {}

  /** Counts of the two outcomes a property saw: {@code [0]} accepted, {@code [1]} rejected. */
  static AtomicIntegerArray outcomes() {
    return new AtomicIntegerArray(2);
  }

  /**
   * Runs {@code attempt} on {@code input}: if {@code expected} is present, it must return that value (compared with
   * {@code equals}); if not, it must throw an {@link IllegalArgumentException} whose message contains every text of
   * {@code mentions}.
   */
  static <T> void asTheModelSays(Object input, Optional<T> expected, Supplier<T> attempt, AtomicIntegerArray outcomes,
      String... mentions) {
    if (expected.isPresent()) {
      T actual;
      try {
        actual = attempt.get();
      } catch (RuntimeException e) {
        throw new AssertionError("valid input " + describe(input) + " was rejected: " + e, e);
      }
      assertThat(actual).as("value kept from %s", describe(input)).isEqualTo(expected.get());
      outcomes.incrementAndGet(0);
    } else {
      rejected(input, attempt::get, mentions);
      outcomes.incrementAndGet(1);
    }
  }

  /**
   * As {@link #asTheModelSays(Object, Optional, Supplier, AtomicIntegerArray, String...)}, for an attempt that passes
   * arguments which may be null: if {@code nullArgument} (the name of the first null argument, or null if none is) is
   * given, the attempt must throw a {@link NullPointerException} naming it, counted as rejected.
   */
  static <T> void asTheModelSays(Object input, String nullArgument, Optional<T> expected, Supplier<T> attempt,
      AtomicIntegerArray outcomes, String... mentions) {
    if (nullArgument != null) {
      nullRejected(input, attempt::get, nullArgument);
      outcomes.incrementAndGet(1);
    } else {
      asTheModelSays(input, expected, attempt, outcomes, mentions);
    }
  }

  /** The name of the first null value among {@code namesAndValues} (name, value, name, value...), or null if none. */
  static String firstNull(Object... namesAndValues) {
    for (int i = 0; i < namesAndValues.length; i += 2) {
      if (namesAndValues[i + 1] == null) {
        return (String) namesAndValues[i];
      }
    }
    return null;
  }

  /** Asserts that {@code attempt} throws an {@link IllegalArgumentException} mentioning every text of {@code mentions}. */
  static void rejected(Object input, Runnable attempt, String... mentions) {
    try {
      attempt.run();
    } catch (IllegalArgumentException e) {
      assertThat(e.getMessage()).as("message rejecting %s", describe(input)).isNotBlank();
      for (String m : mentions) {
        assertThat(e.getMessage()).as("message rejecting %s", describe(input)).contains(m);
      }
      return;
    } catch (RuntimeException other) {
      throw new AssertionError("input " + describe(input) + " raised " + other + " instead of an "
          + "IllegalArgumentException", other);
    }
    throw new AssertionError("invalid input " + describe(input) + " was accepted");
  }

  /**
   * Asserts that {@code attempt}, given a null argument, throws a {@link NullPointerException} whose message names the
   * parameter: it contains {@code name}.
   */
  static void nullRejected(Object input, Runnable attempt, String name) {
    try {
      attempt.run();
    } catch (NullPointerException e) {
      assertThat(e.getMessage()).as("message rejecting %s", describe(input)).isNotNull().contains(name);
      return;
    } catch (RuntimeException other) {
      throw new AssertionError("null argument " + describe(input) + " raised " + other + " instead of a "
          + "NullPointerException", other);
    }
    throw new AssertionError("null argument " + describe(input) + " was accepted");
  }

  /** Asserts that a property saw at least {@code least} inputs of each outcome. */
  static void sawBoth(AtomicIntegerArray outcomes, int least) {
    assertThat(outcomes.get(0)).as("inputs accepted").isGreaterThanOrEqualTo(least);
    assertThat(outcomes.get(1)).as("inputs rejected").isGreaterThanOrEqualTo(least);
  }

  private static String describe(Object input) {
    return input instanceof String s ? "\"" + s + "\"" : String.valueOf(input);
  }
}
