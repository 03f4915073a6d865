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
import io.github.resourcemanager.units.QuantityModel;
import java.time.LocalTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/**
 * The allocation model's own parsers and builders (resource amounts, time windows, quota keys, priority classes,
 * project and agent names, weights) with hostile input, each judged by a model of its documented rules
 * ({@link Models}, {@link QuantityModel}): valid input is kept exactly, invalid input rejected with an
 * {@link IllegalArgumentException} naming the field; a null argument is a {@link NullPointerException} naming the
 * parameter.
 */
class AllocationInputPropertiesTest {

  private static final List<Resource> RESOURCES = List.of(Resource.CPU, Resource.MEMORY, Resource.OPEN_FILES,
      Resource.THREADS);

  private static Gen<String> amounts() {
    Gen<String> shaped = Generate.pick(List.of("", "1", "-1", "1.5", "500m", "0.0001", "2GB", "2Gi", "8E", "9E", "1e18",
        "1e19", "99999999999999999999", "25%", "NaN", "Infinity", " 2 ", "2 GB", "0x10", "\u0661", "+5", "-0", "12",
        "9223372036854775807", "9223372036854775808"))
        .zip(Generate.pick(List.of("", "", "i", "m", "k", "0")), (a, b) -> a + b);
    return Generate.oneOf(shaped, shaped, Hostile.anyString());
  }

  /**
   * What {@code r.parse(text)} must give (Resource.parse): CPU as {@code CpuQuantity.parse}, bytes (memory, allocation
   * rate) as {@code ByteSize.parse}, counts (open files, threads) as whole numbers; by the resource's unit.
   */
  private static Optional<Long> amount(Resource r, String text) {
    switch (r.unitName()) {
      case "millicores":
        return QuantityModel.whole(QuantityModel.Dialect.CPU, text);
      case "bytes":
        return QuantityModel.whole(QuantityModel.Dialect.BYTES, text);
      default:
        return Models.count(text);
    }
  }

  @Test
  void resourceAmountsAreReadExactlyOrRejectedQuotingTheText() {
    AtomicIntegerArray outcomes = Oracle.outcomes();
    qt().withExamples(1_000).forAll(amounts()).checkAssert(text -> {
      for (Resource r : RESOURCES) {
        Optional<Long> expected = amount(r, text);
        Oracle.asTheModelSays(r + " " + text, Oracle.firstNull("text", text), expected, () -> r.parse(text), outcomes,
            String.valueOf(text));
        Oracle.asTheModelSays(r + " vector " + text, Oracle.firstNull("amount", text), expected,
            () -> ResourceVector.of(r, text).amount(r), outcomes, String.valueOf(text));
      }
    });
    Oracle.sawBoth(outcomes, 100);
  }

  @Test
  void timeWindowsAreReadExactlyOrRejectedWithTheAllowedForm() {
    Gen<String> windows = Generate.oneOf(
        integers().between(0, 30).zip(integers().between(-1, 70), integers().between(0, 30), integers().between(-1, 70),
            (h1, m1, h2, m2) -> String.format("%02d:%02d-%02d:%02d", h1, m1, h2, m2)),
        Generate.pick(List.of("09:00:30-17:00", "9:00-17:00", " 09:00 - 17:00 ", "22:00-24:00", "24:00-01:00",
            "09:00-09:00", "\u0660\u0669:00-17:00", "09:00-17:00-18:00", "09h00-17h00")),
        Hostile.anyString());
    AtomicIntegerArray outcomes = Oracle.outcomes();
    qt().withExamples(1_000).forAll(windows).checkAssert(text -> {
      Optional<LocalTime[]> expected = Models.timeWindow(text);
      Oracle.asTheModelSays(text, Oracle.firstNull("text", text), expected.map(w -> new TimeWindow(w[0], w[1])),
          () -> TimeWindow.parse(text), outcomes, "time window");
      expected.ifPresent(w -> assertThat(TimeWindow.parse(TimeWindow.parse(text).toString()))
          .isEqualTo(TimeWindow.parse(text)));
    });
    Oracle.sawBoth(outcomes, 50);
  }

