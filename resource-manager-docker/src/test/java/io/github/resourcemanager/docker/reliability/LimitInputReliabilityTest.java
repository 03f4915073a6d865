package io.github.resourcemanager.docker.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;
import static org.quicktheories.generators.SourceDSL.strings;

import io.github.resourcemanager.docker.ContainerLimits;
import io.github.resourcemanager.docker.DockerConfig;
import io.github.resourcemanager.docker.LimitPolicy;
import io.github.resourcemanager.units.ByteSize;
import io.github.resourcemanager.units.CpuQuantity;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.quicktheories.api.Pair;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/**
 * Container limits, limit policies and the Docker configuration with hostile input: a valid object holding what was
 * given, or an {@link IllegalArgumentException} naming the field and what is allowed; never another exception.
 */
class LimitInputReliabilityTest {

  /** Returns what {@code attempt} returns, or null if it threw an IllegalArgumentException mentioning every text. */
  private static <T> T validOrRejected(Object input, Supplier<T> attempt, String... mentions) {
    try {
      return attempt.get();
    } catch (IllegalArgumentException rejected) {
      assertThat(rejected.getMessage()).as("message rejecting %s", input).isNotBlank();
      for (String m : mentions) {
        assertThat(rejected.getMessage()).as("message rejecting %s", input).contains(m);
      }
      return null;
    } catch (RuntimeException other) {
      throw new AssertionError("input " + input + " raised " + other + " instead of an IllegalArgumentException", other);
    }
  }

  private static Gen<String> sizes() {
    Gen<String> shaped = Generate.pick(List.of("4g", "512m", "6m", "5m", "1k", "0", "-1g", "8E", "9E", "1e30", "1.5g",
        "4 g", "4gb", "4GiB", "", " ", "g", "0x10", "NaN"));
    return Generate.oneOf(shaped, strings().allPossible().ofLengthBetween(0, 12)).toOptionals(5).map(o -> o.orElse(null));
  }

  private static Gen<String> cpus() {
    Gen<String> shaped = Generate.pick(List.of("2", "0.5", "0.01", "0.005", "10m", "5m", "1500m", "-1", "1e3", "1e30",
        "9223372036854775807", "", "two", "1,5", "Infinity"));
    return Generate.oneOf(shaped, strings().allPossible().ofLengthBetween(0, 12)).toOptionals(5).map(o -> o.orElse(null));
  }

  @Test
  void containerLimitsAreParsedOrRejectedNamingMemoryOrCpus() {
    qt().withExamples(2_000).forAll(sizes(), cpus()).checkAssert((memory, cpus) -> {
      ByteSize size = validOrRejected(memory, () -> ByteSize.parse(memory));
      CpuQuantity cores = validOrRejected(cpus, () -> CpuQuantity.parse(cpus));
      // The first problem is named: memory that does not parse, CPUs that do not parse, memory below Docker's minimum.
      String field = size == null ? "memory" : cores == null ? "cpus"
          : size.compareTo(ContainerLimits.MIN_MEMORY) < 0 ? "memory" : "cpus";
      ContainerLimits l = validOrRejected(memory + ", " + cpus, () -> ContainerLimits.parse(memory, cpus), field);
      if (l != null) {
        assertThat(l.memory()).isEqualTo(size);
        assertThat(l.cpus()).isEqualTo(cores);
      }
    });
  }

  @Test
  void processLimitsAreValidOrRejectedNamingPids() {
    qt().withExamples(500).forAll(Generate.oneOf(longs().all(), longs().between(-2, 2))).checkAssert(pids -> {
      ContainerLimits l = validOrRejected(pids, () -> ContainerLimits.parse("4g", "2").withPids(pids), "pids");
      if (l != null) {
        assertThat(l.pids().getAsLong()).isEqualTo(pids);
      }
    });
  }

