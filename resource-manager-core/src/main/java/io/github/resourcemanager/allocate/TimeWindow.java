package io.github.resourcemanager.allocate;

import java.time.LocalTime;
import java.util.Objects;

/**
 * A daily window of wall-clock time, start inclusive, end exclusive, such as {@code 09:00-17:00}. A window whose end
 * is not after its start crosses midnight: {@code 17:00-09:00} is 17:00 to midnight and midnight to 09:00.
 * {@code 24:00} may be written as an end for "until midnight". Immutable.
 *
 * @param start the first minute in the window
 * @param end the first minute after the window ({@link LocalTime#MIDNIGHT} for "until midnight")
 */
public record TimeWindow(LocalTime start, LocalTime end) {

  /**
   * Validates.
   *
   * @throws IllegalArgumentException if start equals end (neither empty nor whole-day windows are meaningful)
   */
  public TimeWindow {
    Objects.requireNonNull(start, "start");
    Objects.requireNonNull(end, "end");
    if (start.equals(end)) {
      throw new IllegalArgumentException("time window " + start + "-" + end + " is empty; start and end must differ");
    }
  }

  /**
   * Parses {@code HH:mm-HH:mm}: two digits for each hour (00 to 23, or 24:00 for an end at midnight) and minute (00
   * to 59), spaces allowed around the text and the dash, nothing else (no seconds).
   *
   * @throws IllegalArgumentException if the text is malformed; the message quotes it and shows the form
   */
  public static TimeWindow parse(String text) {
    String t = Objects.requireNonNull(text, "text").strip();
    int dash = t.indexOf('-');
    if (dash < 0) {
      throw malformed(text);
    }
    LocalTime start = time(t.substring(0, dash).strip(), false, text);
    LocalTime end = time(t.substring(dash + 1).strip(), true, text);
    return new TimeWindow(start, end);
  }

  /** {@code HH:mm} exactly; {@code 24:00} (midnight) only as an end. */
  private static LocalTime time(String hhmm, boolean end, String text) {
    if (hhmm.length() != 5 || hhmm.charAt(2) != ':' || !digit(hhmm.charAt(0)) || !digit(hhmm.charAt(1))
        || !digit(hhmm.charAt(3)) || !digit(hhmm.charAt(4))) {
      throw malformed(text);
    }
    int hour = (hhmm.charAt(0) - '0') * 10 + (hhmm.charAt(1) - '0');
    int minute = (hhmm.charAt(3) - '0') * 10 + (hhmm.charAt(4) - '0');
    if (end && hour == 24 && minute == 0) {
      return LocalTime.MIDNIGHT;
    }
    if (hour > 23 || minute > 59) {
      throw malformed(text);
    }
    return LocalTime.of(hour, minute);
  }

  private static boolean digit(char c) {
    return c >= '0' && c <= '9';
  }

  private static IllegalArgumentException malformed(String text) {
    return new IllegalArgumentException("time window \"" + text + "\""
        + " is not allowed; use HH:mm-HH:mm, e.g. 09:00-17:00 or 17:00-09:00 (crossing midnight)");
  }

  /** Whether the window crosses (or ends at) midnight. */
  public boolean crossesMidnight() {
    return !end.isAfter(start);
  }

  /** Whether {@code time} is in the window. */
  public boolean contains(LocalTime time) {
    if (crossesMidnight()) {
      return !time.isBefore(start) || time.isBefore(end);
    }
    return !time.isBefore(start) && time.isBefore(end);
  }

  /** For example {@code 17:00-09:00}; a window ending at midnight is written with {@code 24:00}. */
  @Override
  public String toString() {
    return start + "-" + (end.equals(LocalTime.MIDNIGHT) ? "24:00" : end.toString());
  }
}
