package io.github.resourcemanager.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The small values of the alert API: event alerts and handler options, built with withers. */
class AlertValuesTest {

  @Test
  void eventAlertOfHasTheDocumentedDefaults() {
    EventAlert e = EventAlert.of("container-oom-killed", Severity.CRITICAL);
    assertThat(e.labels()).isEmpty();
    assertThat(e.annotations()).isEmpty();
    assertThat(e.value()).isNaN();
    assertThat(e.resolveAfter()).isEqualTo(Duration.ofMinutes(5));
    assertThat(e.agent()).isEmpty();
  }

  @Test
  void eventAlertWithersChangeOneFieldAndKeepTheOthers() {
    EventAlert e = EventAlert.of("container-oom-killed", Severity.CRITICAL).withAgent("worker-7")
        .withLabel("image", "app:1.4").withAnnotation("summary", "out of memory").withValue(137)
        .withResolveAfter(Duration.ofMinutes(10));
    assertThat(e).isEqualTo(new EventAlert("container-oom-killed", Severity.CRITICAL,
        Map.of("image", "app:1.4", "agent", "worker-7"), Map.of("summary", "out of memory"), 137,
        Duration.ofMinutes(10)));
    assertThat(e.agent()).contains("worker-7");
    // The agent label comes last, whatever the order of the calls.
    assertThat(List.copyOf(e.labels().keySet())).containsExactly("image", "agent");
    assertThat(e.withValue(1).labels()).isEqualTo(e.labels());
    assertThat(e.withLabel("image", "app:1.5").labels()).containsEntry("image", "app:1.5").containsEntry("agent", "worker-7");
    assertThat(e.toString()).isEqualTo("EventAlert{container-oom-killed CRITICAL {image=app:1.4, agent=worker-7}}");
  }

  @Test
  void eventAlertLabelsAreCopiedAndImmutable() {
    java.util.HashMap<String, String> labels = new java.util.HashMap<>(Map.of("image", "app"));
    EventAlert e = new EventAlert("oom", Severity.INFO, labels, Map.of(), Double.NaN, Duration.ZERO);
    labels.put("image", "changed");
    assertThat(e.labels()).containsEntry("image", "app");
    assertThatThrownBy(() -> e.labels().put("x", "y")).isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void eventAlertWithersRejectBadValuesNamingTheField() {
    EventAlert e = EventAlert.of("oom", Severity.CRITICAL);
    assertThatThrownBy(() -> e.withAgent(" "))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("agent of event alert \"oom\" must not be blank, was \" \"");
    assertThatThrownBy(() -> e.withLabel("team", null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("labelValue");
    assertThatThrownBy(() -> e.withAnnotation(" ", "x"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("annotation name of event alert \"oom\" must not be blank, was \" \"");
    assertThatThrownBy(() -> e.withResolveAfter(null))
        .isInstanceOf(NullPointerException.class).hasMessage("resolveAfter");
  }

  @Test
  void handlerOptionsDefaults() {
    HandlerOptions d = HandlerOptions.ofDefaults();
    assertThat(d).isEqualTo(new HandlerOptions(Optional.empty(), Severity.INFO, List.of(), 1_000, 20,
        Duration.ofSeconds(10)));
  }

  @Test
  void handlerOptionsWithersChangeOneFieldAndKeepTheOthers() {
    HandlerOptions o = HandlerOptions.ofDefaults().withName("pager").withMinSeverity(Severity.CRITICAL)
        .withMatchers(LabelMatcher.equal("team", "db"), LabelMatcher.regex("agent", "db-.*"))
        .withQueueCapacity(50).withRateLimit(10, Duration.ofMinutes(1));
    assertThat(o).isEqualTo(new HandlerOptions(Optional.of("pager"), Severity.CRITICAL,
        List.of(LabelMatcher.equal("team", "db"), LabelMatcher.regex("agent", "db-.*")), 50, 10, Duration.ofMinutes(1)));
    assertThat(o.withMatchers().matchers()).isEmpty(); // replaces, not adds
    assertThat(o.withMatchers().name()).contains("pager");
  }

  @Test
  void handlerOptionsRejectBadValuesNamingTheField() {
    HandlerOptions d = HandlerOptions.ofDefaults();
    assertThatThrownBy(() -> d.withName("pager one"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("handler name \"pager one\" is not allowed; use 1 to 128 characters: letters, digits and _ . : -, "
            + "starting with a letter");
    assertThatThrownBy(() -> d.withName(null))
        .isInstanceOf(NullPointerException.class).hasMessage("name");
    assertThatThrownBy(() -> d.withMinSeverity(null))
        .isInstanceOf(NullPointerException.class).hasMessage("minSeverity");
    assertThatThrownBy(() -> d.withMatchers(LabelMatcher.equal("a", "b"), null))
        .isInstanceOf(NullPointerException.class).hasMessage("matchers[1]");
    assertThatThrownBy(() -> d.withQueueCapacity(1_000_001))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("handler queueCapacity must be between 1 and 1000000, was 1000001");
    assertThatThrownBy(() -> d.withRateLimit(5, Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("handler rate-limit period must be positive, was PT0S");
  }

  @Test
  void defaultRuleNamesAreConstants() {
    assertThat(AlertRule.defaultRules()).extracting(AlertRule::name).containsExactly(AlertRule.CPU_HIGH,
        AlertRule.MEMORY_HIGH, AlertRule.DISK_IO_HIGH, AlertRule.NETWORK_IO_HIGH, AlertRule.OPEN_FILES_HIGH);
  }
}