  @Test
  void policiesAreBuiltOrRejectedNamingTheSetting() {
    Gen<List<String>> lists = Generate.oneOf(Generate.constant(List.of()), Generate.constant(List.of("4g")),
        Generate.pick(List.of("1g", "2g", "4g", "64g", "3g")).map(m -> List.of(m)),
        Generate.constant(java.util.Arrays.asList("4g", null)));
    Gen<LimitPolicy.HostCpuRule> rules = Generate.enumValues(LimitPolicy.HostCpuRule.class).toOptionals(20)
        .map(o -> o.orElse(null));
    qt().withExamples(1_000).forAll(lists, lists, rules, Generate.booleans()).checkAssert((mem, cpu, rule, nullArrays) -> {
      ByteSize[] memory = nullArrays ? null : mem.stream().map(m -> m == null ? null : ByteSize.parseDocker(m))
          .toArray(ByteSize[]::new);
      CpuQuantity[] cores = cpu.stream().map(c -> c == null ? null : CpuQuantity.ofMillicores(
          ByteSize.parseDocker(c).bytes() / (1L << 30) * 1000)).toArray(CpuQuantity[]::new);
      validOrRejected(mem + " " + cpu + " " + rule + " " + nullArrays,
          () -> LimitPolicy.custom().allowedMemory(memory).allowedCpus(cores).hostCpuRule(rule).build());
    });
    assertThat(validOrRejected("null limits", () -> {
      LimitPolicy.ofDefaults().checkAllowed(null);
      return "accepted";
    }, "limits")).isNull();
    assertThat(validOrRejected("null requested", () -> LimitPolicy.ofDefaults().fitRequested(null, 2), "limits")).isNull();
  }

  @Test
  void hostCpuCountsAreFittedOrRejectedWithTheCpusAllowedOnThatHost() {
    qt().withExamples(500).forAll(integers().between(-2, 40), Generate.pick(List.of("1", "2", "4", "8", "16")))
        .checkAssert((hostCpus, cpus) -> {
          ContainerLimits wanted = ContainerLimits.parse("4g", cpus);
          ContainerLimits fitted = validOrRejected(hostCpus + " " + cpus,
              () -> LimitPolicy.ofDefaults().fitRequested(wanted, hostCpus), hostCpus < 1 ? "hostCpus" : "allowed on this host");
          if (fitted != null) {
            assertThat(fitted).isEqualTo(wanted); // REJECT never clamps
          }
        });
  }

  private record Setting(String name, Function<Duration, Duration> useAndRead) {}

  @Test
  void dockerConfigDurationsAreKeptOrRejectedNamingTheSetting() {
    List<Setting> settings = List.of(
        new Setting("connectTimeout", d -> DockerConfig.custom().connectTimeout(d).build().connectTimeout()),
        new Setting("requestTimeout", d -> DockerConfig.custom().requestTimeout(d).build().requestTimeout()),
        new Setting("statsTimeout", d -> DockerConfig.custom().statsTimeout(d).build().statsTimeout()),
        new Setting("eventsRetryDelay", d -> DockerConfig.custom().eventsRetryDelay(d).eventsMaxRetryDelay(d).build()
            .eventsRetryDelay()),
        new Setting("eventsMaxRetryDelay", d -> DockerConfig.custom().eventsMaxRetryDelay(d).build()
            .eventsMaxRetryDelay()));
    Gen<Duration> durations = Generate.frequency(Pair.of(4, longs().between(1, 86_400_000L).map(Duration::ofMillis)),
        Pair.of(2, longs().between(Long.MIN_VALUE, 0).map(Duration::ofNanos)),
        Pair.of(2, longs().between(Long.MAX_VALUE / 1_000_000_000L - 10, Long.MAX_VALUE).map(s -> Duration.ofSeconds(s))),
        Pair.of(1, Generate.constant((Duration) null)));
    for (Setting s : settings) {
      qt().withExamples(300).forAll(durations).checkAssert(d -> {
        Duration kept = validOrRejected(s.name() + " = " + d, () -> s.useAndRead().apply(d), s.name());
        if (kept != null) {
          assertThat(kept).isEqualTo(d);
        }
      });
    }
  }

  @Test
  void dockerHostsAreParsedOrRejectedWithTheAllowedSchemes() {
    Gen<String> hosts = Generate.oneOf(Generate.pick(List.of("unix:///var/run/docker.sock", "tcp://127.0.0.1:2375",
        "npipe:////./pipe/docker_engine", "http://127.0.0.1:2375", "ssh://host", "tcp://[::1", "unix://", "tcp:// x",
        "", " ", "127.0.0.1:2375")), strings().allPossible().ofLengthBetween(0, 20)).toOptionals(5)
        .map(o -> o.orElse(null));
    qt().withExamples(1_000).forAll(hosts).checkAssert(host ->
        validOrRejected(host, () -> DockerConfig.custom().dockerHost(host).build(), "dockerHost"));
  }
}
