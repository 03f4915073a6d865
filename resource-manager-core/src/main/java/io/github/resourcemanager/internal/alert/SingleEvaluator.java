package io.github.resourcemanager.internal.alert;

import io.github.resourcemanager.monitor.Sample;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A machine-level or gauge rule: one identity, one preallocated slot reused across alert episodes. A gauge rule's
 * value comes from its {@link GaugeReading}, taken before evaluation and outside the engine's lock; a gauge that
 * failed or did not return in time counts as "no data" for that evaluation.
 */
final class SingleEvaluator extends RuleEvaluator {

  private final AlertSlot slot;
  private final @Nullable GaugeReading gauge; // null unless a gauge rule

  SingleEvaluator(CompiledRule rule, SlotChanges changes, long repeatNanos, @Nullable GaugeReading gauge) {
    super(rule, changes, repeatNanos);
    this.gauge = gauge;
    Map<String, String> labels = new LinkedHashMap<>(rule.rule.labels());
    labels.put(Names.ALERTNAME, rule.name);
    this.slot = new AlertSlot(rule, null, Collections.unmodifiableMap(labels), Map.of());
  }

  @Override
  void evaluate(Sample sample, long now, long millis) {
    step(slot, gauge != null ? gauge.valueAt(sample.sequence()) : rule.read(sample), now, millis);
  }
}
