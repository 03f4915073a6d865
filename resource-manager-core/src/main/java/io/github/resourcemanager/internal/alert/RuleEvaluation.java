package io.github.resourcemanager.internal.alert;

import io.github.resourcemanager.alert.AlertRule;
import io.github.resourcemanager.monitor.Sample;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

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

  RuleEvaluation(List<AlertRule> rules, long repeatNanos, SlotChanges changes) {
    this.rules = rules;
    this.evaluators = new RuleEvaluator[rules.size()];
    for (int i = 0; i < evaluators.length; i++) {
      AlertRule rule = rules.get(i);
      names.add(rule.name());
      evaluators[i] = RuleEvaluator.of(new CompiledRule(rule), changes, repeatNanos, gaugeFailures);
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
}
