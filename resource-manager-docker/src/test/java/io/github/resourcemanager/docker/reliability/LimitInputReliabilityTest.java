package io.github.resourcemanager.docker.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;
import static org.quicktheories.generators.SourceDSL.strings;

import io.github.resourcemanager.docker.ContainerLimits;
import io.github.resourcemanager.docker.DockerConfig;
import io.github.resourcemanager.docker.LimitPolicy;
import io.github.resourcemanager.units.ByteSize;
import io.github.resourcemanager.units.CpuQuantity;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.quicktheories.api.Pair;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/**
 * Container limits, limit policies and the Docker configuration with hostile input. Every generator knows, for each
 * input it makes, what must happen: the exact value accepted, or an {@link IllegalArgumentException} whose message
 * names the field (and quotes the text as written); a null text of {@code ContainerLimits.parse} is a
 * {@link NullPointerException} naming the parameter. The expectations come from the references' rules worked out
 * here with integer arithmetic (go-units size.go RAMInBytes, docker/cli opts.go ParseCPUs, Docker's minimums of
 * 6 MiB and 0.01 CPU), never from the code under test.
 */
class LimitInputReliabilityTest {

  // ---------------------------------------------------------------- ContainerLimits.parse

  /** A memory text and its bytes per RAMInBytes, or null when Docker refuses it. */
  private record Memory(String text, Long bytes) {}

  /** A CPU text and its millicores per ParseCPUs, or null when refused (Docker, or finer than a millicore). */
  private record Cpus(String text, Long millicores) {}

  private static final Map<String, Long> UNITS = Map.of("", 1L, "b", 1L, "k", 1L << 10, "m", 1L << 20, "g", 1L << 30,
      "t", 1L << 40);

  /**
   * Sizes whose double arithmetic in RAMInBytes is exact (an integer below 2^20 plus eighths, times a power of two),
   * so the expected bytes are (8n + k) × unit / 8, truncated; plus texts Docker refuses for a known reason.
   */
  private static Gen<Memory> memories() {
    Gen<Memory> shaped = longs().between(0, (1 << 20) - 1).zip(integers().between(-1, 7), Generate.pick(List.of("",
        "b", "k", "m", "g", "t")), Generate.pick(List.of("", "b", "ib")), Generate.booleans(),
        (n, k, unit, tail, upper) -> {
          String fraction = k < 0 ? "" : k == 0 ? ".0" : BigDecimal.valueOf(k).divide(BigDecimal.valueOf(8))
              .toPlainString().substring(1);
          String suffix = unit.isEmpty() || unit.equals("b") ? unit : unit + tail;
          String text = n + fraction + (upper ? suffix.toUpperCase(Locale.ROOT) : suffix);
          BigInteger bytes = BigInteger.valueOf(8 * n + Math.max(k, 0)).multiply(BigInteger.valueOf(UNITS.get(unit)))
              .shiftRight(3);
          return new Memory(text, bytes.longValueExact());
        });
    Gen<Memory> refused = Generate.pick(List.of("", " ", "g", "4 gigs", "-1g", "4Gi", "4gb b", "0x10", "NaN", "4  g",
        " 4g", "4g ", "1e400", "8192p")).map(t -> new Memory(t, null));
    Gen<Memory> nulls = Generate.constant(new Memory(null, null));
    return Generate.frequency(Pair.of(6, shaped), Pair.of(2, refused), Pair.of(1, nulls));
  }

  private static Gen<Cpus> cpus() {
    Gen<Cpus> decimals = longs().between(0, 40).zip(integers().between(0, 9999), integers().between(0, 4),
        (whole, digits, places) -> {
          String fraction = places == 0 ? "" : String.format("%04d", digits).substring(0, places);
          String text = whole + (places == 0 ? "" : "." + fraction);
          BigDecimal millicores = new BigDecimal(text).movePointRight(3);
          boolean whole1 = millicores.stripTrailingZeros().scale() <= 0;
          return new Cpus(text, whole1 ? millicores.longValueExact() : null);
        });
    Gen<Cpus> fractions = longs().between(0, 200).zip(Generate.pick(List.of(1L, 2L, 4L, 5L, 8L, 3L, 7L)), (a, b) -> {
      BigInteger[] m = BigInteger.valueOf(a * 1000).divideAndRemainder(BigInteger.valueOf(b));
      return new Cpus(a + "/" + b, m[1].signum() == 0 ? m[0].longValueExact() : null);
    });
    Gen<Cpus> refused = Generate.pick(List.of("", "two", "500m", "1,5", "-1", " 1", "1 ", "Infinity", "1/0", "0x",
        "1e", "0.0000000001")).map(t -> new Cpus(t, null));
    Gen<Cpus> nulls = Generate.constant(new Cpus(null, null));
    return Generate.frequency(Pair.of(4, decimals), Pair.of(2, fractions), Pair.of(2, refused), Pair.of(1, nulls));
  }

