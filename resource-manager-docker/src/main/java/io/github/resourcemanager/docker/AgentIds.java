package io.github.resourcemanager.docker;

import org.jspecify.annotations.Nullable;

/** The agent id rule of the core tracker (which keeps its check package-private), applied at this module's edges. */
final class AgentIds {
  private static final int MAX_LENGTH = 128;

  private AgentIds() {}

  static boolean isValid(@Nullable String id) {
    if (id == null || id.isEmpty() || id.length() > MAX_LENGTH) {
      return false;
    }
    for (int i = 0; i < id.length(); i++) {
      char c = id.charAt(i);
      boolean alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
      if (!alnum && !(i > 0 && (c == '.' || c == '_' || c == '-' || c == ':' || c == '/' || c == '@'))) {
        return false;
      }
    }
    return true;
  }

  static String require(@Nullable String id) {
    if (id == null || !isValid(id)) {
      throw new IllegalArgumentException("agent id " + (id == null ? "null" : "\"" + id + "\"") + " is not allowed; use 1 to "
          + MAX_LENGTH + " characters: letters, digits and . _ - : / @, starting with a letter or digit");
    }
    return id;
  }

  static String requireActor(@Nullable String actor) {
    if (actor == null || actor.isBlank()) {
      throw new IllegalArgumentException("actor " + (actor == null ? "null" : "\"" + actor + "\"")
          + " is not allowed; name who makes the change (a user name or a system component)");
    }
    return actor;
  }
}
