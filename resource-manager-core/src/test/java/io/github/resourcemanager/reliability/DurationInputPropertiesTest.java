package io.github.resourcemanager.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;

import io.github.resourcemanager.ResourceManager;
import io.github.resourcemanager.alert.AlertRule;
import io.github.resourcemanager.alert.EventAlert;
import io.github.resourcemanager.alert.HandlerOptions;
import io.github.resourcemanager.alert.Severity;
import io.github.resourcemanager.allocate.AllocationConfig;
import io.github.resourcemanager.allocate.OverflowPolicy;
import io.github.resourcemanager.allocate.PredictionConfig;
import io.github.resourcemanager.allocate.ResourcePool;
import io.github.resourcemanager.allocate.SharingStrategy;
import io.github.resourcemanager.internal.alert.AlertPipelineConfig;
import io.github.resourcemanager.internal.monitor.MonitorConfig;
import io.github.resourcemanager.monitor.Metric;
import io.github.resourcemanager.scale.DynamicScalerConfig;
import io.github.resourcemanager.scale.HorizontalScalerConfig;
import io.github.resourcemanager.scale.ScalingPolicy;
import io.github.resourcemanager.scale.ScalingRules;
import io.github.resourcemanager.scale.VerticalRecommenderConfig;
import io.github.resourcemanager.test.ManualScheduler;
import io.github.resourcemanager.test.ManualTicker;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.function.Function;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every duration a builder or method takes, with any duration (null, zero, negative, one nanosecond, ordinary, too long
 * for a {@code long} of nanoseconds). Each setting states its documented rule; a duration the rule allows is kept
 * exactly, any other is rejected with an {@link IllegalArgumentException} naming the setting; a null where null means
 * nothing is a {@link NullPointerException} naming the setting.
 */
class DurationInputPropertiesTest {

  /**
   * A setting: its name as messages must give it, an action that uses a duration and returns what it kept, the rule
   * for non-null durations, and for settings where null documentedly means "the default", that default (else null:
   * null is rejected).
   */
  private record Setting(String name, Function<Duration, Duration> useAndRead, Predicate<Duration> rule,
      Duration nullMeans) {
    Setting(String name, Function<Duration, Duration> useAndRead, Predicate<Duration> rule) {
      this(name, useAndRead, rule, null);
    }

    Optional<Duration> expected(Duration d) {
      if (d == null) {
        return Optional.ofNullable(nullMeans);
      }
      return Models.fitsNanos(d) && rule.test(d) ? Optional.of(d) : Optional.empty();
    }
  }

  private static final Predicate<Duration> POSITIVE = d -> d.toNanos() > 0;
  private static final Predicate<Duration> NOT_NEGATIVE = d -> d.toNanos() >= 0;
  private static final Predicate<Duration> AT_LEAST_A_MILLISECOND = d -> d.toMillis() >= 1;

  /** Samples a history of {@code retention} keeps at the default interval of 5 s: both ends of the window. */
  private static long samplesAt5s(Duration retention) {
    long interval = 5_000_000_000L;
    return (retention.toNanos() + interval - 1) / interval + 1;
  }

  private static ResourceManager manager;
  private static ResourcePool pool;

  @BeforeAll
  static void pool() {
    ManualTicker ticker = new ManualTicker();
    manager = ResourceManager.custom().platformSources(false).ticker(ticker).scheduler(new ManualScheduler(ticker))
        .allocation(AllocationConfig.custom().machineCpus(2).build()).build();
    pool = manager.allocation();
    pool.admit("runs");
  }

  @AfterAll
  static void close() {
    manager.close();
  }

  private static AlertRule.Builder rule() {
    return AlertRule.custom().name("r").metric(Metric.SYSTEM_CPU_USAGE).threshold(Severity.WARNING, 1);
  }