  @Test
  void containerLimitsAreTheExactDockerValuesOrRefusedNamingMemoryOrCpus() {
    qt().withExamples(3_000).forAll(memories(), cpus()).checkAssert((memory, cpus) -> {
      String input = memory.text() + ", " + cpus.text();
      if (memory.text() == null) {
        assertThatNullPointerException().as(input).isThrownBy(() -> ContainerLimits.parse(null, cpus.text()))
            .withMessage("memory");
      } else if (cpus.text() == null) {
        assertThatNullPointerException().as(input).isThrownBy(() -> ContainerLimits.parse(memory.text(), null))
            .withMessage("cpus");
      } else if (memory.bytes() == null) {
        assertThatIllegalArgumentException().as(input).isThrownBy(() -> ContainerLimits.parse(memory.text(),
            cpus.text())).withMessageStartingWith("memory: Docker byte size " + quoted(memory.text()));
      } else if (cpus.millicores() == null) {
        assertThatIllegalArgumentException().as(input).isThrownBy(() -> ContainerLimits.parse(memory.text(),
            cpus.text())).withMessageStartingWith("cpus: Docker CPU quantity " + quoted(cpus.text()));
      } else if (memory.bytes() < 6L << 20) {
        assertThatIllegalArgumentException().as(input).isThrownBy(() -> ContainerLimits.parse(memory.text(),
            cpus.text())).withMessage("memory " + memory.text() + " is below Docker's minimum of 6m");
      } else if (cpus.millicores() < 10) {
        assertThatIllegalArgumentException().as(input).isThrownBy(() -> ContainerLimits.parse(memory.text(),
            cpus.text())).withMessage("cpus " + cpus.text() + " is below Docker's minimum of 0.01");
      } else {
        ContainerLimits l = ContainerLimits.parse(memory.text(), cpus.text());
        assertThat(l.memory()).as(input).isEqualTo(ByteSize.ofBytes(memory.bytes()));
        assertThat(l.cpus()).as(input).isEqualTo(CpuQuantity.ofMillicores(cpus.millicores()));
        assertThat(l.pids()).isEmpty();
      }
    });
  }

  private static String quoted(String text) {
    return text == null ? "null" : "\"" + text + "\"";
  }

  @Test
  void processLimitsArePositiveOrRefusedNamingPids() {
    qt().withExamples(500).forAll(Generate.oneOf(longs().all(), longs().between(-2, 2))).checkAssert(pids -> {
      if (pids > 0) {
        assertThat(ContainerLimits.parse("4g", "2").withPids(pids).pids().getAsLong()).isEqualTo(pids);
      } else {
        assertThatIllegalArgumentException().isThrownBy(() -> ContainerLimits.parse("4g", "2").withPids(pids))
            .withMessage("pids " + pids + " is not allowed; give a positive process limit or none");
      }
    });
  }

  // ---------------------------------------------------------------- LimitPolicy

  private static final List<String> MEMORY_CHOICES = Arrays.asList("1g", "2g", "4g", "64g", "3g", null);
  private static final List<String> CPU_CHOICES = Arrays.asList("1", "2", "4", "16", "3", null);

  private static Gen<List<String>> choices(List<String> from) {
    return Generate.pick(List.of(0, 1, 2, 3)).zip(Generate.pick(from), Generate.pick(from), Generate.pick(from),
        (size, a, b, c) -> new ArrayList<>(Arrays.asList(a, b, c).subList(0, size)));
  }

