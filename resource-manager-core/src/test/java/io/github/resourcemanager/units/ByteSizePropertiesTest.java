package io.github.resourcemanager.units;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.LongRange;

class ByteSizePropertiesTest {

  @Property
  void parseReadsToStringBack(@ForAll("sizes") long bytes) {
    ByteSize size = ByteSize.ofBytes(bytes);
    assertThat(ByteSize.parse(size.toString())).isEqualTo(size);
  }

  @Property
  void parseKubernetesReadsToStringBack(@ForAll("sizes") long bytes) {
    ByteSize size = ByteSize.ofBytes(bytes);
    assertThat(ByteSize.parseKubernetes(size.toString())).isEqualTo(size);
  }

  @Property
  void parseDockerReadsToDockerStringBack(@ForAll("sizes") long bytes) {
    ByteSize size = ByteSize.ofBytes(bytes);
    assertThat(ByteSize.parseDocker(size.toDockerString())).isEqualTo(size);
  }

  @Property
  void everyMebibyteSpellingMeansTheSame(@ForAll @LongRange(min = 0, max = Long.MAX_VALUE >> 20) long count) {
    ByteSize expected = ByteSize.ofMebibytes(count);
    assertThat(ByteSize.parse(count + "Mi")).isEqualTo(expected);
    assertThat(ByteSize.parse(count + "m")).isEqualTo(expected);
    assertThat(ByteSize.parse(count + "MB")).isEqualTo(expected);
    assertThat(ByteSize.parse(count + "MiB")).isEqualTo(expected);
    assertThat(ByteSize.parseKubernetes(count + "Mi")).isEqualTo(expected);
    assertThat(ByteSize.parseDocker(count + "m")).isEqualTo(expected);
    assertThat(ByteSize.parseDocker(count + "M")).isEqualTo(expected);
  }

  @Property
  void decimalSuffixesAndExponentsMultiplyByPowersOfTen(
      @ForAll @LongRange(min = 0, max = Long.MAX_VALUE / 1_000_000) long count) {
    ByteSize expected = ByteSize.ofBytes(count * 1_000_000);
    assertThat(ByteSize.parse(count + "M")).isEqualTo(expected);
    assertThat(ByteSize.parse(count + "e6")).isEqualTo(expected);
    assertThat(ByteSize.parseKubernetes(count + "000k")).isEqualTo(expected);
  }

  @Property
  void parseReturnsOrRejectsNamingTheInput(@ForAll("quantityLike") String text) {
    QuantityTexts.returnsOrRejectsNamingTheInput(text, ByteSize::parse);
  }

  @Property
  void parseKubernetesReturnsOrRejectsNamingTheInput(@ForAll("quantityLike") String text) {
    QuantityTexts.returnsOrRejectsNamingTheInput(text, ByteSize::parseKubernetes);
  }

  @Property
  void parseDockerReturnsOrRejectsNamingTheInput(@ForAll("quantityLike") String text) {
    QuantityTexts.returnsOrRejectsNamingTheInput(text, ByteSize::parseDocker);
  }

  @Property
  void everyParserReturnsOrRejectsAnyStringNamingIt(@ForAll String text) {
    QuantityTexts.returnsOrRejectsNamingTheInput(text, ByteSize::parse);
    QuantityTexts.returnsOrRejectsNamingTheInput(text, ByteSize::parseKubernetes);
    QuantityTexts.returnsOrRejectsNamingTheInput(text, ByteSize::parseDocker);
  }

  @Property
  void minusUndoesPlus(@ForAll("sizes") long a, @ForAll("sizes") long b) {
    ByteSize x = ByteSize.ofBytes(a / 2);
    ByteSize y = ByteSize.ofBytes(b / 2);
    assertThat(x.plus(y).minus(y)).isEqualTo(x);
  }

  @Provide
  Arbitrary<Long> sizes() {
    // Random longs are almost never multiples of 1024 or 1000, so suffixed forms get their own share.
    return Arbitraries.oneOf(
        Arbitraries.longs().between(0, Long.MAX_VALUE),
        multiplesOfPowers(1024),
        multiplesOfPowers(1000));
  }

  @Provide
  Arbitrary<String> quantityLike() {
    return QuantityTexts.quantityLike();
  }

  private static Arbitrary<Long> multiplesOfPowers(long base) {
    return Arbitraries.integers().between(1, 6).flatMap(power -> {
      long unit = 1;
      for (int i = 0; i < power; i++) {
        unit *= base;
      }
      long finalUnit = unit;
      return Arbitraries.longs().between(0, Long.MAX_VALUE / unit).map(n -> n * finalUnit);
    });
  }
}