  private static List<Setting> settings() {
    return List.of(
        // The interval alone: a history of one interval, so that no other limit applies.
        new Setting("interval", d -> MonitorConfig.custom().interval(d).historyRetention(d).build().interval(),
            POSITIVE),
        // At the default 5 s: at least one interval, and at most MonitorConfig.MAX_HISTORY_SAMPLES (10,000,000) raw
        // samples: the chunked store has no array whose length grows with the retention. (The agents' set apart.)
        new Setting("historyRetention", d -> MonitorConfig.custom().historyRetention(d)
            .agentHistoryRetention(Duration.ofMinutes(1)).build().historyRetention(),
            d -> d.compareTo(Duration.ofSeconds(5)) >= 0 && samplesAt5s(d) <= 10_000_000),
        // The same rule; null: the machine's retention, the default 24 h.
        new Setting("agentHistoryRetention",
            d -> MonitorConfig.custom().agentHistoryRetention(d).build().agentHistoryRetention(),
            d -> d.compareTo(Duration.ofSeconds(5)) >= 0 && samplesAt5s(d) <= 10_000_000,
            MonitorConfig.DEFAULT_HISTORY_RETENTION),
        // Positive, at most the interval (5 s); null: min(interval, 2 s).
        new Setting("sourceTimeout", d -> MonitorConfig.custom().sourceTimeout(d).build().sourceTimeout(),
            d -> d.toNanos() > 0 && d.compareTo(Duration.ofSeconds(5)) <= 0, Duration.ofSeconds(2)),
        // Positive, at most 1 h.
        new Setting("callbackTimeout", d -> MonitorConfig.custom().callbackTimeout(d).build().callbackTimeout(),
            d -> d.toNanos() > 0 && d.compareTo(Duration.ofHours(1)) <= 0),
        new Setting("alertRepeatInterval",
            d -> AlertPipelineConfig.custom().defaultRules(false).repeatInterval(d).build().repeatInterval(), POSITIVE),
        new Setting("resolvedAlertRetention",
            d -> AlertPipelineConfig.custom().defaultRules(false).resolvedRetention(d).build().resolvedRetention(),
            POSITIVE),
        new Setting("alertCloseTimeout",
            d -> AlertPipelineConfig.custom().defaultRules(false).closeTimeout(d).build().closeTimeout(), NOT_NEGATIVE),
        new Setting("forDuration", d -> rule().forDuration(d).build().forDuration(), NOT_NEGATIVE),
        new Setting("keepFiringFor", d -> rule().keepFiringFor(d).build().keepFiringFor(), NOT_NEGATIVE),
        new Setting("resolveAfter", d -> EventAlert.of("e", Severity.INFO).withResolveAfter(d).resolveAfter(),
            NOT_NEGATIVE),
        new Setting("period", d -> HandlerOptions.ofDefaults().withRateLimit(5, d).ratePeriod(), POSITIVE),
        new Setting("scaleUpCooldown", d -> DynamicScalerConfig.custom().scaleUpCooldown(d).build().scaleUpCooldown(),
            NOT_NEGATIVE),
        new Setting("scaleDownCooldown",
            d -> DynamicScalerConfig.custom().scaleDownCooldown(d).build().scaleDownCooldown(), NOT_NEGATIVE),
        new Setting("Cooldown", d -> DynamicScalerConfig.custom().cooldown(d).build().scaleUpCooldown(), NOT_NEGATIVE),
        new Setting("syncPeriod", d -> HorizontalScalerConfig.custom().maxReplicas(5).syncPeriod(d).build().syncPeriod(),
            POSITIVE),
        new Setting("cpuInitializationPeriod",
            d -> HorizontalScalerConfig.custom().maxReplicas(5).cpuInitializationPeriod(d).build().cpuInitializationPeriod(),
            NOT_NEGATIVE),
        new Setting("initialReadinessDelay",
            d -> HorizontalScalerConfig.custom().maxReplicas(5).initialReadinessDelay(d).build().initialReadinessDelay(),
            NOT_NEGATIVE),
        new Setting("downscaleStabilization",
            d -> HorizontalScalerConfig.custom().maxReplicas(5).downscaleStabilization(d).build().downscaleStabilization(),
            NOT_NEGATIVE),
        // Kubernetes' HPA: 0 to 3,600 s; null: the default (0 for scaling up).
        new Setting("stabilizationWindow", d -> ScalingRules.scaleUp().stabilizationWindow(d).build().stabilizationWindow(),
            d -> d.toNanos() >= 0 && d.compareTo(Duration.ofSeconds(3600)) <= 0, Duration.ZERO),
        // Kubernetes' HPA: 1 s to 1,800 s.
        new Setting("policies[0].period",
            d -> ScalingRules.scaleUp().policy(ScalingPolicy.Type.PODS, 1, d).build().policies().get(0).period(),
            d -> d.compareTo(Duration.ofSeconds(1)) >= 0 && d.compareTo(Duration.ofSeconds(1800)) <= 0),
        new Setting("sampleInterval", d -> VerticalRecommenderConfig.custom().sampleInterval(d).build().sampleInterval(),
            NOT_NEGATIVE),
        new Setting("cpuHalfLife", d -> VerticalRecommenderConfig.custom().cpuHalfLife(d).build().cpuHalfLife(),
            AT_LEAST_A_MILLISECOND),
        new Setting("memoryHalfLife", d -> VerticalRecommenderConfig.custom().memoryHalfLife(d).build().memoryHalfLife(),
            AT_LEAST_A_MILLISECOND),
        new Setting("memoryAggregationInterval",
            d -> VerticalRecommenderConfig.custom().memoryAggregationInterval(d).build().memoryAggregationInterval(),
            AT_LEAST_A_MILLISECOND),
        new Setting("ConfidenceInterval",
            d -> VerticalRecommenderConfig.custom().confidenceIntervals(d, d).build().cpuConfidenceInterval(),
            AT_LEAST_A_MILLISECOND),
        new Setting("checkInterval", d -> AllocationConfig.custom().checkInterval(d).build().checkInterval().orElseThrow(),
            POSITIVE),
        new Setting("maxWaitTime", d -> OverflowPolicy.ofDefaults().withMaxWaitTime(d).maxWaitTime(), POSITIVE),
        new Setting("agingInterval", d -> OverflowPolicy.ofDefaults().withAging(d, 1).agingInterval(), POSITIVE),
        new Setting("window", d -> PredictionConfig.ofDefaults().withWindow(d).window(), POSITIVE),
        new Setting("adjustmentPeriod", d -> {
          SharingStrategy.dynamic(d, 0.8, 0.5, 0.2);
          return d;
        }, POSITIVE),
        new Setting("window", d -> {
          manager.history(Metric.SYSTEM_CPU_USAGE, d);
          return d;
        }, NOT_NEGATIVE),
        // As in java.util.concurrent, a negative wait means "do not wait"; only null and overlong are refused.
        new Setting("timeout", d -> {
          try {
            assertThat(pool.awaitResources("runs", d)).isTrue(); // it can run: returns at once, whatever the timeout
          } catch (InterruptedException e) {
            throw new AssertionError(e);
          }
          return d;
        }, d -> true),
        new Setting("duration", d -> {
          pool.recordRun("runs", d);
          return d;
        }, NOT_NEGATIVE));
  }

