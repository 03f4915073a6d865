package io.github.resourcemanager.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.File;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code prometheus-rules}: the default rules as a Prometheus rule file. */
class PrometheusRulesCommandTest {

  @TempDir
  Path dir;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    CommandLine cmd = Cli.commandLine();
    cmd.setOut(new PrintWriter(out, true));
    cmd.setErr(new PrintWriter(err, true));
    return cmd.execute(args);
  }

  @Test
  void writesTheDefaultRulesWithTheBindersPrefixAndTags() throws Exception {
    Path file = dir.resolve("rules.yml");
    assertThat(run("prometheus-rules", "-o", file.toString(), "--prefix", "rm", "--tag", "application=api",
        "--interval", "5s")).isZero();
    // the five default rules; cpu, memory, disk and network have one severity each (one rule each), open-files-high
    // has two severities and a "for": a gate rule plus one rule per severity band, so 4 + 3 = 7 Prometheus rules
    assertThat(err.toString()).isEqualTo("wrote 5 rules to " + file + System.lineSeparator());
    JsonNode group = new YAMLMapper().readTree(file.toFile()).path("groups").get(0);
    assertThat(group.path("name").asText()).isEqualTo("resource-manager");
    assertThat(group.path("interval").asText()).isEqualTo("5s");
    assertThat(group.path("rules")).hasSize(7);
    // cpu-high: WARNING at 90 % (0.9 as a ratio), clear threshold 75 % (0.75), for 10 minutes; the clear threshold
    // becomes the rule's own ALERTS series as Prometheus users write hysteresis (docs/scale-out.md)
    JsonNode cpu = group.path("rules").get(0);
    assertThat(cpu.path("alert").asText()).isEqualTo("cpu-high");
    assertThat(cpu.path("expr").asText()).isEqualTo("rm_system_cpu_usage_ratio{application=\"api\"} >= 0.9 or "
        + "(rm_system_cpu_usage_ratio{application=\"api\"} > 0.75 and ignoring(alertname, alertstate, severity) "
        + "ALERTS{alertname=\"cpu-high\",alertstate=\"firing\"})");
    assertThat(cpu.path("for").asText()).isEqualTo("10m");

    Path promtool = Path.of("/usr/bin/promtool");
    if ("true".equals(System.getenv("CI")) || Files.isExecutable(promtool)) {
      Process p = new ProcessBuilder(promtool.toString(), "check", "rules", file.toString()).redirectErrorStream(true)
          .redirectOutput(new File(dir.toFile(), "promtool.log")).start();
      assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
      assertThat(p.exitValue()).as(Files.readString(dir.resolve("promtool.log"))).isZero();
    } else {
      Assumptions.abort("promtool is not installed (apt-get install prometheus); the file was not checked by it");
    }
  }

  @Test
  void printsToStandardOutputByDefault() {
    assertThat(run("prometheus-rules")).isZero();
    assertThat(out.toString()).startsWith("# Prometheus alerting rules exported from resource-manager alert rules.\n")
        .contains("- alert: cpu-high").contains("for: 10m").contains("keep_firing_for: 2m")
        .contains("expr: \"resource_system_cpu_usage_ratio >= 0.9 or (resource_system_cpu_usage_ratio > 0.75");
  }

  @Test
  void aMalformedTagIsBadUsage() {
    assertThat(run("prometheus-rules", "--tag", "application")).isEqualTo(2);
    assertThat(err.toString()).contains("tag \"application\" is not allowed; write KEY=VALUE");
  }
}
