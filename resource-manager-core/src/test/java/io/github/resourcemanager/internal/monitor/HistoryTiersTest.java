package io.github.resourcemanager.internal.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.resourcemanager.ResourceManager;
import io.github.resourcemanager.units.ByteSize;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The text of history tiers, and the settings around them: what is accepted, and what is refused and why. */
class HistoryTiersTest {

  @Test
  void parsesARawWindowThenRollupsFinestFirst() {
    HistoryTiers tiers = HistoryTiers.parse("historyTiers", "raw 10m, 10s for 6h, 1m for 1d");
    assertThat(tiers.raw()).isEqualTo(Duration.ofMinutes(10));
    assertThat(tiers.steps()).containsExactly(Duration.ofSeconds(10), Duration.ofMinutes(1));
    assertThat(tiers.windows()).containsExactly(Duration.ofHours(6), Duration.ofDays(1));
    assertThat(tiers).hasToString("raw 10m, 10s for 6h, 1m for 1d");
  }

  @Test
  void theDefaultTiersReachADay() {
    HistoryTiers tiers = HistoryTiers.ofDefaults();
    assertThat(tiers).hasToString("raw 10m, 1m for 6h, 5m for 1d");
    assertThat(tiers.reach()).isEqualTo(Duration.ofHours(24));
  }

  @Test
  void aRetentionCutsTheTiersOrExtendsTheLast() {
    HistoryTiers tiers = HistoryTiers.parse("t", "raw 10m, 1m for 6h, 5m for 24h");
    assertThat(tiers.reaching(Duration.ofMinutes(2))).hasToString("raw 2m");
    assertThat(tiers.reaching(Duration.ofHours(1))).hasToString("raw 10m, 1m for 1h");
    assertThat(tiers.reaching(Duration.ofHours(12))).hasToString("raw 10m, 1m for 6h, 5m for 12h");
    assertThat(tiers.reaching(Duration.ofDays(2))).hasToString("raw 10m, 1m for 6h, 5m for 2d");
  }

  @Test
  void theDefaultTiersUnderALongIntervalLeaveOutStepsShorterThanIt() {
    assertThat(HistoryTiers.ofDefaults().forInterval(Duration.ofMinutes(2))).hasToString("raw 10m, 5m for 1d");
    MonitorConfig config = MonitorConfig.custom().interval(Duration.ofMinutes(2)).build();
    assertThat(config.historyTiers()).hasToString("raw 10m, 5m for 1d");
  }

  @Test
  void refusesMalformedTiersNamingTheSettingTheTextAndTheSyntax() {
    String syntax = "; use " + HistoryTiers.SYNTAX;
    List.of(
        new String[] {"10m", "it must start with \"raw <window>\""},
        new String[] {"raw 10", "\"10\" has no unit among ms, s, m, h, d"},
        new String[] {"raw 10m, 1m", "tier \"1m\" must read \"<step> for <window>\""},
        new String[] {"raw 10m, 1m for 6h, 90s for 1d", "step 90s must be a whole multiple of the step before it (1m) "
            + "and longer"},
        new String[] {"raw 10m, 1m for 5m", "window 5m must be longer than the window before it (10m)"},
        new String[] {"raw 0s", "\"0s\" must be positive"}
    ).forEach(c -> assertThatThrownBy(() -> ResourceManager.custom().historyTiers(c[0]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("historyTiers \"" + c[0] + "\" is not allowed: " + c[1] + syntax));
  }

  @Test
  void refusesAFirstStepShorterThanTheInterval() {
    assertThatThrownBy(() -> ResourceManager.custom().interval(Duration.ofSeconds(10)).historyTiers("raw 10m, 5s for 1h")
        .build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("historyTiers \"raw 10m, 5s for 1h\" is not allowed: its first step 5s is shorter than the "
            + "interval PT10S; use " + HistoryTiers.SYNTAX);
  }

  @Test
  void refusesAnAgentClassLabelThatIsNotKeyEqualsValue() {
    assertThatThrownBy(() -> ResourceManager.custom().agentHistoryTiers("batch", "raw 1m"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("agentHistoryTiers label \"batch\" is not allowed; use key=value, e.g. class=batch");
    assertThatThrownBy(() -> ResourceManager.custom().agentHistoryTiers(null, "raw 1m"))
        .isInstanceOf(NullPointerException.class).hasMessage("label");
    assertThatThrownBy(() -> ResourceManager.custom().historyTiers(null))
        .isInstanceOf(NullPointerException.class).hasMessage("historyTiers");
  }

  @Test
  void refusesABudgetUnderOneMebibyteAndAPrecisionOutside8To52() {
    assertThatThrownBy(() -> ResourceManager.custom().historyBudget(ByteSize.ofKibibytes(512)).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("historyBudget must be at least 1 MiB (1048576 bytes), was 524288 bytes");
    assertThatThrownBy(() -> ResourceManager.custom().historyPrecision(53).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("historyPrecision must be between 8 and 52 significant bits (52 keeps values exactly), was 53");
    assertThatThrownBy(() -> ResourceManager.custom().historyBudget(null))
        .isInstanceOf(NullPointerException.class).hasMessage("budget");
  }
}
