package io.github.resourcemanager.internal.monitor;

import io.github.resourcemanager.monitor.Agent;
import io.github.resourcemanager.monitor.Metric;
import io.github.resourcemanager.monitor.Series;
import io.github.resourcemanager.monitor.Unit;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.resourcemanager.ResourceManager;
import io.github.resourcemanager.test.ManualTicker;
import io.github.resourcemanager.test.ResourceManagerExtension;
import io.github.resourcemanager.test.ScriptedSource;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Agents' histories share one table: each agent sees its own samples, whatever the table does around it. */
class AgentTableTest {
  private static final Duration ALL = Duration.ofDays(1);
  private static final Metric LOAD = Metric.of("agent.test.load", Unit.NONE, "a scripted per-agent value");

  @RegisterExtension
  static final ResourceManagerExtension fixtures = ResourceManagerExtension.configure(b -> b
      .interval(Duration.ofSeconds(1)).agentHistoryRetention(Duration.ofMinutes(2)).defaultAlertRules(false));

  @Test
  void anAgentJoiningLaterSeesOnlyTheSamplesSinceItJoined(ResourceManager rm, ScriptedSource source, ManualTicker ticker) {
    source.agentValues("early", LOAD, 1, 2, 3, 4);
    rm.start();
    ticker.advance(Duration.ofSeconds(1)); // ticks 1, 2: only "early" exists
    source.agentValues("late", LOAD, 30, 40, 50, 60); // the script is per call: calls 3 and 4 give 50 and 60
    ticker.advance(Duration.ofSeconds(1));
    assertThat(rm.history("early", LOAD, ALL).values()).containsExactly(1, 2, 3);
    assertThat(rm.history("late", LOAD, ALL).values()).containsExactly(50);
  }

  @Test
  void aSlotGivenToANewAgentShowsNothingOfItsEarlierOccupant(ResourceManager rm, ScriptedSource source, ManualTicker ticker) {
    rm.tracker().register("first");
    rm.start();
    ticker.advance(Duration.ofSeconds(3)); // four ticks of "first"
    Agent first = rm.tracker().get("first");
    rm.tracker().unregister("first");
    rm.tracker().register("second");
    ticker.advance(Duration.ofSeconds(2)); // "second" takes the freed slot: two ticks
    assertThat(((TrackedAgent) rm.tracker().get("second")).history().size()).isEqualTo(2);
    assertThat(rm.history("second", Metric.AGENT_THREADS, ALL).values()).containsExactly(0, 0);
    // the agent that left keeps its own four samples
    assertThat(((TrackedAgent) first).history().size()).isEqualTo(4);
    assertThat(first.history(Metric.AGENT_THREADS, ALL).values()).containsExactly(0, 0, 0, 0);
    assertThat(first.latest(Metric.AGENT_CPU_TIME)).isEqualTo(0);
  }

  @Test
  void valuesSurviveTheTableGrowingInAgentsAndInSamples(ResourceManager rm, ScriptedSource source, ManualTicker ticker) {
    for (int a = 0; a < 40; a++) { // more agents than the table's first slots
      double[] values = new double[100];
      for (int t = 0; t < values.length; t++) {
        values[t] = a * 1000 + t;
      }
      source.agentValues("agent-" + a, LOAD, values);
    }
    rm.start();
    ticker.advance(Duration.ofSeconds(99)); // 100 ticks: more samples than the table's first rows
    for (int a = 0; a < 40; a += 13) {
      Series series = rm.history("agent-" + a, LOAD, ALL);
      assertThat(series.size()).isEqualTo(100);
      assertThat(series.value(0)).isEqualTo(a * 1000);
      assertThat(series.value(99)).isEqualTo(a * 1000 + 99);
    }
  }

  @Test
  void anAgentsHistoryKeepsAtMostItsCapacityOfTheNewestSamples(ResourceManager rm, ScriptedSource source, ManualTicker ticker) {
    double[] values = new double[200];
    for (int t = 0; t < values.length; t++) {
      values[t] = t;
    }
    source.agentValues("a", LOAD, values);
    rm.start();
    ticker.advance(Duration.ofSeconds(199));
    History history = ((TrackedAgent) rm.tracker().get("a")).history();
    assertThat(history.capacity()).isEqualTo(121); // 2 min at 1 s, both ends
    Series series = history.series(LOAD, ALL);
    assertThat(series.size()).isEqualTo(121);
    assertThat(series.value(0)).isEqualTo(79);
    assertThat(series.value(120)).isEqualTo(199);
  }

  @Test
  void anAgentsMetricsAreThoseItHadValuesFor(ResourceManager rm, ScriptedSource source, ManualTicker ticker) {
    source.agentValues("container", LOAD, 7);
    rm.tracker().register("thread-agent");
    rm.start();
    ticker.advance(Duration.ofSeconds(1));
    assertThat(rm.tracker().get("container").metrics()).contains(LOAD);
    assertThat(rm.tracker().get("thread-agent").metrics()).doesNotContain(LOAD)
        .contains(Metric.AGENT_THREADS, Metric.AGENT_CPU_TIME);
  }

  @Test
  void anAgentsHistoryIsWrittenByItsMonitorOnly(ResourceManager rm) {
    History history = ((TrackedAgent) rm.tracker().register("a")).history();
    assertThatThrownBy(() -> history.append(0, 0, new double[Metric.count()]))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("an agent's history is written by its monitor only");
  }
}
