package io.github.resourcemanager.internal.alert;

import io.github.resourcemanager.alert.Severity;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Annotation placeholders: {@code {{value}}}, {@code {{metric}}}, {@code {{agent}}}, {@code {{severity}}}. */
public final class Templates {

  private static final List<String> PLACEHOLDERS = List.of("value", "metric", "agent", "severity");

  private Templates() {}

  /** Rejects placeholders other than the known four, naming the annotation. */
  public static void validate(String owner, String key, String text) {
    int from = 0;
    while (true) {
      int open = text.indexOf("{{", from);
      if (open < 0) {
        return;
      }
      int close = text.indexOf("}}", open + 2);
      if (close < 0) {
        throw new IllegalArgumentException("annotation " + Names.quote(key) + " of " + owner + " has an unclosed {{ in "
            + Names.quote(text) + "; allowed placeholders: {{value}}, {{metric}}, {{agent}}, {{severity}}");
      }
      String name = text.substring(open + 2, close).strip();
      if (!PLACEHOLDERS.contains(name)) {
        throw new IllegalArgumentException("annotation " + Names.quote(key) + " of " + owner + " uses unknown placeholder {{"
            + name + "}}; allowed placeholders: {{value}}, {{metric}}, {{agent}}, {{severity}}");
      }
      from = close + 2;
    }
  }

  /** Fills the placeholders of every annotation. */
  static Map<String, String> expand(Map<String, String> annotations, double value, String metric, String agent,
      Severity severity) {
    if (annotations.isEmpty()) {
      return Map.of();
    }
    Map<String, String> out = new LinkedHashMap<>();
    annotations.forEach((k, text) -> out.put(k, expand(text, value, metric, agent, severity)));
    return Collections.unmodifiableMap(out);
  }

  static String expand(String text, double value, String metric, String agent, Severity severity) {
    if (text.indexOf("{{") < 0) {
      return text;
    }
    StringBuilder sb = new StringBuilder(text.length() + 16);
    int from = 0;
    while (true) {
      int open = text.indexOf("{{", from);
      if (open < 0) {
        sb.append(text, from, text.length());
        return sb.toString();
      }
      int close = text.indexOf("}}", open + 2);
      sb.append(text, from, open);
      String name = text.substring(open + 2, close).strip();
      switch (name) {
        case "value":
          sb.append(formatValue(value));
          break;
        case "metric":
          sb.append(metric);
          break;
        case "agent":
          sb.append(agent == null ? "" : agent);
          break;
        default:
          sb.append(severity.name());
          break;
      }
      from = close + 2;
    }
  }

  /** A value for people: at most three decimals, no trailing zeros, no exponent ({@code 85.5}, {@code 104857600}). */
  public static String formatValue(double value) {
    if (Double.isNaN(value) || Double.isInfinite(value)) {
      return Double.toString(value);
    }
    BigDecimal d = BigDecimal.valueOf(value).setScale(3, RoundingMode.HALF_UP).stripTrailingZeros();
    if (d.signum() == 0) {
      return "0";
    }
    return d.toPlainString();
  }
}
