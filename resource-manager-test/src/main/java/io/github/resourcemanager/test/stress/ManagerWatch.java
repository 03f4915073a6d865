package io.github.resourcemanager.test.stress;

import io.github.resourcemanager.ResourceManager;
import io.github.resourcemanager.alert.Alert;
import io.github.resourcemanager.alert.Severity;
import io.github.resourcemanager.monitor.Sample;
import io.github.resourcemanager.monitor.SampleListener;
import io.github.resourcemanager.scale.ScaleDecision;
import io.github.resourcemanager.scale.Scaler;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Watches a manager while a stress run lasts: the alerts that fire and the scaling decisions made.
 *
 * <p>Alerts: an alert counts when it fires during the run, that is, when it has fired by the end and had not fired
 * when the run started. Its severity is the one it has when it is first seen firing: right after the alert pipeline
 * evaluated the sample at which it fired (this watch listens to the monitor after the pipeline), so for rule alerts
 * the severity at firing. Alerts that fire and resolve between two samples (event alerts) are found at the end among
 * the resolved ones, with the severity they resolved with. Scaling decisions are counted as each scaler reports them.
 *
 * <p>Thread-safe: samples and decisions arrive on the monitor thread, the run ends on another.
 */
final class ManagerWatch implements SampleListener, Consumer<ScaleDecision> {
  private final ResourceManager manager;
  private final List<Scaler> scalers;
  private final Set<String> firedBefore = new HashSet<>();
  private final Map<String, Alert> raised = new LinkedHashMap<>(); // id -> the alert when first seen firing
  private final Map<String, int[]> byScaler = new LinkedHashMap<>(); // decisions, up, down, failed
  private boolean stopped;

  private ManagerWatch(ResourceManager manager) {
    this.manager = manager;
    this.scalers = manager.scalers();
  }

  /** Starts watching: remembers the alerts that have fired already, then listens. */
  static ManagerWatch start(ResourceManager manager) {
    ManagerWatch watch = new ManagerWatch(manager);
    synchronized (watch) {
      for (Alert a : manager.alerts().activeAlerts()) {
        if (a.firedAt().isPresent()) {
          watch.firedBefore.add(a.id());
        }
      }
      for (Alert a : manager.alerts().resolvedAlerts()) {
        watch.firedBefore.add(a.id());
      }
      for (Scaler s : watch.scalers) {
        watch.byScaler.put(s.name(), new int[4]);
      }
    }
    manager.addListener(watch);
    for (Scaler s : watch.scalers) {
      s.addListener(watch);
    }
    return watch;
  }

  @Override
  public void onSample(Sample sample) {
    List<Alert> active = manager.alerts().activeAlerts();
    synchronized (this) {
      if (!stopped) {
        note(active);
      }
    }
  }

  @Override
  public synchronized void accept(ScaleDecision decision) {
    int[] counts = byScaler.get(decision.scaler());
    if (stopped || counts == null) {
      return;
    }
    counts[0]++;
    if (decision.scaled()) {
      counts[decision.desired() > decision.current() ? 1 : 2]++;
    } else if (decision.failed()) {
      counts[3]++;
    }
  }

  private void note(List<Alert> alerts) {
    for (Alert a : alerts) {
      if (a.firedAt().isPresent() && !firedBefore.contains(a.id()) && !raised.containsKey(a.id())) {
        raised.put(a.id(), a);
      }
    }
  }

  /** Stops listening and returns what was seen. Later calls return the same figures. */
  Result stop() {
    manager.removeListener(this);
    for (Scaler s : scalers) {
      s.removeListener(this);
    }
    List<Alert> active = manager.alerts().activeAlerts();
    List<Alert> resolved = manager.alerts().resolvedAlerts();
    synchronized (this) {
      if (!stopped) {
        stopped = true;
        note(active);
        note(resolved);
      }
      return result();
    }
  }

  private Result result() {
    List<Alert> alerts = new ArrayList<>(raised.values());
    alerts.sort(Comparator.comparing(a -> a.firedAt().orElse(Instant.MAX))); // stable: ties keep the order seen
    Map<Severity, Integer> bySeverity = new EnumMap<>(Severity.class);
    for (Severity s : Severity.values()) {
      bySeverity.put(s, 0);
    }
    List<String> ids = new ArrayList<>();
    for (Alert a : alerts) {
      bySeverity.merge(a.severity(), 1, Integer::sum);
      ids.add(a.id());
    }
    int decisions = 0;
    int up = 0;
    int down = 0;
    int failed = 0;
    Map<String, StressReport.ScalerCounts> perScaler = new LinkedHashMap<>();
    for (Map.Entry<String, int[]> e : byScaler.entrySet()) {
      int[] c = e.getValue();
      perScaler.put(e.getKey(), new StressReport.ScalerCounts(c[0], c[1], c[2], c[3]));
      decisions += c[0];
      up += c[1];
      down += c[2];
      failed += c[3];
    }
    return new Result(new StressReport.Alerts(alerts.size(), bySeverity, ids),
        new StressReport.Scaling(decisions, up, down, failed, perScaler));
  }

  /** What a watch saw. */
  record Result(StressReport.Alerts alerts, StressReport.Scaling scaling) {}
}
