package io.github.resourcemanager.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The Prometheus example against the live machine: the scrape's names, units and series, not the machine's values. */
class PrometheusExampleTest {

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    CommandLine cmd = new CommandLine(new PrometheusExample());
    cmd.registerConverter(Duration.class, new DurationConverter());
    cmd.setOut(new PrintWriter(out, true));
    cmd.setErr(new PrintWriter(err, true));
    return cmd.execute(args);
  }

  @Test
  void printsTheMetersInThePrometheusTextFormat() {
    assertThat(run("--samples", "2", "--interval", "200ms")).isZero();
    String text = out.toString();
    assertThat(text)
        .contains("# TYPE resource_system_cpu_usage_ratio gauge")
        .contains("# TYPE resource_system_memory_used_bytes gauge")
        .contains("# TYPE resource_jvm_heap_used_bytes gauge")
        .contains("# TYPE resource_agent_cpu_usage_ratio gauge")
        .contains("resource_agent_cpu_usage_ratio{agent=\"cruncher\",project=\"demo\"} ")
        .contains("resource_agent_memory_allocation_bytes_per_second{agent=\"allocator\",project=\"demo\"} ")
        .contains("resource_allocation_limit_cores{resource=\"cpu\"} 1.0")
        .contains("resource_allocation_agent_share_cores{agent=\"cruncher\",project=\"demo\",resource=\"cpu\"} 0.5")
        .contains("resource_allocation_agent_share_bytes{agent=\"allocator\",project=\"demo\",resource=\"memory\"} 2.68435456E8")
        .contains("resource_alerts_active{severity=\"critical\",state=\"firing\"} ");
    assertThat(err.toString()).isEmpty();
  }

  @Test
  void rejectsTooFewSamplesAsBadUsage() {
    assertThat(run("--samples", "1")).isEqualTo(2);
    assertThat(err.toString()).contains("--samples must be between 2 and 100, was 1");
  }
}
