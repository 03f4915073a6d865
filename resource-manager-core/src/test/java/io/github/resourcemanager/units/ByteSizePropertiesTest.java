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

  @Test
  void parseReturnsOrRejectsNamingTheInput() {
    qt().forAll(QuantityTexts.quantityLike())
        .checkAssert(text -> QuantityTexts.returnsOrRejectsNamingTheInput(text, ByteSize::parse));
  }

  @Test
  void parseKubernetesReturnsOrRejectsNamingTheInput() {
    qt().forAll(QuantityTexts.quantityLike())
        .checkAssert(text -> QuantityTexts.returnsOrRejectsNamingTheInput(text, ByteSize::parseKubernetes));
  }

  @Test
  void parseDockerReturnsOrRejectsNamingTheInput() {
    qt().forAll(QuantityTexts.quantityLike())
        .checkAssert(text -> QuantityTexts.returnsOrRejectsNamingTheInput(text, ByteSize::parseDocker));
  }

  @Test
  void everyParserReturnsOrRejectsAnyStringNamingIt() {
    qt().forAll(QuantityTexts.anyString()).checkAssert(text -> {
      QuantityTexts.returnsOrRejectsNamingTheInput(text, ByteSize::parse);
      QuantityTexts.returnsOrRejectsNamingTheInput(text, ByteSize::parseKubernetes);
      QuantityTexts.returnsOrRejectsNamingTheInput(text, ByteSize::parseDocker);
    });
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
