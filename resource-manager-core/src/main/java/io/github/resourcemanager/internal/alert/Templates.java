package io.github.resourcemanager.internal.alert;

import io.github.resourcemanager.alert.AlertState;
import io.github.resourcemanager.alert.Severity;
import io.github.resourcemanager.monitor.Unit;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Annotation placeholders: {@code {{value}}}, {@code {{humanValue}}}, {@code {{metric}}}, {@code {{agent}}},
 * {@code {{severity}}}, {@code {{state}}} and {@code {{$labels.NAME}}} (as Prometheus templates write a label).
 */
public final class Templates {

  private static final List<String> PLACEHOLDERS = List.of("value", "humanValue", "metric", "agent", "severity", "state");
  private static final String LABELS = "$labels.";
  private static final String ALLOWED = "allowed placeholders: {{value}}, {{humanValue}}, {{metric}}, {{agent}}, "
      + "{{severity}}, {{state}}, {{$labels.NAME}}";
  private static final String[] BYTE_UNITS = {"B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};

  private Templates() {}

  /** Rejects placeholders other than the known ones, and label names Prometheus would not accept, naming the annotation. */
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
            + Names.quote(text) + "; " + ALLOWED);
      }
      String name = text.substring(open + 2, close).strip();
      if (name.startsWith(LABELS)) {
        String label = name.substring(LABELS.length());
        if (!isLabelName(label)) {
          throw new IllegalArgumentException("annotation " + Names.quote(key) + " of " + owner + " uses {{" + name
              + "}}, but " + Names.quote(label) + " is not a label name (a letter or _, then letters, digits or _); "
              + ALLOWED);
        }
      } else if (!PLACEHOLDERS.contains(name)) {
        throw new IllegalArgumentException("annotation " + Names.quote(key) + " of " + owner + " uses unknown placeholder {{"
            + name + "}}; " + ALLOWED);
      }
      from = close + 2;
    }
  }

  /**
   * Prometheus' label names: {@code [a-zA-Z_][a-zA-Z0-9_]*} (model.LegacyValidation.IsValidLabelName, with which
   * model/labels/labels_common.go checks them).
   */
  private static boolean isLabelName(String name) {
    if (name.isEmpty()) {
      return false;
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      boolean letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
      if (!letter && (i == 0 || c < '0' || c > '9')) {
        return false;
      }
    }
    return true;
  }

  /** What the placeholders of one alert expand to. */
  record Values(double value, @Nullable Unit unit, String metric, @Nullable String agent, Severity severity,
      AlertState state, Map<String, String> labels) {}

  /** Fills the placeholders of every annotation. */
  static Map<String, String> expand(Map<String, String> annotations, Values values) {
    if (annotations.isEmpty()) {
      return Map.of();
    }
    Map<String, String> out = new LinkedHashMap<>();
    annotations.forEach((k, text) -> out.put(k, expand(text, values)));
    return Collections.unmodifiableMap(out);
  }

  static String expand(String text, Values v) {
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
        case "value" -> sb.append(formatValue(v.value()));
        case "humanValue" -> sb.append(human(v.value(), v.unit()));
        case "metric" -> sb.append(v.metric());
        case "agent" -> sb.append(v.agent() == null ? "" : v.agent());
        case "severity" -> sb.append(v.severity().name());
        case "state" -> sb.append(v.state().name().toLowerCase(Locale.ROOT));
        // A label the alert does not have is empty, as Prometheus' templates run with missingkey=zero.
        default -> sb.append(v.labels().getOrDefault(name.substring(LABELS.length()), ""));
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

  /**
   * A value in its unit for people: {@code 81 %}, {@code 93.5 %}; bytes with binary prefixes and one decimal
   * ({@code 3.2 GiB}, {@code 512 B}); byte rates the same per second ({@code 50.2 MiB/s}); seconds with {@code s};
   * counts and unitless values as {@link #formatValue}. NaN (no data) is {@code no data}.
   */
  public static String human(double value, @Nullable Unit unit) {
    if (Double.isNaN(value)) {
      return "no data";
    }
    if (Double.isInfinite(value) || unit == null) {
      return formatValue(value);
    }
    return switch (unit) {
      case PERCENT -> oneDecimal(value) + " %";
      case BYTES -> bytes(value);
      case BYTES_PER_SECOND -> bytes(value) + "/s";
      case SECONDS -> formatValue(value) + " s";
      default -> formatValue(value);
    };
  }

  private static String bytes(double value) {
    double scaled = value;
    int u = 0;
    while (Math.abs(scaled) >= 1024 && u < BYTE_UNITS.length - 1) {
      scaled /= 1024;
      u++;
    }
    if (u == 0) {
      return BigDecimal.valueOf(value).setScale(0, RoundingMode.HALF_UP).toPlainString() + " B";
    }
    BigDecimal rounded = BigDecimal.valueOf(scaled).setScale(1, RoundingMode.HALF_UP);
    if (rounded.abs().compareTo(BigDecimal.valueOf(1024)) >= 0 && u < BYTE_UNITS.length - 1) {
      rounded = BigDecimal.valueOf(scaled / 1024).setScale(1, RoundingMode.HALF_UP); // 1023.96 KiB is 1 MiB
      u++;
    }
    return strip(rounded) + " " + BYTE_UNITS[u];
  }

  private static String oneDecimal(double value) {
    return strip(BigDecimal.valueOf(value).setScale(1, RoundingMode.HALF_UP));
  }

  private static String strip(BigDecimal d) {
    return d.signum() == 0 ? "0" : d.stripTrailingZeros().toPlainString();
  }
}
