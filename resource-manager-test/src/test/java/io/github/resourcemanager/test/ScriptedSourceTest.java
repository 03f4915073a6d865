package io.github.resourcemanager.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.resourcemanager.monitor.Metric;
import io.github.resourcemanager.monitor.SampleWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ScriptedSourceTest {

  /** Records what a source writes. */
  private static final class Recorder implements SampleWriter {
    final Map<String, Double> values = new LinkedHashMap<>();

    @Override
    public long tickNanos() {
      return 0;
    }

    @Override
    public void set(Metric metric, double value) {
      values.put(metric.name(), value);
    }

    @Override
    public void setAgent(String agentId, Metric metric, double value) {
      values.put(agentId + "/" + metric.name(), value);
    }
  }

  private static Map<String, Double> call(ScriptedSource source) throws Exception {
    Recorder r = new Recorder();
    source.sample(r);
    return r.values;
  }

  @Test
  void writesTheScriptedValueOfEachCallAndThenRepeatsTheLast() throws Exception {
    ScriptedSource source = ScriptedSource.named("s").values(Metric.SYSTEM_CPU_USAGE, 1, 2)
        .agentValues("a", Metric.AGENT_CPU_USAGE, 9);
    assertThat(call(source)).containsExactly(Map.entry("system.cpu.usage", 1.0), Map.entry("a/agent.cpu.usage", 9.0));
    assertThat(call(source)).containsEntry("system.cpu.usage", 2.0);
    assertThat(call(source)).containsEntry("system.cpu.usage", 2.0);
    assertThat(source.calls()).isEqualTo(3);
  }

  @Test
  void throwsOnTheChosenCallOnly() throws Exception {
    ScriptedSource source = ScriptedSource.named("s").values(Metric.SYSTEM_CPU_USAGE, 1)
        .failOnCall(2, new IllegalStateException("boom"));
    call(source);
    assertThatThrownBy(() -> call(source)).isInstanceOf(IllegalStateException.class).hasMessage("boom");
    assertThat(call(source)).containsEntry("system.cpu.usage", 1.0);
    assertThat(source.failures()).isEqualTo(1);
    assertThat(source.completedCalls()).isEqualTo(3);
  }

  @Test
  void isInlineUnlessMadeBlocking() {
    assertThat(ScriptedSource.named("s").mayBlock()).isFalse();
    assertThat(ScriptedSource.named("s").blocking().mayBlock()).isTrue();
  }

  @Test
  void rejectsAnEmptyScript() {
    assertThatThrownBy(() -> ScriptedSource.named("s").values(Metric.SYSTEM_CPU_USAGE))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("give at least one value for system.cpu.usage");
  }
}
