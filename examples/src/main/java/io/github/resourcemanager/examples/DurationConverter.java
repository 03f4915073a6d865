package io.github.resourcemanager.examples;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import picocli.CommandLine;

/**
 * Reads durations as people write them ({@code 500ms}, {@code 15s}, {@code 2m}, {@code 1h}, {@code 1d}, and {@code 0}) or
 * ISO-8601 ({@code PT15S}).
 */
final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
  @Override
  public Duration convert(String value) {
    String v = value.trim();
    if (v.equals("0")) {
      return Duration.ZERO; // "--duration 0": no unit needed for nothing
    }
    try {
      if (v.startsWith("P") || v.startsWith("p")) {
        return Duration.parse(v);
      }
      int split = 0;
      while (split < v.length() && Character.isDigit(v.charAt(split))) {
        split++;
      }
      if (split == 0 || split == v.length()) {
        throw new CommandLine.TypeConversionException(invalid(value));
      }
      long amount = Long.parseLong(v.substring(0, split));
      return switch (v.substring(split)) {
        case "ms" -> Duration.ofMillis(amount);
        case "s" -> Duration.ofSeconds(amount);
        case "m", "min" -> Duration.ofMinutes(amount);
        case "h" -> Duration.ofHours(amount);
        case "d" -> Duration.ofDays(amount);
        default -> throw new CommandLine.TypeConversionException(invalid(value));
      };
    } catch (NumberFormatException | DateTimeParseException | ArithmeticException e) {
      throw new CommandLine.TypeConversionException(invalid(value));
    }
  }

  private static String invalid(String value) {
    return "'" + value + "' is not a duration; use a whole number with ms, s, m, h or d (500ms, 15s, 2m, 1h) or ISO-8601 (PT15S)";
  }
}
