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

/**
 * The bottlenecks found over a window, most important first: see
 * {@link Analytics#bottlenecks(Duration, BottleneckCriteria)}.
 *
 * @param generatedAt when the report was made (the analytics' clock)
 * @param window how far back from then it looked
 * @param criteria the thresholds, minimum duration and ranking used
 * @param bottlenecks one per metric and source (machine, or agent) with at least one run kept, ranked
 */
public record BottleneckReport(Instant generatedAt, Duration window, BottleneckCriteria criteria,
    List<Bottleneck> bottlenecks) implements JsonReport {

  /** Validates presence and copies the list. */
  public BottleneckReport {
    Objects.requireNonNull(generatedAt, "generatedAt");
    Objects.requireNonNull(window, "window");
    Objects.requireNonNull(criteria, "criteria");
    bottlenecks = List.copyOf(Objects.requireNonNull(bottlenecks, "bottlenecks"));
  }

  /**
   * Writes this report as JSON to {@code out}, flushed and left open: the criteria, then each bottleneck with its
   * runs. Durations are ISO-8601 ({@code PT2M30S}), with {@code timeAboveSeconds} as a number for sorting.
   *
   * @throws IllegalStateException if jackson-core (from {@code jackson-databind}) is not on the class path
   */
  @Override
  public void writeJson(Writer out) throws IOException {
    Output.json(tree(), out, "writing bottlenecks");
  }


  private Map<String, Object> tree() {
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("kind", "bottlenecks");
    doc.put("generatedAt", generatedAt);
    doc.put("window", window);
    Map<String, Object> thresholds = new LinkedHashMap<>();
    for (Map.Entry<Metric, Double> t : criteria.thresholds().entrySet()) {
      thresholds.put(t.getKey().name(), t.getValue());
    }
    doc.put("thresholds", thresholds);
    doc.put("percentThreshold", criteria.percentThreshold().isPresent() ? criteria.percentThreshold().getAsDouble() : null);
    doc.put("minDuration", criteria.minDuration());
    doc.put("ranking", criteria.ranking());
    List<Object> items = new ArrayList<>(bottlenecks.size());
    for (Bottleneck b : bottlenecks) {
      Map<String, Object> item = new LinkedHashMap<>();
      item.put("metric", b.metric().name());
      item.put("unit", b.metric().unit().symbol());
      item.put("agent", b.agent());
      item.put("threshold", b.threshold());
      item.put("timeAbove", b.timeAbove());
      item.put("timeAboveSeconds", b.timeAbove().toNanos() / 1e9);
      item.put("longestRun", b.longestRun());
      item.put("peak", b.peak());
      item.put("peakTime", b.peakTime());
      item.put("severity", b.severity());
      List<Object> runs = new ArrayList<>(b.runs().size());
      for (Bottleneck.Run r : b.runs()) {
        Map<String, Object> run = new LinkedHashMap<>();
        run.put("start", r.start());
        run.put("end", r.end());
        run.put("duration", r.duration());
        run.put("peak", r.peak());
        runs.add(run);
      }
      item.put("runs", runs);
      items.add(item);
    }
    doc.put("bottlenecks", items);
    return doc;
  }
}