  @Test
  void quotaKeysAndAmountsAreKeptExactlyOrRejectedNamingTheQuota() {
    Gen<String> keys = Generate.oneOf(Generate.pick(List.of("requests.cpu", "limits.memory", "agents", "requests.gpu",
        "cpu", "limits.", "requests.threads", "limits.open-files", "memory", "Agents")), Hostile.names());
    AtomicIntegerArray outcomes = Oracle.outcomes();
    qt().withExamples(1_000).forAll(keys, amounts()).checkAssert((key, amount) -> {
      // A key other than agents, requests.<r> or limits.<r> is a bare resource name (counting its requests); <r>
      // must be a known resource. The key is kept as written, as ResourceQuota's spec.hard keeps it.
      Optional<Map<String, Long>> expected = Optional.empty();
      if (key != null) {
        if (key.equals("agents")) {
          expected = Models.count(amount).map(n -> Map.of("agents", n));
        } else {
          String name = key.startsWith("requests.") ? key.substring("requests.".length())
              : key.startsWith("limits.") ? key.substring("limits.".length()) : key;
          expected = Resource.find(name).flatMap(res -> amount(res, amount)).map(n -> Map.of(key, n));
        }
      }
      Oracle.asTheModelSays(key + "=" + amount, Oracle.firstNull("key", key, "quantity", amount), expected,
          () -> Quota.custom("q").hard(key, amount).build().hard(), outcomes, "quota q");
    });
    Oracle.sawBoth(outcomes, 20);
  }

  @Test
  void namesAreKeptExactlyOrRejectedNamingTheField() {
    AtomicIntegerArray outcomes = Oracle.outcomes();
    qt().withExamples(1_000).forAll(Hostile.names()).checkAssert(name -> {
      Oracle.asTheModelSays("project " + name, Oracle.firstNull("name", name),
          Models.projectName(name) ? Optional.of(name) : Optional.empty(),
          () -> ProjectConfig.custom(name).build().name(), outcomes, "project");
      Oracle.asTheModelSays("agent " + name, Oracle.firstNull("id", name),
          Models.agentId(name) ? Optional.of(name) : Optional.empty(),
          () -> AgentSpec.custom(name).build().id(), outcomes, "agent");
      Oracle.asTheModelSays("agent project " + name, Oracle.firstNull("project", name),
          Models.projectName(name) ? Optional.of(name) : Optional.empty(),
          () -> AgentSpec.custom("a").project(name).build().project(), outcomes, "project");
      Oracle.asTheModelSays("priority class " + name, Oracle.firstNull("name", name),
          Models.priorityClassName(name) ? Optional.of(name) : Optional.empty(),
          () -> PriorityClass.of(name, 1).name(), outcomes, "priority class");
    });
    Oracle.sawBoth(outcomes, 50);
  }

  @Test
  void weightsAndPrioritiesAreKeptExactlyOrRejectedNamingTheField() {
    Gen<Long> numbers = Generate.oneOf(longs().all(), longs().between(-3, 3),
        longs().between(Integer.MAX_VALUE - 3L, Integer.MAX_VALUE + 3L), longs().between(999_999_997, 1_000_000_003),
        longs().between(-1_000_000_003, -999_999_997), longs().between(1, 1_000_000_000));
    AtomicIntegerArray outcomes = Oracle.outcomes();
    qt().withExamples(1_000).forAll(numbers).checkAssert(n -> {
      // Weights: 1 to 1,000,000,000 (ProjectConfig.MAX_WEIGHT: the largest user-definable value of a Kubernetes
      // PriorityClass, pkg/apis/scheduling/types.go, HighestUserDefinablePriority). Priority class values:
      // -1,000,000,000 to 1,000,000,000. Project priorities: >= 0.
      boolean validWeight = n >= 1 && n <= 1_000_000_000L;
      Oracle.asTheModelSays("weight " + n, validWeight ? Optional.of(n) : Optional.empty(),
          () -> ProjectConfig.custom("p").weight(n).build().weight(), outcomes, "weight");
      Oracle.asTheModelSays("agent weight " + n, validWeight ? Optional.of(n) : Optional.empty(),
          () -> AgentSpec.custom("a").weight(n).build().weight(), outcomes, "weight");
      if (n >= Integer.MIN_VALUE && n <= Integer.MAX_VALUE) {
        int i = n.intValue();
        Oracle.asTheModelSays("priority value " + i, Math.abs((long) i) <= 1_000_000_000 ? Optional.of(i)
            : Optional.empty(), () -> PriorityClass.of("p", i).value(), outcomes, "value");
        Oracle.asTheModelSays("project priority " + i, i >= 0 ? Optional.of(i) : Optional.empty(),
            () -> ProjectConfig.custom("p").priority(i).build().priority(), outcomes, "priority");
      }
    });
    Oracle.sawBoth(outcomes, 50);
  }
}