  /**
   * A null duration where null means nothing is a NullPointerException naming the setting; any other duration is kept
   * or rejected with an IllegalArgumentException naming it, as the setting's rule says.
   */
  private static void check(Setting setting, Duration d, AtomicIntegerArray outcomes) {
    if (d == null && setting.nullMeans() == null) {
      Oracle.nullRejected(setting.name() + " = null", () -> setting.useAndRead().apply(null), setting.name());
      outcomes.incrementAndGet(1);
      return;
    }
    Oracle.asTheModelSays(setting.name() + " = " + d, setting.expected(d), () -> setting.useAndRead().apply(d),
        outcomes, setting.name());
  }

  @Test
  void everyDurationSettingKeepsAValueItsRuleAllowsAndRejectsAnyOtherNamingTheSetting() {
    for (Setting setting : settings()) {
      AtomicIntegerArray outcomes = Oracle.outcomes();
      qt().withExamples(300).forAll(Hostile.durations()).checkAssert(d -> check(setting, d, outcomes));
      Oracle.sawBoth(outcomes, 10);
    }
  }

  @Test
  void nullNegativeAndTooLongDurationsAreRejectedByEverySettingThatHasNoMeaningForThem() {
    for (Setting setting : settings()) {
      for (Duration bad : new Duration[] {null, Duration.ofNanos(-1), Duration.ofSeconds(Long.MAX_VALUE)}) {
        Optional<Duration> expected = setting.expected(bad);
        check(setting, bad, Oracle.outcomes());
        if (bad == null || bad.getSeconds() == Long.MAX_VALUE) {
          assertThat(expected.isPresent()).as("%s = %s", setting.name(), bad).isEqualTo(bad == null
              && setting.nullMeans() != null);
        }
      }
    }
  }
}
