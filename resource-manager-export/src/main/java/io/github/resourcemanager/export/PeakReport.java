package io.github.resourcemanager.export;

import io.github.resourcemanager.monitor.Metric;
import java.io.IOException;
import java.io.Writer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The peak of each metric over a window: see {@link Analytics#peaks(Duration)}.
 *
 * @param generatedAt when the report was made (the analytics' clock)
 * @param window how far back from then it looked
 * @param peaks one per metric that had a measured value, machine metrics first, in metric definition order
 *     (or in the order asked for)
 */
public record PeakReport(Instant generatedAt, Duration window, List<Peak> peaks) implements JsonReport {

  /** Validates presence and copies the list. */
  public PeakReport {
    Objects.requireNonNull(generatedAt, "generatedAt");
    Objects.requireNonNull(window, "window");
    peaks = List.copyOf(Objects.requireNonNull(peaks, "peaks"));
  }

  /** The peak of {@code metric}, if it had a measured value in the window. */
  public Optional<Peak> peak(Metric metric) {
    Objects.requireNonNull(metric, "metric");
    for (Peak p : peaks) {
      if (p.metric() == metric) {
        return Optional.of(p);
      }
    }
    return Optional.empty();
  }

  /**
   * Writes this report as JSON to {@code out}, flushed and left open:
   * <pre>{@code
   * {"kind":"peaks","generatedAt":"2026-01-01T01:00:00Z","window":"PT1H",
   *  "peaks":[{"metric":"system.cpu.usage","unit":"%","agent":null,"value":93.5,"time":"2026-01-01T00:41:05Z"}]}
   * }</pre>
   *
   * @throws IllegalStateException if jackson-core (from {@code jackson-databind}) is not on the class path
   */
  @Override
  public void writeJson(Writer out) throws IOException {
    Output.json(tree(), out, "writing peaks");
  }


  private Map<String, Object> tree() {
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("kind", "peaks");
    doc.put("generatedAt", generatedAt);
    doc.put("window", window);
    List<Object> items = new ArrayList<>(peaks.size());
    for (Peak p : peaks) {
      Map<String, Object> item = new LinkedHashMap<>();
      item.put("metric", p.metric().name());
      item.put("unit", p.metric().unit().symbol());
      item.put("agent", p.agent());
      item.put("value", p.value());
      item.put("time", p.time());
      items.add(item);
    }
    doc.put("peaks", items);
    return doc;
  }
}
