package io.github.resourcemanager.internal.alert;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.resourcemanager.AllocationMeter;
import io.github.resourcemanager.alert.AlertHandler;
import io.github.resourcemanager.alert.AlertRule;
import io.github.resourcemanager.alert.HandlerOptions;
import io.github.resourcemanager.alert.HandlerStats;
import io.github.resourcemanager.alert.Severity;
import io.github.resourcemanager.monitor.Metric;
import io.github.resourcemanager.test.CollectingAlertHandler;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Unsubscribing, symmetric with subscribing. */
class UnsubscribeTest {

  private static final AlertRule CPU = AlertRule.custom().name("cpu-high").metric(Metric.SYSTEM_CPU_USAGE)
      .threshold(Severity.CRITICAL, 80).build();

  @Test
  void returnsWhetherTheHandlerWasSubscribed() {
    try (AlertHarness h = new AlertHarness(CPU)) {
      AlertHandler handler = e -> {};
      assertThat(h.pipeline.unsubscribe(handler)).isFalse();
      h.pipeline.subscribe(handler);
      assertThat(h.pipeline.unsubscribe(handler)).isTrue();
      assertThat(h.pipeline.unsubscribe(handler)).isFalse();
      assertThat(h.pipeline.stats().handlers()).extracting(HandlerStats::name).containsExactly("collector");
    }
  }

  @Test
  void aHandlerSubscribedTwiceLosesItsEarliestSubscriptionFirst() {
    CollectingAlertHandler twice = new CollectingAlertHandler();
    try (AlertHarness h = new AlertHarness(CPU)) {
      h.pipeline.subscribe(twice, HandlerOptions.ofDefaults().withName("first"));
      h.pipeline.subscribe(twice, HandlerOptions.ofDefaults().withName("second"));
      assertThat(h.pipeline.unsubscribe(twice)).isTrue();
      assertThat(h.pipeline.stats().handlers()).extracting(HandlerStats::name).containsExactly("collector", "second");
      h.cpuAt(0, 90);
      h.awaitSettled();
      assertThat(twice.events()).extracting(AlertHarness::line).containsExactly("Fired cpu-high#1 CRITICAL @0");
    }
  }

  @Test
  void theNameOfAnUnsubscribedHandlerCanBeTakenAgain() {
    try (AlertHarness h = new AlertHarness(CPU)) {
      AlertHandler pager = e -> {};
      h.pipeline.subscribe(pager, HandlerOptions.ofDefaults().withName("pager"));
      h.pipeline.unsubscribe(pager);
      assertThat(h.pipeline.subscribe(e -> {}, HandlerOptions.ofDefaults().withName("pager"))).isEqualTo("pager");
    }
  }

  @Test
  void unsubscribingIsAllowedAfterClose() {
    CollectingAlertHandler handler = new CollectingAlertHandler();
    AlertHarness h = new AlertHarness(CPU);
    h.pipeline.subscribe(handler);
    h.close();
    assertThat(h.pipeline.unsubscribe(handler)).isTrue();
    assertThat(h.pipeline.stats().handlers()).extracting(HandlerStats::name).containsExactly("collector");
  }
  @Test
  void theHandlerNamesFollowSubscribingAndUnsubscribingInSubscriptionOrder() {
    try (AlertHarness h = new AlertHarness(CPU)) {
      AlertHandler pager = e -> {};
      AlertHandler mail = e -> {};
      assertThat(h.pipeline.handlerNames()).containsExactly("collector");
      h.pipeline.subscribe(pager, HandlerOptions.ofDefaults().withName("pager"));
      assertThat(h.pipeline.subscribe(mail)).isEqualTo("handler-1");
      assertThat(h.pipeline.handlerNames()).containsExactly("collector", "pager", "handler-1");
      h.pipeline.unsubscribe(pager);
      assertThat(h.pipeline.handlerNames()).containsExactly("collector", "handler-1");
      assertThat(h.pipeline.handlerNames())
          .isEqualTo(h.pipeline.stats().handlers().stream().map(HandlerStats::name).toList());
    }
  }

  @Test
  void readingTheHandlerNamesAllocatesNothingAndGivesTheSameListUntilTheHandlersChange() {
    try (AlertHarness h = new AlertHarness(CPU)) {
      h.pipeline.subscribe(e -> {}, HandlerOptions.ofDefaults().withName("pager"));
      List<String> names = h.pipeline.handlerNames();
      assertThat(AllocationMeter.leastBytesAllocated(1_000, h.pipeline::handlerNames)).isZero();
      assertThat(h.pipeline.handlerNames()).isSameAs(names);

      AlertHandler mail = e -> {};
      h.pipeline.subscribe(mail, HandlerOptions.ofDefaults().withName("mail"));
      List<String> more = h.pipeline.handlerNames();
      assertThat(more).isNotSameAs(names).containsExactly("collector", "pager", "mail");
      assertThat(names).containsExactly("collector", "pager"); // a list handed out earlier does not change
      h.pipeline.unsubscribe(mail);
      assertThat(h.pipeline.handlerNames()).isNotSameAs(more).containsExactly("collector", "pager");
    }
  }
}
