package io.github.resourcemanager.internal.allocate;

/** Validation of project names and agent ids. */
public final class Names {
  private static final int MAX_LENGTH = 128;

  private Names() {}

  /** Agent ids and project names: as {@code AgentTracker} ids, 1 to 128 letters, digits and . _ - : / @. */
  /**
   * Returns {@code name} if it is allowed.
   *
   * @param kind what the name names, for the message: {@code agent id}, {@code project name}
   * @throws IllegalArgumentException naming the kind, the name and what is allowed
   */
  public static String require(String kind, String name) {
    boolean ok = name != null && !name.isEmpty() && name.length() <= MAX_LENGTH;
    for (int i = 0; ok && i < name.length(); i++) {
      char c = name.charAt(i);
      boolean alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
      ok = alnum || (i > 0 && (c == '.' || c == '_' || c == '-' || c == ':' || c == '/' || c == '@'));
    }
    if (!ok) {
      throw new IllegalArgumentException(kind + " " + (name == null ? "null" : "\"" + name + "\"") + " is not allowed; use 1 to "
          + MAX_LENGTH + " characters: letters, digits and . _ - : / @, starting with a letter or digit");
    }
    return name;
  }
}
