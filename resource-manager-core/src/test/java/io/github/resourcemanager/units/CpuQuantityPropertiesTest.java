package io.github.resourcemanager.units;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.longs;

import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

class CpuQuantityPropertiesTest {

  /** Millicores of every magnitude; random longs are almost never whole cores, so those get their own share. */
  private static Gen<Long> millicores() {
    return longs().between(0, Long.MAX_VALUE).mix(longs().between(0, Long.MAX_VALUE / 1000).map(cores -> cores * 1000));
  }

  @Test
  void parseReadsToStringBack() {
    qt().forAll(millicores()).checkAssert(millicores -> {
      CpuQuantity quantity = CpuQuantity.ofMillicores(millicores);
      assertThat(CpuQuantity.parse(quantity.toString())).isEqualTo(quantity);
    });
  }

  @Test
  void decimalCoresAndMillicoresAgree() {
    qt().forAll(millicores()).checkAssert(millicores -> {
      String decimalCores = millicores / 1000 + "." + String.format("%03d", millicores % 1000);
      assertThat(CpuQuantity.parse(decimalCores).millicores()).isEqualTo(millicores);
      assertThat(CpuQuantity.parse(millicores + "m").millicores()).isEqualTo(millicores);
    });
  }

  @Test
  void ofCoresTakesDoublesOfWholeMillicoresExactly() {
    qt().forAll(longs().between(0, 1_000_000_000_000L))
        .checkAssert(millicores -> assertThat(CpuQuantity.ofCores(millicores / 1000.0).millicores()).isEqualTo(millicores));
  }

  @Test
  void parseGivesTheExactMillicoresOrRefusesNamingTheText() {
    qt().withExamples(3_000).forAll(QuantityTexts.strictCpus())
        .checkAssert(c -> QuantityTexts.assertParses(c, "CPU quantity", text -> CpuQuantity.parse(text).millicores()));
  }

  @Test
  void parseKubernetesGivesWhatMilliValueReturnsOrRefusesNamingTheText() {
    qt().withExamples(3_000).forAll(QuantityTexts.kubernetesCpus()).checkAssert(c -> QuantityTexts.assertParses(c,
        "Kubernetes CPU quantity", text -> CpuQuantity.parseKubernetes(text).millicores()));
  }

  @Test
  void parseDockerGivesWhatParseCpusReturnsOrRefusesNamingTheText() {
    qt().withExamples(3_000).forAll(QuantityTexts.dockerCpus()).checkAssert(c -> QuantityTexts.assertParses(c,
        "Docker CPU quantity", text -> CpuQuantity.parseDocker(text).millicores()));
  }

  void quantityLikeTextsAreReadAsTheGrammarSaysOrRejectedNamingThem() {
    java.util.concurrent.atomic.AtomicIntegerArray outcomes = new java.util.concurrent.atomic.AtomicIntegerArray(2);
    qt().withExamples(3_000).forAll(ModelTexts.quantityLike()).checkAssert(text ->
        ModelTexts.parsesAsTheModelSays(text, QuantityModel.whole(QuantityModel.Dialect.CPU, text),
            t -> CpuQuantity.parse(t).millicores(), outcomes));
    ModelTexts.sawBoth(outcomes, 100);
  }

  @Test
  void anyStringIsReadAsTheGrammarSaysOrRejectedNamingIt() {
    java.util.concurrent.atomic.AtomicIntegerArray outcomes = new java.util.concurrent.atomic.AtomicIntegerArray(2);
    qt().withExamples(2_000).forAll(ModelTexts.anyString()).checkAssert(text ->
        ModelTexts.parsesAsTheModelSays(text, QuantityModel.whole(QuantityModel.Dialect.CPU, text),
            t -> CpuQuantity.parse(t).millicores(), outcomes));
    assertThat(outcomes.get(1)).isPositive();
  }
}
