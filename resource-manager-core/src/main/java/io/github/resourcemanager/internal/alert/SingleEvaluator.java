package io.github.resourcemanager.internal.alert;

import io.github.resourcemanager.alert.AlertPipeline;
import io.github.resourcemanager.monitor.Sample;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A machine-level or gauge rule: one identity, one preallocated slot reused across alert episodes. A gauge that
 * throws counts as "no data" for that evaluation; the first failure of a run is logged with its stack trace, the
 * recovery at info.
 */
final class SingleEvaluator extends RuleEvaluator {

  private static final Logger log = LoggerFactory.getLogger(AlertPipeline.class);

  private final AlertSlot slot;
  private final AtomicLong gaugeFailures;
  private boolean gaugeFailing;

  SingleEvaluator(CompiledRule rule, SlotChanges changes, long repeatNanos, AtomicLong gaugeFailures) {
    super(rule, changes, repeatNanos);
    this.gaugeFailures = gaugeFailures;
    Map<String, String> labels = new LinkedHashMap<>(rule.rule.labels());
    labels.put(Names.ALERTNAME, rule.name);
    this.slot = new AlertSlot(rule, null, Collections.unmodifiableMap(labels), Map.of());
  }

  @Override
  void evaluate(Sample sample, long now, long millis) {
    step(slot, rule.gauge != null ? readGauge() : rule.read(sample), now, millis);
  }

  private double readGauge() {
    try {
      double v = rule.gauge.getAsDouble();
      if (gaugeFailing) {
        gaugeFailing = false;
        log.info("gauge {} of alert rule '{}' recovered", rule.input, rule.name);
      }
      return Double.isInfinite(v) ? Double.NaN : v;
    } catch (RuntimeException e) {
      gaugeFailures.incrementAndGet();
      if (!gaugeFailing) {
        gaugeFailing = true;
        log.warn("gauge {} of alert rule '{}' failed; counted as no data until it recovers", rule.input, rule.name, e);
      }
      return Double.NaN;
    }
  }
}
