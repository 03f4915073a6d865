package io.github.resourcemanager.internal.alert;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Validation of alert names, label names and free texts, with messages that name the field; shared by the alert API's
 * values and the engine.
 */
public final class Names {

  /** The label the pipeline sets to the rule or event name. */
  public static final String ALERTNAME = "alertname";
  /** The label the pipeline sets to the agent of a per-agent alert. */
  public static final String AGENT = "agent";
  /** Labels users may not set: the two above, and {@code severity}, a property of the alert. */
  public static final Set<String> RESERVED_LABELS = Set.of(ALERTNAME, AGENT, "severity");

  private static final int MAX_NAME_LENGTH = 128;

  private Names() {}

  /** Alert names: 1 to 128 characters, letters, digits and {@code _ . : -}, starting with a letter. */
  public static String requireAlertName(String field, @Nullable String name) {
    if (name == null || name.isEmpty() || name.length() > MAX_NAME_LENGTH || !isLetter(name.charAt(0))) {
      throw new IllegalArgumentException(field + " " + quote(name) + " is not allowed; use 1 to " + MAX_NAME_LENGTH
          + " characters: letters, digits and _ . : -, starting with a letter");
    }
    for (int i = 1; i < name.length(); i++) {
      char c = name.charAt(i);
      if (!(isLetter(c) || isDigit(c) || c == '_' || c == '.' || c == ':' || c == '-')) {
        throw new IllegalArgumentException(field + " " + quote(name) + " is not allowed; use 1 to " + MAX_NAME_LENGTH
            + " characters: letters, digits and _ . : -, starting with a letter");
      }
    }
    return name;
  }

  /** Label names as in Prometheus: letters, digits and {@code _}, not starting with a digit. */
  public static boolean isLabelName(String name) {
    if (name == null || name.isEmpty() || isDigit(name.charAt(0))) {
      return false;
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (!(isLetter(c) || isDigit(c) || c == '_')) {
        return false;
      }
    }
    return true;
  }

  /** Returns {@code name} if it is a Prometheus label name; otherwise throws naming the field. */
  public static String requireLabelName(String field, String name) {
    if (!isLabelName(name)) {
      throw new IllegalArgumentException(field + " " + quote(name) + " is not allowed; use letters, digits and _, "
          + "not starting with a digit (as Prometheus label names)");
    }
    return name;
  }

  /** Checks a user-given label: a valid name, not reserved, with a non-null value. */
  public static void requireUserLabel(String owner, String name, String value) {
    requireLabelName("label name of " + owner, name);
    if (RESERVED_LABELS.contains(name)) {
      throw new IllegalArgumentException("label " + quote(name) + " of " + owner + " is reserved; the pipeline sets "
          + "alertname and agent itself, and severity is a property of the alert, not a label");
    }
    Objects.requireNonNull(value, "label " + quote(name) + " of " + owner);
  }

  /** Returns {@code value} if it is not blank; otherwise throws naming the field. */
  public static String requireText(String field, @Nullable String value) {
    Objects.requireNonNull(value, field);
    if (value.isBlank()) {
      throw new IllegalArgumentException(field + " must not be blank, was " + quote(value));
    }
    return value;
  }

  /** Returns {@code value} if it is not null; otherwise throws a {@link NullPointerException} naming the field. */
  public static <T> T requireNonNull(String field, @Nullable T value) {
    return Objects.requireNonNull(value, field);
  }

  /** An unmodifiable copy keeping the order. */
  public static Map<String, String> freeze(Map<String, String> map) {
    return Collections.unmodifiableMap(new LinkedHashMap<>(map));
  }

  /** {@code "s"}, or {@code null}. */
  public static String quote(@Nullable String s) {
    return s == null ? "null" : "\"" + s + "\"";
  }

  private static boolean isLetter(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }
}
