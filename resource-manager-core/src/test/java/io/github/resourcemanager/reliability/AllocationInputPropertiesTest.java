package io.github.resourcemanager.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import io.github.resourcemanager.allocate.AgentSpec;
import io.github.resourcemanager.allocate.PriorityClass;
import io.github.resourcemanager.allocate.ProjectConfig;
import io.github.resourcemanager.allocate.Quota;
import io.github.resourcemanager.allocate.Resource;
import io.github.resourcemanager.allocate.ResourceVector;
import io.github.resourcemanager.allocate.TimeWindow;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/**
 * The allocation model's own parsers and builders (resource amounts, time windows, quota keys, priority classes,
 * project and agent names, weights) with hostile input: a valid object holding what was given, or an
 * {@link IllegalArgumentException} naming the field; never another exception. (The quantity parsers they build
 * on have their own properties in the {@code units} tests.)
 */
class AllocationInputPropertiesTest {

  private static Gen<String> amounts() {
    Gen<String> shaped = Generate.pick(List.of("", "1", "-1", "1.5", "500m", "0.0001", "2GB", "2Gi", "8E", "9E", "1e18",
        "1e19", "99999999999999999999", "25%", "NaN", "Infinity", " 2 ", "2 GB", "0x10", "\u0661"))
        .zip(Generate.pick(List.of("", "", "i", "m", "k", "0")), (a, b) -> a + b);
    return Generate.oneOf(shaped, Rejections.anyString());
  }

  @Test
  void resourceAmountsAreParsedOrRejectedNamingTheResource() {
    qt().withExamples(1_000).forAll(amounts()).checkAssert(text -> {
      for (Resource r : List.of(Resource.CPU, Resource.MEMORY, Resource.OPEN_FILES, Resource.THREADS)) {
        Long amount = Rejections.validOrRejected(r + " " + text, () -> r.parse(text), String.valueOf(text));
        if (amount != null) {
          assertThat(amount).isNotNegative();
          assertThat(ResourceVector.of(r, text).amount(r)).isEqualTo(amount);
        }
      }
    });
  }

  @Test
  void timeWindowsAreParsedOrRejectedWithTheAllowedForm() {
    Gen<String> windows = Generate.oneOf(
        integers().between(0, 30).zip(integers().between(-1, 70), integers().between(0, 30), integers().between(-1, 70),
            (h1, m1, h2, m2) -> String.format("%02d:%02d-%02d:%02d", h1, m1, h2, m2)),
        Rejections.anyString());
    qt().withExamples(1_000).forAll(windows).checkAssert(text -> {
      TimeWindow w = Rejections.validOrRejected(text, () -> TimeWindow.parse(text), "time window");
      if (w != null) {
        assertThat(TimeWindow.parse(w.toString())).isEqualTo(w);
      }
    });
  }

  @Test
  void quotaKeysAndAmountsAreValidOrRejectedNamingTheKey() {
    Gen<String> keys = Generate.oneOf(Generate.pick(List.of("requests.cpu", "limits.memory", "agents", "requests.gpu",
        "cpu", "limits.", "requests.threads", "limits.open-files")), Rejections.nameLike());
    qt().withExamples(1_000).forAll(keys, amounts()).checkAssert((key, amount) ->
        Rejections.validOrRejected(key + "=" + amount, () -> Quota.custom("q").hard(key, amount).build(), "quota"));
  }

  @Test
  void namesIdsWeightsAndPrioritiesAreValidOrRejectedNamingTheField() {
    Gen<Long> numbers = Generate.oneOf(longs().all(), longs().between(-3, 3),
        longs().between(Integer.MAX_VALUE - 3L, Integer.MAX_VALUE + 3L), longs().between(999_999_997, 1_000_000_003));
    qt().withExamples(1_000).forAll(Rejections.nameLike(), numbers).checkAssert((name, n) -> {
      Rejections.validOrRejected("project " + name, () -> ProjectConfig.custom(name).build(), "project");
      Rejections.validOrRejected("agent " + name, () -> AgentSpec.custom(name).build(), "agent");
      Rejections.validOrRejected("agent project " + name, () -> AgentSpec.custom("a").project(name).build(), "project");
      Rejections.validOrRejected("priority class " + name, () -> PriorityClass.of(name, 1), "priority class");
      ProjectConfig weighted = Rejections.validOrRejected("weight " + n, () -> ProjectConfig.custom("p").weight(n).build(),
          "weight");
      if (weighted != null) {
        assertThat(weighted.weight()).isEqualTo(n);
      }
      Rejections.validOrRejected("agent weight " + n, () -> AgentSpec.custom("a").weight(n).build(), "weight");
      if (n >= Integer.MIN_VALUE && n <= Integer.MAX_VALUE) {
        int i = n.intValue();
        PriorityClass pc = Rejections.validOrRejected("priority value " + i, () -> PriorityClass.of("p", i), "value");
        if (pc != null) {
          assertThat(pc.value()).isEqualTo(i);
        }
        Rejections.validOrRejected("project priority " + i, () -> ProjectConfig.custom("p").priority(i).build(), "priority");
      }
    });
  }
}
