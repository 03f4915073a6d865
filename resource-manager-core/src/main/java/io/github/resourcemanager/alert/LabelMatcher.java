package io.github.resourcemanager.alert;

import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * A condition on one label of an alert, as in Prometheus and Alertmanager: {@code name="value"},
 * {@code name!="value"}, {@code name=~"regex"} and {@code name!~"regex"}.
 *
 * <p>As there, a missing label reads as the empty string, and regular expressions are anchored at both ends
 * ({@code severity=~"crit.*"} must match the whole value). Used by {@link Silence}s and by handler
 * {@link AlertFilter}s. Immutable and thread-safe.
 */
public final class LabelMatcher {

  /** How a matcher compares the label's value. */
  public enum Type {
    /** The value equals the given text: {@code =}. */
    EQUAL("="),
    /** The value differs from the given text: {@code !=}. */
    NOT_EQUAL("!="),
    /** The whole value matches the regular expression: {@code =~}. */
    REGEX("=~"),
    /** The whole value does not match the regular expression: {@code !~}. */
    NOT_REGEX("!~");

    private final String operator;

    Type(String operator) {
      this.operator = operator;
    }

    /** The operator as written in matcher texts, e.g. {@code =~}. */
    public String operator() {
      return operator;
    }
  }

  private final String name;
  private final Type type;
  private final String value;
  private final Pattern pattern;

  private LabelMatcher(String name, Type type, String value) {
    this.name = Names.requireLabelName("label matcher name", name);
    this.type = Names.requireNonNull("label matcher type", type);
    this.value = Names.requireNonNull("value of label matcher on " + Names.quote(name), value);
    if (type == Type.REGEX || type == Type.NOT_REGEX) {
      try {
        this.pattern = Pattern.compile("^(?:" + value + ")$");
      } catch (PatternSyntaxException e) {
        throw new IllegalArgumentException("label matcher " + name + type.operator + Names.quote(value)
            + " has an invalid regular expression: " + e.getDescription(), e);
      }
    } else {
      this.pattern = null;
    }
  }

  /** A matcher on {@code name} of this type and value; see the static factories for each type. */
  public static LabelMatcher of(String name, Type type, String value) {
    return new LabelMatcher(name, type, value);
  }

  /** {@code name="value"}: the label equals {@code value} (a missing label equals {@code ""}). */
  public static LabelMatcher equal(String name, String value) {
    return new LabelMatcher(name, Type.EQUAL, value);
  }

  /** {@code name!="value"}. */
  public static LabelMatcher notEqual(String name, String value) {
    return new LabelMatcher(name, Type.NOT_EQUAL, value);
  }

  /**
   * {@code name=~"regex"}: the whole label value matches {@code regex}.
   *
   * @throws IllegalArgumentException if {@code regex} is not a valid regular expression
   */
  public static LabelMatcher regex(String name, String regex) {
    return new LabelMatcher(name, Type.REGEX, regex);
  }

  /** {@code name!~"regex"}: the whole label value does not match {@code regex}. */
  public static LabelMatcher notRegex(String name, String regex) {
    return new LabelMatcher(name, Type.NOT_REGEX, regex);
  }

  /**
   * Parses a matcher written as in Alertmanager, e.g. {@code alertname="cpu-high"}, {@code agent=~"worker-.*"}
   * or {@code team!=ops}; the value may be quoted with {@code "} (inside, {@code \"} and {@code \\} escape).
   *
   * @throws IllegalArgumentException if the text is not a matcher
   */
  public static LabelMatcher parse(String text) {
    if (text == null) {
      throw new IllegalArgumentException("label matcher text must not be null");
    }
    String t = text.strip();
    int i = 0;
    while (i < t.length() && (Character.isLetterOrDigit(t.charAt(i)) || t.charAt(i) == '_')) {
      i++;
    }
    String name = t.substring(0, i).strip();
    String rest = t.substring(i).stripLeading();
    Type type = null;
    for (Type candidate : new Type[] {Type.REGEX, Type.NOT_REGEX, Type.NOT_EQUAL, Type.EQUAL}) {
      if (rest.startsWith(candidate.operator)) {
        type = candidate;
        break;
      }
    }
    if (name.isEmpty() || type == null) {
      throw new IllegalArgumentException("label matcher " + Names.quote(text) + " is not allowed; write name, one of "
          + "= != =~ !~, and a value, e.g. alertname=\"cpu-high\" or agent=~\"worker-.*\"");
    }
    String value = rest.substring(type.operator.length()).strip();
    if (value.length() >= 2 && value.charAt(0) == '"' && value.charAt(value.length() - 1) == '"') {
      value = unescape(value.substring(1, value.length() - 1));
    }
    return new LabelMatcher(name, type, value);
  }

  private static String unescape(String quoted) {
    StringBuilder sb = new StringBuilder(quoted.length());
    for (int i = 0; i < quoted.length(); i++) {
      char c = quoted.charAt(i);
      if (c == '\\' && i + 1 < quoted.length() && (quoted.charAt(i + 1) == '"' || quoted.charAt(i + 1) == '\\')) {
        sb.append(quoted.charAt(++i));
      } else {
        sb.append(c);
      }
    }
    return sb.toString();
  }

  /** Whether the labels satisfy this matcher; a missing label reads as {@code ""}. */
  public boolean matches(Map<String, String> labels) {
    String actual = labels.getOrDefault(name, "");
    switch (type) {
      case EQUAL:
        return actual.equals(value);
      case NOT_EQUAL:
        return !actual.equals(value);
      case REGEX:
        return pattern.matcher(actual).matches();
      default:
        return !pattern.matcher(actual).matches();
    }
  }

  /** The label name. */
  public String name() {
    return name;
  }

  /** How the value is compared. */
  public Type type() {
    return type;
  }

  /** The text or regular expression compared with. */
  public String value() {
    return value;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof LabelMatcher m && m.name.equals(name) && m.type == type && m.value.equals(value);
  }

  @Override
  public int hashCode() {
    return Objects.hash(name, type, value);
  }

  /** The matcher as Alertmanager writes it, e.g. {@code agent=~"worker-.*"}. */
  @Override
  public String toString() {
    return name + type.operator + "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }
}
