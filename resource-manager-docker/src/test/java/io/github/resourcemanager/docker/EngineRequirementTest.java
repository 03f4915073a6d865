package io.github.resourcemanager.docker;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.resourcemanager.docker.EngineRequirement.Verdict;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EngineRequirementTest {
  private static final String HOST = "unix:///var/run/docker.sock";

  @Test
  void withoutAnEngineDockerTestsAreSkippedLocally() {
    EngineRequirement.Decision d = EngineRequirement.decide(false, false, HOST, "img:1", Map.of());

    assertThat(d.verdict()).isEqualTo(Verdict.SKIP);
    assertThat(d.message()).isEqualTo("no Docker engine is reachable at " + HOST + "; Docker tests skipped (with CI=true"
        + " they fail); start one with resource-manager-docker/src/test/engine/start-engine.sh (as root)");
  }

  @Test
  void withoutAnEngineDockerTestsFailUnderCi() {
    EngineRequirement.Decision d = EngineRequirement.decide(false, false, HOST, "img:1", Map.of("CI", "true"));

    assertThat(d.verdict()).isEqualTo(Verdict.FAIL);
    assertThat(d.message()).startsWith("no Docker engine is reachable at " + HOST
        + ", and CI=true requires the Docker tests to run");
  }

  @Test
  void aMissingTestImageFailsUnderCiToo() {
    EngineRequirement.Decision d = EngineRequirement.decide(true, false, HOST, "img:1", Map.of("CI", "true"));

    assertThat(d.verdict()).isEqualTo(Verdict.FAIL);
    assertThat(d.message()).startsWith("the test image img:1 is missing from the engine at " + HOST);
  }

  @Test
  void anEngineWithTheImageRuns() {
    assertThat(EngineRequirement.decide(true, true, HOST, "img:1", Map.of("CI", "true")).verdict())
        .isEqualTo(Verdict.RUN);
  }
}
