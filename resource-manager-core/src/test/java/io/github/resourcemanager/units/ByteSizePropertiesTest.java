package io.github.resourcemanager.units;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

class ByteSizePropertiesTest {

  /** Sizes of every magnitude; random longs are almost never multiples of 1024 or 1000, so those get their own share. */
  private static Gen<Long> sizes() {
    return Generate.oneOf(longs().between(0, Long.MAX_VALUE), multiplesOfPowers(1024), multiplesOfPowers(1000));
  }

  private static Gen<Long> multiplesOfPowers(long base) {
    return integers().between(1, 6).flatMap(power -> {
      long unit = 1;
      for (int i = 0; i < power; i++) {
        unit *= base;
      }
      long finalUnit = unit;
      return longs().between(0, Long.MAX_VALUE / unit).map(n -> n * finalUnit);
    });
  }

  @Test
  void parseReadsToStringBack() {
    qt().forAll(sizes()).checkAssert(bytes -> {
      ByteSize size = ByteSize.ofBytes(bytes);
      assertThat(ByteSize.parse(size.toString())).isEqualTo(size);
    });
  }

  @Test
  void parseKubernetesReadsToStringBack() {
    qt().forAll(sizes()).checkAssert(bytes -> {
      ByteSize size = ByteSize.ofBytes(bytes);
      assertThat(ByteSize.parseKubernetes(size.toString())).isEqualTo(size);
    });
  }

  @Test
  void parseDockerReadsToDockerStringBackWhenItsNumberIsBelowTwoToThe53() {
    // size.go parseSize reads the number with strconv.ParseFloat: every integer below 2^53 is a double.
    qt().forAll(sizes()).checkAssert(bytes -> {
      ByteSize size = ByteSize.ofBytes(bytes);
      String docker = size.toDockerString();
      long number = Long.parseLong(docker.substring(0, docker.length() - 1));
      if (number < (1L << 53)) {
        assertThat(ByteSize.parseDocker(docker)).isEqualTo(size);
      } else {
        // the nearest double to a number of 54 or more bits; 9007199254740993b reads as 9007199254740992
        double nearest = Double.parseDouble(Long.toString(number));
        java.math.BigInteger expected = new java.math.BigDecimal(nearest).toBigIntegerExact()
            .multiply(java.math.BigInteger.valueOf(size.bytes() / number));
        if (expected.bitLength() <= 63) {
          assertThat(ByteSize.parseDocker(docker).bytes()).isEqualTo(expected.longValueExact());
        } else {
          // rounds up to 2^63 or more, which Go's int64() cannot hold
          assertThatIllegalArgumentException().isThrownBy(() -> ByteSize.parseDocker(docker))
              .withMessageStartingWith("Docker byte size \"" + docker + "\" is not valid: ");
        }
      }
    });
  }

  @Test
  void everyMebibyteSpellingMeansTheSame() {
    qt().forAll(longs().between(0, Long.MAX_VALUE >> 20)).checkAssert(count -> {
      ByteSize expected = ByteSize.ofMebibytes(count);
      assertThat(ByteSize.parse(count + "Mi")).isEqualTo(expected);
      assertThat(ByteSize.parse(count + "m")).isEqualTo(expected);
      assertThat(ByteSize.parse(count + "MB")).isEqualTo(expected);
      assertThat(ByteSize.parse(count + "MiB")).isEqualTo(expected);
      assertThat(ByteSize.parseKubernetes(count + "Mi")).isEqualTo(expected);
      assertThat(ByteSize.parseDocker(count + "m")).isEqualTo(expected);
      assertThat(ByteSize.parseDocker(count + "M")).isEqualTo(expected);
    });
  }

  @Test
  void decimalSuffixesAndExponentsMultiplyByPowersOfTen() {
    qt().forAll(longs().between(0, Long.MAX_VALUE / 1_000_000)).checkAssert(count -> {
      ByteSize expected = ByteSize.ofBytes(count * 1_000_000);
      assertThat(ByteSize.parse(count + "M")).isEqualTo(expected);
      assertThat(ByteSize.parse(count + "e6")).isEqualTo(expected);
      assertThat(ByteSize.parseKubernetes(count + "000k")).isEqualTo(expected);
    });
  }

  @Test
  void parseGivesTheExactSizeOrRefusesNamingTheText() {
    qt().withExamples(3_000).forAll(QuantityTexts.unifiedBytes())
        .checkAssert(c -> QuantityTexts.assertParses(c, "byte size", text -> ByteSize.parse(text).bytes()));
  }

  @Test
  void parseKubernetesGivesWhatValueReturnsOrRefusesNamingTheText() {
    qt().withExamples(3_000).forAll(QuantityTexts.kubernetesBytes()).checkAssert(c ->
        QuantityTexts.assertParses(c, "Kubernetes byte size", text -> ByteSize.parseKubernetes(text).bytes()));
  }

  @Test
  void parseDockerGivesWhatRamInBytesReturnsOrRefusesNamingTheText() {
    qt().withExamples(3_000).forAll(QuantityTexts.dockerBytes()).checkAssert(c ->
        QuantityTexts.assertParses(c, "Docker byte size", text -> ByteSize.parseDocker(text).bytes()));
  }

  private static void everyParserAsTheModelSays(org.quicktheories.core.Gen<String> texts) {
    java.util.concurrent.atomic.AtomicIntegerArray unified = new java.util.concurrent.atomic.AtomicIntegerArray(2);
    qt().withExamples(3_000).forAll(texts).checkAssert(text -> {
      ModelTexts.parsesAsTheModelSays(text, QuantityModel.whole(QuantityModel.Dialect.BYTES, text),
          t -> ByteSize.parse(t).bytes(), unified);
    });
    ModelTexts.sawBoth(unified, 100);
  }

  @Test
  void quantityLikeTextsAreReadAsTheGrammarSaysOrRejectedNamingThem() {
    everyParserAsTheModelSays(ModelTexts.quantityLike());
  }

  @Test
  void anyStringIsReadAsTheGrammarSaysOrRejectedNamingIt() {
    java.util.concurrent.atomic.AtomicIntegerArray outcomes = new java.util.concurrent.atomic.AtomicIntegerArray(2);
    qt().withExamples(2_000).forAll(ModelTexts.anyString()).checkAssert(text -> {
      ModelTexts.parsesAsTheModelSays(text, QuantityModel.whole(QuantityModel.Dialect.BYTES, text),
          t -> ByteSize.parse(t).bytes(), outcomes);
    });
    assertThat(outcomes.get(1)).isPositive();
  }

  @Test
  void minusUndoesPlus() {
    qt().forAll(sizes(), sizes()).checkAssert((a, b) -> {
      ByteSize x = ByteSize.ofBytes(a / 2);
      ByteSize y = ByteSize.ofBytes(b / 2);
      assertThat(x.plus(y).minus(y)).isEqualTo(x);
    });
  }
}
