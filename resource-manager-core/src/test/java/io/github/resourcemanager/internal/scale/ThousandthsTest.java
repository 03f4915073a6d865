package io.github.resourcemanager.internal.scale;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ThousandthsTest {

  @Test
  void valuesAreComparedInThousandthsRoundedUp() {
    // apimachinery pkg/api/resource/quantity.go, MilliValue: rounds up to the next thousandth
    assertThat(Thousandths.roundedUp(0.7)).isEqualTo(700); // 0.7 is not exact in binary: the noise is no thousandth
    assertThat(Thousandths.roundedUp(1.0001)).isEqualTo(1001);
    assertThat(Thousandths.roundedUp(20.666)).isEqualTo(20666);
  }
}
