package io.github.resourcemanager.internal.alert;

import io.github.resourcemanager.monitor.Sample;
import org.jspecify.annotations.Nullable;

/** One threshold rule with the state of its alerts, stepped on every sample on the monitor thread. */
abstract class RuleEvaluator {

  final CompiledRule rule;
  final SlotChanges changes;
  final long repeatNanos;

  RuleEvaluator(CompiledRule rule, SlotChanges changes, long repeatNanos) {
    this.rule = rule;
    this.changes = changes;
    this.repeatNanos = repeatNanos;
  }

  /** The evaluator of {@code rule}: one alert per agent for an agent metric, else one alert. */
  static RuleEvaluator of(CompiledRule rule, SlotChanges changes, long repeatNanos, @Nullable GaugeReading gauge) {
    return rule.perAgent ? new AgentEvaluator(rule, changes, repeatNanos)
        : new SingleEvaluator(rule, changes, repeatNanos, gauge);
  }

  /** Evaluates the rule on {@code sample}; the engine's lock is held. Allocates nothing unless an alert starts. */
  abstract void evaluate(Sample sample, long now, long millis);

  /** Steps {@code slot} with the value {@code v} and passes on what changed. */
  final void step(AlertSlot slot, double v, long now, long millis) {
    int flags = slot.step(rule, v, now, millis, repeatNanos);
    if (flags != 0) {
      changes.changed(slot, flags, now, millis);
    }
  }
}
