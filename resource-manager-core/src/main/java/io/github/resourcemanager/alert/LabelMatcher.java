package io.github.resourcemanager.alert;

import io.github.resourcemanager.internal.alert.Names;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.jspecify.annotations.Nullable;

/**
 * A condition on one label of an alert, as in Prometheus and Alertmanager: {@code name="value"},
 * {@code name!="value"}, {@code name=~"regex"} and {@code name!~"regex"}.
 *
 * <p>As there, a missing label reads as the empty string, and regular expressions are anchored at both ends
 * ({@code severity=~"crit.*"} must match the whole value). Used by {@link Silence}s and by handlers'
 * {@link HandlerOptions#matchers()}. Immutable and thread-safe.
 */
public final class LabelMatcher {

  /** The operators, as written in Prometheus and Alertmanager matcher texts. */
  private static final List<String> OPERATORS = List.of("=", "!=", "=~", "!~");
  private static final int EQUAL = 0;
  private static final int NOT_EQUAL = 1;
  private static final int REGEX = 2;
  private static final int NOT_REGEX = 3;

  private final String name;
  private final int kind; // index in OPERATORS
  private final String value;
  private final @Nullable Pattern pattern;

  private LabelMatcher(String name, int kind, String value) {
    this.name = Names.requireLabelName("label matcher name", Names.requireNonNull("name", name));
    this.kind = kind;
    this.value = Names.requireNonNull("value", value);
    if (kind == REGEX || kind == NOT_REGEX) {
      try {
        this.pattern = Pattern.compile("^(?:" + value + ")$");
      } catch (PatternSyntaxException e) {
        throw new IllegalArgumentException("label matcher " + name + OPERATORS.get(kind) + Names.quote(value)
            + " has an invalid regular expression: " + e.getDescription(), e);
      }
    } else {
      this.pattern = null;
    }
  }

  /**
   * A matcher on {@code name} with this operator and value, e.g. {@code of("agent", "=~", "worker-.*")}; see the
   * static factories for each operator.
   *
   * @param operator {@code =}, {@code !=}, {@code =~} or {@code !~}
   * @throws IllegalArgumentException if the name or the operator is not allowed, or the regular expression is invalid
   */
  public static LabelMatcher of(String name, String operator, String value) {
    int kind = operator == null ? -1 : OPERATORS.indexOf(operator);
    if (kind < 0) {
      throw new IllegalArgumentException("label matcher operator " + Names.quote(operator) + " is not allowed; "
          + "allowed: = != =~ !~");
    }
    return new LabelMatcher(name, kind, value);
  }

  /** {@code name="value"}: the label equals {@code value} (a missing label equals {@code ""}). */
  public static LabelMatcher equal(String name, String value) {
    return new LabelMatcher(name, EQUAL, value);
  }

  /** {@code name!="value"}. */
  public static LabelMatcher notEqual(String name, String value) {
    return new LabelMatcher(name, NOT_EQUAL, value);
  }

  /**
   * {@code name=~"regex"}: the whole label value matches {@code regex}.
   *
   * @throws IllegalArgumentException if {@code regex} is not a valid regular expression
   */
  public static LabelMatcher regex(String name, String regex) {
    return new LabelMatcher(name, REGEX, regex);
  }

  /** {@code name!~"regex"}: the whole label value does not match {@code regex}. */
  public static LabelMatcher notRegex(String name, String regex) {
    return new LabelMatcher(name, NOT_REGEX, regex);
  }

  /**
   * Parses a matcher written as in Alertmanager, e.g. {@code alertname="cpu-high"}, {@code agent=~"worker-.*"}
   * or {@code team!=ops}: a label name, one of {@code = != =~ !~}, and a value, with optional spaces around each.
   * The value is either quoted with {@code "}, inside which {@code \"}, {@code \\} and {@code \n} are the only
   * escapes and nothing may follow the closing quote, or unquoted, in which case it may not contain {@code "} or
   * {@code \} and surrounding spaces are not part of it. {@link #toString()} writes a text this reads back.
   *
   * @throws IllegalArgumentException if the text is not a matcher; the message quotes it and says what is wrong
   */
  public static LabelMatcher parse(String text) {
    Objects.requireNonNull(text, "text");
    String t = text.strip();
    int i = 0;
    while (i < t.length() && isNameChar(t.charAt(i))) {
      i++;
    }
    String name = t.substring(0, i);
    String rest = t.substring(i).stripLeading();
    int kind = -1;
    for (int candidate : new int[] {REGEX, NOT_REGEX, NOT_EQUAL, EQUAL}) { // two-character operators first
      if (rest.startsWith(OPERATORS.get(candidate))) {
        kind = candidate;
        break;
      }
    }
    if (name.isEmpty() || kind < 0) {
      throw malformed(text, "write a label name, one of = != =~ !~, and a value");
    }
    String raw = rest.substring(OPERATORS.get(kind).length()).strip();
    String value;
    if (raw.startsWith("\"")) {
      value = unquote(raw, text);
    } else {
      if (raw.indexOf('"') >= 0 || raw.indexOf('\\') >= 0) {
        throw malformed(text, "an unquoted value may not contain \" or \\; quote it and escape them as \\\" and \\\\");
      }
      value = raw;
    }
    return new LabelMatcher(name, kind, value);
  }

  private static boolean isNameChar(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
  }

  /** The value of a quoted {@code raw} text, which must end with its closing quote. */
  private static String unquote(String raw, String text) {
    StringBuilder sb = new StringBuilder(raw.length());
    for (int i = 1; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if (c == '"') {
        if (i != raw.length() - 1) {
          throw malformed(text, "nothing may follow the closing quote of the value");
        }
        return sb.toString();
      }
      if (c == '\\') {
        char next = i + 1 < raw.length() ? raw.charAt(i + 1) : 0;
        if (next == '"' || next == '\\') {
          sb.append(next);
        } else if (next == 'n') {
          sb.append('\n');
        } else {
          throw malformed(text, "inside quotes only \\\", \\\\ and \\n are escapes");
        }
        i++;
      } else {
        sb.append(c);
      }
    }
    throw malformed(text, "the quoted value has no closing quote");
  }

  private static IllegalArgumentException malformed(String text, String why) {
    return new IllegalArgumentException("label matcher " + Names.quote(text) + " is not allowed: " + why
        + ", e.g. alertname=\"cpu-high\" or agent=~\"worker-.*\"");
  }

  /** Whether the labels satisfy this matcher; a missing label reads as {@code ""}. */
  public boolean matches(Map<String, String> labels) {
    String actual = labels.getOrDefault(name, "");
    Pattern p = pattern; // compiled exactly for REGEX and NOT_REGEX
    if (p == null) {
      return kind == EQUAL ? actual.equals(value) : !actual.equals(value);
    }
    return kind == REGEX ? p.matcher(actual).matches() : !p.matcher(actual).matches();
  }

  /** The label name. */
  public String name() {
    return name;
  }

  /** How the value is compared: {@code =}, {@code !=}, {@code =~} or {@code !~}, as in Alertmanager. */
  public String operator() {
    return OPERATORS.get(kind);
  }

  /** The text or regular expression compared with. */
  public String value() {
    return value;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof LabelMatcher m && m.name.equals(name) && m.kind == kind && m.value.equals(value);
  }

  @Override
  public int hashCode() {
    return Objects.hash(name, kind, value);
  }

  /** The matcher as Alertmanager writes it, e.g. {@code agent=~"worker-.*"}; {@link #parse} reads it back. */
  @Override
  public String toString() {
    return name + OPERATORS.get(kind) + "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n")
        + "\"";
  }
}