  @Test
  void policiesAreBuiltExactlyOrRefusedNamingTheFirstBadSetting() {
    Gen<LimitPolicy.HostCpuRule> rules = Generate.enumValues(LimitPolicy.HostCpuRule.class).toOptionals(20)
        .map(o -> o.orElse(null));
    qt().withExamples(1_500).forAll(choices(MEMORY_CHOICES), choices(CPU_CHOICES), rules, Generate.booleans())
        .checkAssert((mem, cpu, rule, nullMemoryArray) -> {
          ByteSize[] memory = nullMemoryArray ? null
              : mem.stream().map(m -> m == null ? null : ByteSize.parseDocker(m)).toArray(ByteSize[]::new);
          CpuQuantity[] cores = cpu.stream().map(c -> c == null ? null : CpuQuantity.parseDocker(c))
              .toArray(CpuQuantity[]::new);
          String input = (nullMemoryArray ? "null" : mem) + " " + cpu + " " + rule;
          // the checks in the order the builder makes them, with the default defaults (4g, 2)
          String expected = nullMemoryArray ? "allowedMemory must not be null"
              : firstProblem(mem, cpu, rule);
          if (expected == null) {
            LimitPolicy p = LimitPolicy.custom().allowedMemory(memory).allowedCpus(cores).hostCpuRule(rule).build();
            assertThat(p.allowedMemory()).as(input).containsExactlyElementsOf(new TreeSet<>(Arrays.asList(memory)));
            assertThat(p.allowedCpus()).as(input).containsExactlyElementsOf(new TreeSet<>(Arrays.asList(cores)));
            assertThat(p.hostCpuRule()).isEqualTo(rule);
          } else {
            assertThatIllegalArgumentException().as(input).isThrownBy(() -> LimitPolicy.custom().allowedMemory(memory)
                .allowedCpus(cores).hostCpuRule(rule).build()).withMessageStartingWith(expected);
          }
        });
  }

  private static String firstProblem(List<String> mem, List<String> cpu, LimitPolicy.HostCpuRule rule) {
    if (mem.isEmpty()) {
      return "allowedMemory must not be empty";
    }
    if (mem.contains(null)) {
      return "allowedMemory[" + mem.indexOf(null) + "] must not be null";
    }
    if (cpu.isEmpty()) {
      return "allowedCpus must not be empty";
    }
    if (cpu.contains(null)) {
      return "allowedCpus[" + cpu.indexOf(null) + "] must not be null";
    }
    if (!mem.contains("4g")) {
      return "defaults: memory 4g is not among allowedMemory";
    }
    if (!cpu.contains("2")) {
      return "defaults: cpus 2 is not among allowedCpus";
    }
    if (rule == null) {
      return "hostCpuRule must not be null";
    }
    return null;
  }

  @Test
  void hostCpuCountsAreFittedOrRefusedWithTheCpusAllowedOnThatHost() {
    qt().withExamples(500).forAll(integers().between(-2, 40), Generate.pick(List.of("1", "2", "4", "8", "16")))
        .checkAssert((hostCpus, cpus) -> {
          ContainerLimits wanted = ContainerLimits.parse("4g", cpus);
          int requested = Integer.parseInt(cpus);
          if (hostCpus < 1) {
            assertThatIllegalArgumentException().isThrownBy(() -> LimitPolicy.ofDefaults().fitRequested(wanted, hostCpus))
                .withMessage("hostCpus must be at least 1, was " + hostCpus);
          } else if (requested > hostCpus) {
            List<String> fitting = new ArrayList<>();
            for (String c : List.of("1", "2", "4", "8", "16")) {
              if (Integer.parseInt(c) <= hostCpus) {
                fitting.add(c);
              }
            }
            assertThatIllegalArgumentException().isThrownBy(() -> LimitPolicy.ofDefaults().fitRequested(wanted, hostCpus))
                .withMessage("cpus " + cpus + " exceeds the " + hostCpus + " CPU" + (hostCpus == 1 ? "" : "s")
                    + " of the Docker engine's host; allowed on this host: " + String.join(", ", fitting));
          } else {
            assertThat(LimitPolicy.ofDefaults().fitRequested(wanted, hostCpus)).isEqualTo(wanted); // REJECT never clamps
          }
        });
  }

  // ---------------------------------------------------------------- DockerConfig

  private record Setting(String name, Function<Duration, Duration> useAndRead, Duration minimum) {}

