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
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every duration a builder or method takes: any duration (null, zero, negative, one nanosecond, ordinary, too long
 * for a {@code long} of nanoseconds) gives a valid object holding exactly that duration, or an
 * {@link IllegalArgumentException} naming the setting; never another exception, never a silently changed value.
 */
class DurationInputPropertiesTest {

  /**
   * A setting: its name as messages must give it, an action that uses a duration and returns what it kept, and
   * for settings where null documentedly means "the default", that default (else null: null is rejected).
   */
  private record Setting(String name, Function<Duration, Duration> useAndRead, Duration nullMeans) {
    Setting(String name, Function<Duration, Duration> useAndRead) {
      this(name, useAndRead, null);
    }
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
        new Setting("interval", d -> MonitorConfig.custom().interval(d).build().interval()),
        new Setting("historyRetention", d -> MonitorConfig.custom().historyRetention(d).build().historyRetention()),
        new Setting("agentHistoryRetention",
            d -> MonitorConfig.custom().agentHistoryRetention(d).build().agentHistoryRetention(),
            MonitorConfig.DEFAULT_HISTORY_RETENTION),
        new Setting("sourceTimeout", d -> MonitorConfig.custom().sourceTimeout(d).build().sourceTimeout(),
            Duration.ofSeconds(2)),
        new Setting("alertRepeatInterval",
            d -> AlertPipelineConfig.custom().defaultRules(false).repeatInterval(d).build().repeatInterval()),
        new Setting("resolvedAlertRetention",
            d -> AlertPipelineConfig.custom().defaultRules(false).resolvedRetention(d).build().resolvedRetention()),
        new Setting("alertCloseTimeout",
            d -> AlertPipelineConfig.custom().defaultRules(false).closeTimeout(d).build().closeTimeout()),
        new Setting("forDuration", d -> rule().forDuration(d).build().forDuration()),
        new Setting("keepFiringFor", d -> rule().keepFiringFor(d).build().keepFiringFor()),
        new Setting("resolveAfter", d -> EventAlert.of("e", Severity.INFO).withResolveAfter(d).resolveAfter()),
        new Setting("period", d -> HandlerOptions.ofDefaults().withRateLimit(5, d).ratePeriod()),
        new Setting("scaleUpCooldown", d -> DynamicScalerConfig.custom().scaleUpCooldown(d).build().scaleUpCooldown()),
        new Setting("scaleDownCooldown",
            d -> DynamicScalerConfig.custom().scaleDownCooldown(d).build().scaleDownCooldown()),
        new Setting("Cooldown", d -> DynamicScalerConfig.custom().cooldown(d).build().scaleUpCooldown()),
        new Setting("syncPeriod", d -> HorizontalScalerConfig.custom().maxReplicas(5).syncPeriod(d).build().syncPeriod()),
        new Setting("cpuInitializationPeriod",
            d -> HorizontalScalerConfig.custom().maxReplicas(5).cpuInitializationPeriod(d).build().cpuInitializationPeriod()),
        new Setting("initialReadinessDelay",
            d -> HorizontalScalerConfig.custom().maxReplicas(5).initialReadinessDelay(d).build().initialReadinessDelay()),
        new Setting("downscaleStabilization",
            d -> HorizontalScalerConfig.custom().maxReplicas(5).downscaleStabilization(d).build().downscaleStabilization()),
        new Setting("stabilizationWindow", d -> ScalingRules.scaleUp().stabilizationWindow(d).build().stabilizationWindow(),
            Duration.ZERO),
        new Setting("policies[0].period",
            d -> ScalingRules.scaleUp().policy(ScalingPolicy.Type.PODS, 1, d).build().policies().get(0).period()),
        new Setting("sampleInterval", d -> VerticalRecommenderConfig.custom().sampleInterval(d).build().sampleInterval()),
        new Setting("cpuHalfLife", d -> VerticalRecommenderConfig.custom().cpuHalfLife(d).build().cpuHalfLife()),
        new Setting("memoryHalfLife", d -> VerticalRecommenderConfig.custom().memoryHalfLife(d).build().memoryHalfLife()),
        new Setting("memoryAggregationInterval",
            d -> VerticalRecommenderConfig.custom().memoryAggregationInterval(d).build().memoryAggregationInterval()),
        new Setting("ConfidenceInterval",
            d -> VerticalRecommenderConfig.custom().confidenceIntervals(d, d).build().cpuConfidenceInterval()),
        new Setting("checkInterval", d -> AllocationConfig.custom().checkInterval(d).build().checkInterval().orElseThrow()),
        new Setting("maxWaitTime", d -> OverflowPolicy.ofDefaults().withMaxWaitTime(d).maxWaitTime()),
        new Setting("agingInterval", d -> OverflowPolicy.ofDefaults().withAging(d, 1).agingInterval()),
        new Setting("window", d -> PredictionConfig.ofDefaults().withWindow(d).window()),
        new Setting("adjustmentPeriod", d -> {
          SharingStrategy.dynamic(d, 0.8, 0.5, 0.2);
          return d;
        }),
        new Setting("window", d -> {
          manager.history(Metric.SYSTEM_CPU_USAGE, d);
          return d;
        }),
        new Setting("timeout", d -> {
          try {
            assertThat(pool.awaitResources("runs", d)).isTrue(); // it can run: returns at once, whatever the timeout
          } catch (InterruptedException e) {
            throw new AssertionError(e);
          }
          return d;
        }),
        new Setting("duration", d -> {
          pool.recordRun("runs", d);
          return d;
        }));
  }

  @Test
  void everyDurationSettingKeepsTheValueOrRejectsItNamingTheSetting() {
    for (Setting setting : settings()) {
      qt().withExamples(300).forAll(Rejections.durations()).checkAssert(d -> {
        Duration kept = Rejections.validOrRejected(setting.name() + " = " + d, () -> setting.useAndRead().apply(d),
            setting.name());
        if (kept != null) {
          assertThat(kept).as(setting.name()).isEqualTo(d == null ? setting.nullMeans() : d);
        }
      });
    }
  }

  @Test
  void nullNegativeAndTooLongDurationsAreRejectedByEverySetting() {
    List<String> accepted = new ArrayList<>();
    for (Setting setting : settings()) {
      for (Duration bad : new Duration[] {null, Duration.ofNanos(-1), Duration.ofSeconds(Long.MAX_VALUE)}) {
        if ((bad == null && setting.nullMeans() != null)
            || (setting.name().equals("timeout") && bad != null && bad.isNegative())) {
          continue; // null is the default there; a negative wait means "do not wait", as in java.util.concurrent
        }
        Duration kept = Rejections.validOrRejected(setting.name() + " = " + bad, () -> setting.useAndRead().apply(bad),
            setting.name());
        if (kept != null) {
          accepted.add(setting.name() + " = " + bad);
        }
      }
    }
    assertThat(accepted).isEmpty();
  }
}
