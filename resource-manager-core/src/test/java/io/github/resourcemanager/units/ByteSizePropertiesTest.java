package io.github.resourcemanager.units;

import static org.assertj.core.api.Assertions.assertThat;
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
  void parseDockerReadsToDockerStringBack() {
    qt().forAll(sizes()).checkAssert(bytes -> {
      ByteSize size = ByteSize.ofBytes(bytes);
      assertThat(ByteSize.parseDocker(size.toDockerString())).isEqualTo(size);
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

  private static void everyParserAsTheModelSays(org.quicktheories.core.Gen<String> texts) {
    java.util.concurrent.atomic.AtomicIntegerArray unified = new java.util.concurrent.atomic.AtomicIntegerArray(2);
    java.util.concurrent.atomic.AtomicIntegerArray kubernetes = new java.util.concurrent.atomic.AtomicIntegerArray(2);
    java.util.concurrent.atomic.AtomicIntegerArray docker = new java.util.concurrent.atomic.AtomicIntegerArray(2);
    qt().withExamples(3_000).forAll(texts).checkAssert(text -> {
      QuantityTexts.parsesAsTheModelSays(text, QuantityModel.whole(QuantityModel.Dialect.BYTES, text),
          t -> ByteSize.parse(t).bytes(), unified);
      QuantityTexts.parsesAsTheModelSays(text, QuantityModel.whole(QuantityModel.Dialect.BYTES_KUBERNETES, text),
          t -> ByteSize.parseKubernetes(t).bytes(), kubernetes);
      QuantityTexts.parsesAsTheModelSays(text, QuantityModel.whole(QuantityModel.Dialect.BYTES_DOCKER, text),
          t -> ByteSize.parseDocker(t).bytes(), docker);
    });
    QuantityTexts.sawBoth(unified, 100);
    QuantityTexts.sawBoth(kubernetes, 100);
    QuantityTexts.sawBoth(docker, 100);
  }

  @Test
  void quantityLikeTextsAreReadAsTheGrammarSaysOrRejectedNamingThem() {
    everyParserAsTheModelSays(QuantityTexts.quantityLike());
  }

  @Test
  void anyStringIsReadAsTheGrammarSaysOrRejectedNamingIt() {
    java.util.concurrent.atomic.AtomicIntegerArray outcomes = new java.util.concurrent.atomic.AtomicIntegerArray(2);
    qt().withExamples(2_000).forAll(QuantityTexts.anyString()).checkAssert(text -> {
      QuantityTexts.parsesAsTheModelSays(text, QuantityModel.whole(QuantityModel.Dialect.BYTES, text),
          t -> ByteSize.parse(t).bytes(), outcomes);
      QuantityTexts.parsesAsTheModelSays(text, QuantityModel.whole(QuantityModel.Dialect.BYTES_KUBERNETES, text),
          t -> ByteSize.parseKubernetes(t).bytes(), outcomes);
      QuantityTexts.parsesAsTheModelSays(text, QuantityModel.whole(QuantityModel.Dialect.BYTES_DOCKER, text),
          t -> ByteSize.parseDocker(t).bytes(), outcomes);
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
