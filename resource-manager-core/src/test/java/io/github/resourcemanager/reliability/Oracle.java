package io.github.resourcemanager.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.function.Supplier;

/**
 * The bad-input contract, asserted against what a test's model says of each input: an input the model accepts is
 * accepted with exactly the value the model gives; one it rejects is rejected with an {@link IllegalArgumentException}
 * whose message names the field (and whatever else the test lists). There is no third outcome.
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

  /** Asserts that a property saw at least {@code least} inputs of each outcome. */
  static void sawBoth(AtomicIntegerArray outcomes, int least) {
    assertThat(outcomes.get(0)).as("inputs accepted").isGreaterThanOrEqualTo(least);
    assertThat(outcomes.get(1)).as("inputs rejected").isGreaterThanOrEqualTo(least);
  }

  private static String describe(Object input) {
    return input instanceof String s ? "\"" + s + "\"" : String.valueOf(input);
  }
}
