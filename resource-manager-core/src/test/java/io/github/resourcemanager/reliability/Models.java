package io.github.resourcemanager.reliability;

import java.math.BigInteger;
import java.time.Duration;
import java.time.LocalTime;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * What the library's documented rules say of an input, written out here independently of the code under test: the
 * oracle of the bad-input properties. Each rule cites where it is documented.
 */
final class Models {

  private Models() {}

  /** {@code AgentTracker.register}: 1 to 128 of letters, digits and {@code . _ - : / @}, starting with a letter or digit. */
  static boolean agentId(String id) {
    return id != null && id.matches("[A-Za-z0-9][A-Za-z0-9._\\-:/@]{0,127}");
  }

  /** Project names: as agent ids ({@code ProjectConfig.custom}). */
  static boolean projectName(String name) {
    return agentId(name);
  }

  /** {@code Metric.of}: lowercase letters, digits, {@code _} and {@code -} in words separated by single dots. */
  static boolean metricName(String name) {
    return name != null && name.matches("[a-z0-9_-]+(\\.[a-z0-9_-]+)*");
  }

  /** Alert rule and event alert names: 1 to 128 of letters, digits and {@code _ . : -}, starting with a letter. */
  static boolean alertName(String name) {
    return name != null && name.matches("[A-Za-z][A-Za-z0-9_.:\\-]{0,127}");
  }

  /** Label names, as Prometheus': letters, digits and {@code _}, not starting with a digit. */
  static boolean labelName(String name) {
    return name != null && name.matches("[A-Za-z_][A-Za-z0-9_]*");
  }

  /** Labels users may set: a label name other than {@code alertname}, {@code agent}, {@code severity}. */
  static boolean userLabel(String name, String value) {
    return labelName(name) && !List.of("alertname", "agent", "severity").contains(name) && value != null;
  }

  /** {@code PriorityClass}: Kubernetes' DNS-label form, 1 to 63 lowercase letters, digits and {@code -}. */
  static boolean priorityClassName(String name) {
    return name != null && name.matches("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");
  }

  /** Whether {@code d} is a whole number of nanoseconds a {@code long} holds (about 292 years either way). */
  static boolean fitsNanos(Duration d) {
    BigInteger nanos = BigInteger.valueOf(d.getSeconds()).multiply(BigInteger.valueOf(1_000_000_000L))
        .add(BigInteger.valueOf(d.getNano()));
    return nanos.bitLength() < 64;
  }

  /** Counts ({@code Resource.parse} of a count): ASCII digits, surrounding whitespace ignored, up to Long.MAX_VALUE. */
  static Optional<Long> count(String text) {
    if (text == null) {
      return Optional.empty();
    }
    String t = text.strip();
    if (!t.matches("[0-9]{1,19}")) {
      return Optional.empty();
    }
    BigInteger v = new BigInteger(t);
    return v.bitLength() < 64 ? Optional.of(v.longValueExact()) : Optional.empty();
  }

  private static final Pattern HH_MM = Pattern.compile("([0-9]{2}):([0-9]{2})");

  /**
   * {@code TimeWindow.parse}: {@code HH:mm-HH:mm}, spaces allowed around the text and the dash, hours 00-23 (24:00 only
   * as an end), minutes 00-59, start and end different. Returns {start, end}.
   */
  static Optional<LocalTime[]> timeWindow(String text) {
    if (text == null) {
      return Optional.empty();
    }
    String t = text.strip();
    int dash = t.indexOf('-');
    if (dash < 0) {
      return Optional.empty();
    }
    Optional<LocalTime> start = time(t.substring(0, dash).strip(), false);
    Optional<LocalTime> end = time(t.substring(dash + 1).strip(), true);
    if (start.isEmpty() || end.isEmpty() || start.get().equals(end.get())) {
      return Optional.empty();
    }
    return Optional.of(new LocalTime[] {start.get(), end.get()});
  }

  private static Optional<LocalTime> time(String hhmm, boolean end) {
    Matcher m = HH_MM.matcher(hhmm);
    if (!m.matches()) {
      return Optional.empty();
    }
    int h = Integer.parseInt(m.group(1));
    int min = Integer.parseInt(m.group(2));
    if (end && h == 24 && min == 0) {
      return Optional.of(LocalTime.MIDNIGHT);
    }
    return h <= 23 && min <= 59 ? Optional.of(LocalTime.of(h, min)) : Optional.empty();
  }

  /** Annotation templates: every {@code {{} closes, around one of value, metric, agent, severity (spaces allowed). */
  static boolean template(String text) {
    int from = 0;
    while (true) {
      int open = text.indexOf("{{", from);
      if (open < 0) {
        return true;
      }
      int close = text.indexOf("}}", open + 2);
      if (close < 0 || !List.of("value", "metric", "agent", "severity").contains(text.substring(open + 2, close)
          .strip())) {
        return false;
      }
      from = close + 2;
    }
  }

  /** A label matcher as {@code LabelMatcher.parse} documents it: name, operator, value. */
  record MatcherParts(String name, String operator, String value) {}

  /**
   * {@code LabelMatcher.parse}: a label name, one of {@code =~ !~ != =}, a value; spaces around each part. A quoted
   * value ends at its closing quote, the text's end, and knows only the escapes {@code \" \\ \n}; an unquoted one holds
   * no {@code "} or {@code \}. A regular expression must compile (as {@code ^(?:value)$}, java.util.regex).
   */
  static Optional<MatcherParts> labelMatcher(String text) {
    if (text == null) {
      return Optional.empty();
    }
    String t = text.strip();
    int i = 0;
    while (i < t.length() && String.valueOf(t.charAt(i)).matches("[A-Za-z0-9_]")) {
      i++;
    }
    String name = t.substring(0, i);
    String rest = t.substring(i).stripLeading();
    String operator = null;
    for (String op : List.of("=~", "!~", "!=", "=")) {
      if (rest.startsWith(op)) {
        operator = op;
        break;
      }
    }
    if (operator == null || !labelName(name)) {
      return Optional.empty();
    }
    String raw = rest.substring(operator.length()).strip();
    String value;
    if (raw.startsWith("\"")) {
      Optional<String> unquoted = unquote(raw);
      if (unquoted.isEmpty()) {
        return Optional.empty();
      }
      value = unquoted.get();
    } else if (raw.contains("\"") || raw.contains("\\")) {
      return Optional.empty();
    } else {
      value = raw;
    }
    if (operator.contains("~")) {
      try {
        Pattern.compile("^(?:" + value + ")$");
      } catch (PatternSyntaxException e) {
        return Optional.empty();
      }
    }
    return Optional.of(new MatcherParts(name, operator, value));
  }

  private static Optional<String> unquote(String raw) {
    if (raw.length() < 2 || !raw.endsWith("\"")) {
      return Optional.empty();
    }
    String inner = raw.substring(1, raw.length() - 1);
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < inner.length(); i++) {
      char c = inner.charAt(i);
      if (c == '"') {
        return Optional.empty(); // an unescaped quote before the end
      }
      if (c == '\\') {
        if (i + 1 >= inner.length()) {
          return Optional.empty(); // the closing quote was escaped
        }
        char next = inner.charAt(++i);
        if (next == '"' || next == '\\') {
          sb.append(next);
        } else if (next == 'n') {
          sb.append('\n');
        } else {
          return Optional.empty();
        }
      } else {
        sb.append(c);
      }
    }
    return Optional.of(sb.toString());
  }
}
