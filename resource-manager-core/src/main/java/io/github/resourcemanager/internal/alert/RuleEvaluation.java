package io.github.resourcemanager.internal.alert;

import io.github.resourcemanager.alert.AlertRule;
import io.github.resourcemanager.monitor.Sample;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.DoubleSupplier;

/**
 * The threshold rules of a pipeline, compiled and each with its evaluator, run in order on every sample on the
 * monitor thread. What a step changes goes to the engine's {@link SlotChanges}.
 */
final class RuleEvaluation {

  private final List<AlertRule> rules;
  private final RuleEvaluator[] evaluators;
  private final Set<String> names = new HashSet<>();
  private final AtomicLong evaluations = new AtomicLong();
  private final AtomicLong gaugeFailures = new AtomicLong();
  private final AtomicLong gaugeTimeouts = new AtomicLong();
  private final GaugeReading[] gauges;

  RuleEvaluation(List<AlertRule> rules, long repeatNanos, SlotChanges changes) {
    this.rules = rules;
    this.evaluators = new RuleEvaluator[rules.size()];
    List<GaugeReading> readings = new ArrayList<>();
    for (int i = 0; i < evaluators.length; i++) {
      AlertRule rule = rules.get(i);
      names.add(rule.name());
      CompiledRule compiled = new CompiledRule(rule);
      DoubleSupplier gauge = compiled.gauge;
      GaugeReading reading = gauge == null ? null : new GaugeReading(compiled, gauge, gaugeFailures, gaugeTimeouts);
      if (reading != null) {
        readings.add(reading);
      }
      evaluators[i] = RuleEvaluator.of(compiled, changes, repeatNanos, reading);
    }
    this.gauges = readings.toArray(new GaugeReading[0]);
  }

  /** The readings of the gauge rules' gauges, in rule order; read before {@link #evaluate}, outside the lock. */
  GaugeReading[] gauges() {
    return gauges;
  }

  /** Reads every gauge on the calling thread for the sample numbered {@code sequence} (without the monitor). */
  void readGauges(long sequence) {
    for (GaugeReading g : gauges) {
      g.read(sequence);
      g.commit();
    }
  }

  /** Evaluates every rule on {@code sample}, in order; the engine's lock is held. */
  void evaluate(Sample sample, long now, long millis) {
    evaluations.incrementAndGet();
    for (RuleEvaluator e : evaluators) {
      e.evaluate(sample, now, millis);
    }
  }

  /** The rules, in evaluation order. */
  List<AlertRule> rules() {
    return rules;
  }

  /** Whether a rule has this name (event alerts may not take it). */
  boolean hasRule(String name) {
    return names.contains(name);
  }

  /** How many rules there are. */
  int count() {
    return evaluators.length;
  }

  /** Samples evaluated. */
  long evaluations() {
    return evaluations.get();
  }

  /** Gauge reads that threw. */
  long gaugeFailures() {
    return gaugeFailures.get();
  }

  /** Gauge reads that had not returned by the callback timeout. */
  long gaugeTimeouts() {
    return gaugeTimeouts.get();
  }
}
