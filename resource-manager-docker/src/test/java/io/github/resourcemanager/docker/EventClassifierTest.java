package io.github.resourcemanager.docker;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EventClassifierTest {
  private static final long T = 1_700_000_000_000_000_000L;
  private static final Map<String, String> AGENT = Map.of(DockerLabels.AGENT, "a1", "name", "c1");
  private static final Map<String, String> DIED_137 = Map.of(DockerLabels.AGENT, "a1", "name", "c1", "exitCode", "137");

  @Test
  void anOomNotificationIsNotAnEventByItselfSinceOomAccountingCountsKills() {
    assertThat(new EventClassifier().classify("oom", "id1", AGENT, T)).isNull();
  }

  @Test
  void aDeathBy137AfterAnOomIsAnUnexpectedExitAfterOom() {
    EventClassifier c = new EventClassifier();
    c.classify("oom", "id1", AGENT, T);

    assertThat(c.classify("die", "id1", DIED_137, T + 1000))
        .isEqualTo(new UnexpectedExit("a1", "id1", "c1", 137, true, Instant.ofEpochSecond(0, T + 1000)));
  }

  @Test
  void aDeathBy137WithoutAKillThroughTheEngineIsUnexpected() {
    assertThat(new EventClassifier().classify("die", "id1", DIED_137, T))
        .isEqualTo(new UnexpectedExit("a1", "id1", "c1", 137, false, Instant.ofEpochSecond(0, T)));
  }

  @Test
  void aDeathAfterAStopOrKillThroughTheEngineIsExpected() {
    EventClassifier c = new EventClassifier();
    assertThat(c.classify("kill", "id1", AGENT, T)).isNull();

    assertThat(c.classify("die", "id1", DIED_137, T + 10_000_000_000L)).isNull();
  }

  @Test
  void anOldKillDoesNotExplainALaterDeath() {
    EventClassifier c = new EventClassifier();
    c.classify("kill", "id1", AGENT, T);

    assertThat(c.classify("die", "id1", DIED_137, T + EventClassifier.EXPLAINS_NANOS + 1))
        .isInstanceOf(UnexpectedExit.class);
  }

  @Test
  void aNonZeroExitNobodyAskedForIsUnexpectedWithItsCode() {
    EventClassifier c = new EventClassifier();

    assertThat(c.classify("die", "id1", Map.of(DockerLabels.AGENT, "a1", "name", "c1", "exitCode", "3"), T))
        .isEqualTo(new UnexpectedExit("a1", "id1", "c1", 3, false, Instant.ofEpochSecond(0, T)));
  }

  @Test
  void exitCodeZeroAndContainersWithoutAValidAgentAreIgnored() {
    EventClassifier c = new EventClassifier();

    assertThat(c.classify("die", "id1", Map.of(DockerLabels.AGENT, "a1", "exitCode", "0"), T)).isNull();
    assertThat(c.classify("die", "id2", Map.of(DockerLabels.AGENT, "-bad id", "exitCode", "1"), T)).isNull();
    assertThat(c.classify("die", "id3", Map.of("exitCode", "1"), T)).isNull();
  }

  @Test
  void aNonZeroExitAfterAStopThroughTheEngineIsExpected() {
    EventClassifier c = new EventClassifier();
    c.classify("kill", "id1", AGENT, T);

    // SIGTERM handled by the process: exit code 143
    assertThat(c.classify("die", "id1", Map.of(DockerLabels.AGENT, "a1", "exitCode", "143"), T + 1_000)).isNull();
  }

  @Test
  void theEnginesSinceParameterHasNineDigitsOfNanoseconds() {
    assertThat(ContainerEvents.formatSince(1_700_000_000_000_000_123L)).isEqualTo("1700000000.000000123");
  }
}
