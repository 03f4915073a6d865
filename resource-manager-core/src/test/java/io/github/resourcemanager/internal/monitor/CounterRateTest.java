package io.github.resourcemanager.internal.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CounterRateTest {

  @Test
  void firstReadingIsNaNThenDeltaPerSecondOfTickerTime() {
    CounterRate rate = new CounterRate();
    assertThat(rate.update(1000, 5_000_000_000L)).isNaN();
    assertThat(rate.update(1000 + 1_048_576, 6_000_000_000L)).isEqualTo(1_048_576.0);
    assertThat(rate.update(1000 + 2 * 1_048_576, 6_250_000_000L)).isEqualTo(4 * 1_048_576.0);
    assertThat(rate.update(1000 + 2 * 1_048_576, 7_250_000_000L)).isEqualTo(0.0);
  }

  @Test
  void backwardsCounterOrStoppedTickerGivesNaNAndTheNextTickMeasuresFromTheNewBase() {
    CounterRate rate = new CounterRate();
    rate.update(500, 0);
    assertThat(rate.update(400, 1_000_000_000L)).isNaN();
    assertThat(rate.update(600, 2_000_000_000L)).isEqualTo(200.0);
    assertThat(rate.update(700, 2_000_000_000L)).isNaN();
    rate.reset();
    assertThat(rate.update(800, 3_000_000_000L)).isNaN();
  }

  @Test
  void cpuShareIsTheRatioOfTheDeltas() {
    CpuShare share = new CpuShare();
    assertThat(share.update(100, 1000)).isNaN();
    assertThat(share.update(350, 2000)).isEqualTo(25.0);
    assertThat(share.update(350, 2000)).isNaN(); // no CPU time elapsed
    assertThat(share.update(300, 3000)).isNaN(); // busy went backwards
    assertThat(share.update(1300, 4000)).isEqualTo(100.0);
  }
}
