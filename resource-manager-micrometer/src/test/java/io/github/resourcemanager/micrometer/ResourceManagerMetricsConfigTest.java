package io.github.resourcemanager.micrometer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.resourcemanager.monitor.Metric;
import io.micrometer.core.instrument.Tags;
import org.junit.jupiter.api.Test;

/** The binder's settings: defaults, and bad values rejected with messages that name the setting and the allowed values. */
class ResourceManagerMetricsConfigTest {

  @Test
  void defaultsArePrefixResourceNoTagsEverythingAndTheProjectLabel() {
    ResourceManagerMetricsConfig config = ResourceManagerMetricsConfig.ofDefaults();
    assertThat(config.prefix()).isEqualTo("resource");
    assertThat(config.tags()).isEqualTo(Tags.empty());
    assertThat(config.metricFilter().test(Metric.SYSTEM_CPU_USAGE)).isTrue();
    assertThat(config.agentLabels()).containsExactly("project");
  }

  @Test
  void aPrefixMustBeLowercaseDotSeparatedWords() {
    assertThat(ResourceManagerMetricsConfig.custom().prefix("rm.host-1").build().prefix()).isEqualTo("rm.host-1");
    assertThatThrownBy(() -> ResourceManagerMetricsConfig.custom().prefix(""))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("prefix must not be empty; use lowercase words of letters, digits, '_' and '-' separated by single "
            + "dots, e.g. resource");
    assertThatThrownBy(() -> ResourceManagerMetricsConfig.custom().prefix("Resource"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("prefix \"Resource\" is not allowed; use lowercase words");
    assertThatThrownBy(() -> ResourceManagerMetricsConfig.custom().prefix("rm..x"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("prefix \"rm..x\" is not allowed");
    assertThatThrownBy(() -> ResourceManagerMetricsConfig.custom().prefix("rm."))
        .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("prefix \"rm.\" must not end with a dot");
  }

  @Test
  void commonTagsMustNotUseTheBindersOwnKeys() {
    assertThat(ResourceManagerMetricsConfig.custom().tags("application", "api").build().tags())
        .isEqualTo(Tags.of("application", "api"));
    assertThatThrownBy(() -> ResourceManagerMetricsConfig.custom().tags("agent", "x"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("tag key \"agent\" is set by the binder itself; common tags must use other keys than [agent, bound, "
            + "direction, handler, outcome, project, resource, scaler, severity, state]");
    assertThatThrownBy(() -> ResourceManagerMetricsConfig.custom().tags("application"))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("tags must be given as key-value pairs, got 1 strings");
  }

  @Test
  void agentLabelsMustBeDistinctKeysOtherThanTheBindersOwn() {
    assertThat(ResourceManagerMetricsConfig.custom().agentLabels().build().agentLabels()).isEmpty();
    assertThat(ResourceManagerMetricsConfig.custom().agentLabels("project", "team").build().agentLabels())
        .containsExactly("project", "team");
    assertThatThrownBy(() -> ResourceManagerMetricsConfig.custom().agentLabels("resource"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("agent label \"resource\" is a tag key the binder sets itself");
    assertThatThrownBy(() -> ResourceManagerMetricsConfig.custom().agentLabels("team", "team"))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("agent label \"team\" is given twice; give each label once");
    assertThatThrownBy(() -> ResourceManagerMetricsConfig.custom().agentLabels(" "))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("agent label \" \" is not allowed; use a non-blank label key such as project");
  }

  @Test
  void aRejectedValueLeavesTheBuilderAsItWas() {
    ResourceManagerMetricsConfig.Builder builder = ResourceManagerMetricsConfig.custom().prefix("rm").agentLabels("team");
    assertThatThrownBy(() -> builder.prefix("RM")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> builder.agentLabels("team", "agent")).isInstanceOf(IllegalArgumentException.class);
    ResourceManagerMetricsConfig config = builder.build();
    assertThat(config.prefix()).isEqualTo("rm");
    assertThat(config.agentLabels()).containsExactly("team");
  }

  @Test
  void filtersMustNotBeNull() {
    assertThatThrownBy(() -> ResourceManagerMetricsConfig.custom().metricFilter(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("filter");
    assertThatThrownBy(() -> ResourceManagerMetricsConfig.custom().agentFilter(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("filter");
  }

  @Test
  void nullSettingsAreRejectedNamingTheParameter() {
    assertThatThrownBy(() -> ResourceManagerMetricsConfig.custom().prefix(null))
        .isInstanceOf(NullPointerException.class).hasMessage("prefix");
    assertThatThrownBy(() -> ResourceManagerMetricsConfig.custom().tags((Tags) null))
        .isInstanceOf(NullPointerException.class).hasMessage("tags");
    assertThatThrownBy(() -> ResourceManagerMetricsConfig.custom().tags("application", null))
        .isInstanceOf(NullPointerException.class).hasMessage("keyValues[1]");
    assertThatThrownBy(() -> ResourceManagerMetricsConfig.custom().agentLabels("team", null))
        .isInstanceOf(NullPointerException.class).hasMessage("labels[1]");
    assertThatThrownBy(() -> ResourceManagerMetricsConfig.ofDefaults().meterId(null))
        .isInstanceOf(NullPointerException.class).hasMessage("metric");
  }
}
