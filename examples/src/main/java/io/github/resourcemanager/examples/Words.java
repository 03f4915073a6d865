package io.github.resourcemanager.examples;

/** Counts in words: {@code 1 sample}, {@code 2 samples}; {@code 1 agent is}, {@code 2 agents are}. */
final class Words {
  private Words() {}

  /** {@code count} and the noun, plural unless the count is 1 (nouns that take an s). */
  static String count(long count, String noun) {
    return count + " " + noun + (count == 1 ? "" : "s");
  }

  /** {@code 1 agent is} / {@code 3 agents are}. */
  static String countIs(long count, String noun) {
    return count(count, noun) + (count == 1 ? " is" : " are");
  }
}