  @Test
  void dockerConfigDurationsAreKeptOrRefusedNamingTheSetting() {
    List<Setting> settings = List.of(
        new Setting("connectTimeout", d -> DockerConfig.custom().connectTimeout(d).build().connectTimeout(), null),
        new Setting("requestTimeout", d -> DockerConfig.custom().requestTimeout(d).build().requestTimeout(), null),
        new Setting("statsTimeout", d -> DockerConfig.custom().statsTimeout(d).build().statsTimeout(), null),
        new Setting("eventsRetryDelay", d -> DockerConfig.custom().eventsRetryDelay(d).eventsMaxRetryDelay(d).build()
            .eventsRetryDelay(), null),
        // at least the default eventsRetryDelay, 500 ms
        new Setting("eventsMaxRetryDelay", d -> DockerConfig.custom().eventsMaxRetryDelay(d).build()
            .eventsMaxRetryDelay(), Duration.ofMillis(500)));
    Gen<Duration> durations = Generate.frequency(Pair.of(4, longs().between(1, 86_400_000L).map(Duration::ofMillis)),
        Pair.of(2, longs().between(Long.MIN_VALUE, 0).map(Duration::ofNanos)),
        Pair.of(2, longs().between(Long.MAX_VALUE / 1_000_000_000L - 10, Long.MAX_VALUE).map(s -> Duration.ofSeconds(s))),
        Pair.of(1, Generate.constant((Duration) null)));
    for (Setting s : settings) {
      qt().withExamples(300).forAll(durations).checkAssert(d -> {
        String expected = durationProblem(s, d);
        if (expected == null) {
          assertThat(s.useAndRead().apply(d)).isEqualTo(d);
        } else {
          assertThatIllegalArgumentException().as("%s = %s", s.name(), d).isThrownBy(() -> s.useAndRead().apply(d))
              .withMessageStartingWith(expected);
        }
      });
    }
  }

  private static String durationProblem(Setting s, Duration d) {
    if (d == null) {
      return s.name() + " must not be null";
    }
    long nanos;
    try {
      nanos = d.toNanos();
    } catch (ArithmeticException tooLong) {
      return s.name() + " " + d + " is too long";
    }
    if (nanos <= 0) {
      return s.name() + " must be positive, was " + d;
    }
    if (s.minimum() != null && d.compareTo(s.minimum()) < 0) {
      return s.name() + " " + d + " must be at least eventsRetryDelay " + s.minimum();
    }
    return null;
  }

  /** An engine address and whether it is one of the strict forms (unix:///path, tcp://host:port[/p], npipe). */
  private record Host(String text, boolean valid) {}

  private static Gen<Host> hosts() {
    Gen<String> segment = strings().betweenCodePoints('a', 'z').ofLengthBetween(1, 8);
    Gen<Host> unix = segment.zip(segment, (a, b) -> new Host("unix:///" + a + "/" + b + ".sock", true));
    Gen<Host> tcp = integers().between(0, 255).zip(integers().between(1, 65535), Generate.pick(List.of("", "/v1")),
        (octet, port, prefix) -> new Host("tcp://10.0.0." + octet + ":" + port + prefix, true));
    Gen<Host> npipe = segment.map(name -> new Host("npipe:////./pipe/" + name, true));
    Gen<Host> valid = Generate.oneOf(unix, tcp, npipe);
    // Each mutation makes a valid address invalid for a known reason.
    Gen<Host> spoiled = valid.zip(Generate.pick(List.of(" %s", "%s ", "%s\n", "%s?x=1", "%s#f", "http%s", "%s %s")),
        (h, m) -> new Host(m.contains("http") ? "http" + h.text().substring(h.text().indexOf(':'))
            : String.format(m, h.text(), h.text()), false));
    Gen<Host> shaped = Generate.pick(List.of(new Host("tcp://10.0.0.5", false), new Host("unix://", false),
        new Host("unix://host/docker.sock", false), new Host("tcp://u:p@h:2375", false), new Host("", false),
        new Host("127.0.0.1:2375", false), new Host(null, false)));
    return Generate.frequency(Pair.of(3, valid), Pair.of(3, spoiled), Pair.of(1, shaped));
  }

  @Test
  void dockerHostsAreTheExactAddressOrRefusedNamingTheSetting() {
    qt().withExamples(1_000).forAll(hosts()).checkAssert(h -> {
      if (h.valid()) {
        assertThat(DockerConfig.custom().dockerHost(h.text()).build().dockerHost()).hasToString(h.text());
      } else {
        assertThatIllegalArgumentException().as("%s", h.text())
            .isThrownBy(() -> DockerConfig.custom().dockerHost(h.text()).build())
            .withMessageStartingWith("dockerHost ")
            .withMessageContaining("allowed");
      }
    });
  }
}
