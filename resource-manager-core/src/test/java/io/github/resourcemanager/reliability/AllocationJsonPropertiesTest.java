package io.github.resourcemanager.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.resourcemanager.allocate.AllocationConfig;
import io.github.resourcemanager.allocate.Resource;
import io.github.resourcemanager.internal.allocate.AllocationJsonReader;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/**
 * The sharing configuration file with hostile content. Every generator knows what it made: a key misspelt or added
 * in one of the file's fixed-key objects, a key given twice, content after the document, a number at a place whose
 * rule the test states (CPU percentages, whole numbers, fractions, durations), text cut off or not JSON at all. Valid
 * documents are read with exactly the values written; invalid ones are rejected with an
 * {@link IllegalArgumentException} whose message starts with the JSON path of the offending value.
 */
class AllocationJsonPropertiesTest {

  /** A strict JSON reader of our own: the reference for what is JSON at all. */
  private static final ObjectMapper JSON = new ObjectMapper().configure(JsonParser.Feature.ALLOW_COMMENTS, true)
      .configure(JsonParser.Feature.STRICT_DUPLICATE_DETECTION, true)
      .configure(DeserializationFeature.FAIL_ON_TRAILING_TOKENS, true);

  /** Every section and key the reader knows, with plausible values. */
  private static final String FULL = """
      {
        "global": { "resourceLimits": {
          "maxCpu": 60, "maxMemory": "2GB", "maxMemory_bytes": 2147483648, "maxOpenFiles": 4096, "maxThreads": 500,
          "checkInterval": 10, "enforcementAction": "pause", "resumeThreshold": 0.8, "throttleFraction": 0.5,
          "overflow": { "enabled": true, "queueing": true, "maxQueueSize": 50, "maxWaitTime": 300,
                        "agingInterval": 30, "agingStep": 100 } } },
        "resource_sharing": {
          "strategy": "dynamic", "cpuLimit": 60, "memoryLimit": "2GB",
          "weights": { "auth-service": 2, "api-service": 2, "worker-service": 1 },
          "perProjectLimits": { "api-service": { "maxCpu": 25, "maxMemory": "750MB", "minCpu": 5, "minMemory": "128MB",
                                                 "priority": 1, "weight": 2, "enforcementAction": "throttle" },
                                "worker-service": { "maxCpu": "15%", "maxMemory": "256MB" } },
          "adaptation": { "enabled": true, "adjustmentFrequency": 30, "usageThreshold": 0.8,
                          "lowUsageThreshold": 0.5, "reallocationFactor": 0.2 },
          "profiles": { "peak": { "cpuLimit": 80, "memoryLimit": "3GB", "times": ["09:00-17:00"] },
                        "quiet": { "cpuLimit": 30, "memoryLimit": "1GB", "times": ["17:00-09:00"] } },
          "profileVariable": "DEVLOOP_RESOURCE_PROFILE", "timeZone": "Europe/Berlin",
          "quotas": { "api-service": { "name": "team-a", "hard": { "limits.memory": "4Gi", "requests.cpu": "2", "agents": 10 } } },
          "limitRanges": { "api-service": { "default": { "cpu": "500m" }, "defaultRequest": { "cpu": "100m" },
                                            "min": { "memory": "64Mi" }, "max": { "memory": "1Gi" },
                                            "maxLimitRequestRatio": { "cpu": 4 } } },
          "priorityClasses": { "critical": 1000, "normal": { "value": 100, "globalDefault": true, "preemptionPolicy": "Never" } },
          "preemption": true
        },
        "projects": [ { "name": "auth-service", "priority": 0, "weight": 2 } ],
        "agents": { "linter": { "enabled": true, "project": "auth-service", "priorityClass": "normal",
                                "resourceLimits": { "maxCpu": 5, "maxMemory": "128MB" },
                                "resourceRequests": { "maxCpu": "200m" } } },
        "resource_profiles": { "dev": { "cpuLimit": 60, "memoryLimit": "2GB" } }
      }
      """;


  /** The objects of {@link #FULL} whose keys are fixed (not names), as JSON pointers, with their allowed keys. */
  private static final List<String> FIXED_KEY_OBJECTS = List.of("", "/global", "/global/resourceLimits",
      "/global/resourceLimits/overflow", "/resource_sharing", "/resource_sharing/perProjectLimits/api-service",
      "/resource_sharing/perProjectLimits/worker-service", "/resource_sharing/adaptation",
      "/resource_sharing/profiles/peak", "/resource_sharing/profiles/quiet", "/resource_sharing/quotas/api-service",
      "/resource_sharing/limitRanges/api-service", "/resource_sharing/priorityClasses/normal", "/projects/0",
      "/agents/linter", "/agents/linter/resourceLimits", "/agents/linter/resourceRequests", "/resource_profiles/dev");

  private static AllocationConfig.Builder eightCpus() {
    return AllocationConfig.custom().machineCpus(8).environment(name -> null);
  }

  private static AllocationConfig read(String json) {
    return AllocationJsonReader.parse(json, eightCpus(), 8).build();
  }

  /** The JSON path of a pointer, as the reader writes it: {@code /projects/0/name} is {@code $.projects[0].name}. */
  private static String path(String pointer) {
    StringBuilder sb = new StringBuilder("$");
    for (String part : pointer.split("/")) {
      if (part.isEmpty()) {
        continue;
      }
      sb.append(part.matches("[0-9]+") ? "[" + part + "]" : "." + part);
    }
    return sb.toString();
  }

  @Test
  void theDocumentAsWrittenIsReadWithItsValues() {
    AllocationConfig config = read(FULL);
    assertThat(config.overflow().maxQueueSize()).isEqualTo(50);
    assertThat(config.priorityClasses().get("critical").value()).isEqualTo(1000);
    assertThat(config.globalLimits().amount(Resource.CPU)).isEqualTo(4_800); // 60 % of 8 CPUs = 60 x 80 m
    assertThat(config.globalLimits().amount(Resource.MEMORY)).isEqualTo(2_147_483_648L);
    assertThat(config.projects().get("worker-service").limits().amount(Resource.CPU)).isEqualTo(1_200); // 15 % x 80 m
  }

  /** A misspelling: a key of a fixed-key object upper-cased, cut by a character, or a key added. */
  private record Misspelling(String object, String original, String key, String json) {}

  private static Gen<Misspelling> misspellings() {
    return longs().all().zip(integers().between(0, 2), (seed, how) -> {
      try {
        java.util.Random random = new java.util.Random(seed);
        ObjectNode root = (ObjectNode) JSON.readTree(FULL);
        String pointer = FIXED_KEY_OBJECTS.get(random.nextInt(FIXED_KEY_OBJECTS.size()));
        ObjectNode object = (ObjectNode) (pointer.isEmpty() ? root : root.at(JsonPointer.compile(pointer)));
        List<String> keys = new ArrayList<>();
        object.fieldNames().forEachRemaining(keys::add);
        String original = keys.get(random.nextInt(keys.size()));
        String key = switch (how) {
          case 0 -> original.toUpperCase(Locale.ROOT).equals(original) ? original + "X" : original.toUpperCase(Locale.ROOT);
          case 1 -> original.length() > 1 ? original.substring(0, original.length() - 1) + "_" : original + "_";
          default -> original + "-extra";
        };
        if (how == 2) {
          object.put(key, 1);
          original = null;
        } else {
          JsonNode value = object.remove(original);
          object.set(key, value);
        }
        return new Misspelling(pointer, original, key, JSON.writeValueAsString(root));
      } catch (java.io.IOException e) {
        throw new AssertionError(e);
      }
    });
  }

  @Test
  void aMisspeltOrAddedKeyInAnyFixedKeyObjectIsRejectedWithItsPathAndTheNearestAllowedKey() {
    qt().withExamples(1_000).forAll(misspellings()).checkAssert(m -> {
      String keyPath = path(m.object()) + "." + m.key();
      Oracle.rejected(m, () -> read(m.json()), keyPath + ": unknown key \"" + m.key() + "\"; did you mean \"",
          "allowed: ");
      if (m.original() != null && m.key().equalsIgnoreCase(m.original())) {
        Oracle.rejected(m, () -> read(m.json()), "did you mean \"" + m.original() + "\"?");
      }
    });
  }

  /** Keys that appear once in {@link #FULL}, with the path of the object holding them. */
  private static final List<String[]> UNIQUE_KEYS = List.of(new String[] {"maxQueueSize", "$.global.resourceLimits.overflow"},
      new String[] {"checkInterval", "$.global.resourceLimits"}, new String[] {"strategy", "$.resource_sharing"},
      new String[] {"timeZone", "$.resource_sharing"}, new String[] {"preemption", "$.resource_sharing"},
      new String[] {"maxThreads", "$.global.resourceLimits"}, new String[] {"linter", "$.agents"},
      new String[] {"hard", "$.resource_sharing.quotas.api-service"});

  @Test
  void aKeyGivenTwiceIsRejectedWithItsPath() {
    qt().withExamples(200).forAll(Generate.pick(UNIQUE_KEYS), Generate.pick(List.of("1", "\"x\"", "{}", "true")))
        .checkAssert((key, value) -> {
          String quoted = "\"" + key[0] + "\":";
          int at = FULL.indexOf(quoted);
          assertThat(FULL.indexOf(quoted, at + 1)).as("%s appears once", key[0]).isNegative();
          String json = FULL.substring(0, at) + quoted + " " + value + ", " + FULL.substring(at);
          Oracle.rejected(json, () -> read(json), key[1] + "." + key[0] + ": the key is given twice at line ");
        });
  }

  @Test
  void contentAfterTheDocumentIsRejectedUnlessItIsOnlySpaceOrComments() {
    Gen<String> suffixes = Generate.pick(List.of("", "\n", "  // a comment\n", "/* c */", "{}", "]", "1", "x", "{\"global\": {}}",
        "\"", ",", " null"));
    AtomicIntegerArray outcomes = Oracle.outcomes();
    qt().withExamples(200).forAll(suffixes).checkAssert(suffix -> {
      boolean valid = suffix.replaceAll("//[^\n]*|/\\*.*?\\*/", "").isBlank();
      Oracle.asTheModelSays(suffix, valid ? Optional.of(50) : Optional.empty(),
          () -> read(FULL + suffix).overflow().maxQueueSize(), outcomes, "$: ");
    });
    Oracle.sawBoth(outcomes, 3); // three of the dozen suffixes are space or comments
  }

  /** Places a CPU amount may be written, each with the accessor that reads it back. */
  private record CpuPlace(String template, String path, Function<AllocationConfig, Long> read) {}

  private static final List<CpuPlace> CPU_PLACES = List.of(
      new CpuPlace("{\"agents\": {\"a\": {\"resourceLimits\": {\"maxCpu\": %s}}}}",
          "$.agents.a.resourceLimits.maxCpu: ", c -> c.agents().get("a").resources().limits().amount(Resource.CPU)),
      new CpuPlace("{\"resource_sharing\": {\"perProjectLimits\": {\"p\": {\"maxCpu\": %s}}}}",
          "$.resource_sharing.perProjectLimits.p.maxCpu: ", c -> c.projects().get("p").limits().amount(Resource.CPU)),
      new CpuPlace("{\"resource_sharing\": {\"cpuLimit\": %s}}", "$.resource_sharing.cpuLimit: ",
          c -> c.globalLimits().amount(Resource.CPU)));

  @Test
  void cpuPercentagesAreReadAsExactMillicoresOrRejectedWithTheValueAsWritten() {
    Gen<String> percents = Generate.oneOf(
        integers().between(1, 100).map(n -> String.valueOf(n)),
        integers().between(1, 100_000).map(n -> BigDecimal.valueOf(n, 3).toPlainString()), // 0.001 .. 100.000
        integers().between(1, 100_000).map(n -> BigDecimal.valueOf(n, 4).toPlainString()),
        Generate.pick(List.of("-1", "100.0001", "101", "0.0001", "1e-7", "1E2", "33.33", "12.5")));
    AtomicIntegerArray outcomes = Oracle.outcomes();
    qt().withExamples(1_000).forAll(percents, Generate.pick(CPU_PLACES), Generate.pick(List.of(true, false)))
        .checkAssert((percent, place, asString) -> {
          // percent % of 8 CPUs, in millicores: percent / 100 x 8 x 1000 = percent x 80; it must be whole and positive
          BigDecimal p = new BigDecimal(percent);
          BigDecimal millicores = p.multiply(BigDecimal.valueOf(80));
          boolean valid = p.signum() > 0 && p.compareTo(BigDecimal.valueOf(100)) <= 0
              && millicores.stripTrailingZeros().scale() <= 0;
          String json = String.format(place.template(), asString ? "\"" + percent + "%\"" : percent);
          Oracle.asTheModelSays(json, valid ? Optional.of(millicores.longValueExact()) : Optional.empty(),
              () -> place.read().apply(read(json)), outcomes, place.path());
          if (!valid && p.signum() > 0 && p.compareTo(BigDecimal.valueOf(100)) <= 0) {
            Oracle.rejected(json, () -> read(json), "millicores");
          }
        });
    Oracle.sawBoth(outcomes, 100);
  }

  /** A place for a whole number, its rule and the accessor that reads it back. */
  private record WholePlace(String template, String path, java.util.function.Predicate<BigInteger> valid,
      Function<AllocationConfig, Long> read) {}

  private static final BigInteger INT_MIN = BigInteger.valueOf(Integer.MIN_VALUE);
  private static final BigInteger INT_MAX = BigInteger.valueOf(Integer.MAX_VALUE);
  private static final BigInteger LONG_MAX = BigInteger.valueOf(Long.MAX_VALUE);

  private static boolean between(BigInteger n, BigInteger min, BigInteger max) {
    return n.compareTo(min) >= 0 && n.compareTo(max) <= 0;
  }

  private static final List<WholePlace> WHOLE_PLACES = List.of(
      // OverflowPolicy: a queue of at least 1, an int
      new WholePlace("{\"global\":{\"resourceLimits\":{\"overflow\":{\"maxQueueSize\":%s}}}}",
          "$.global.resourceLimits.overflow", n -> between(n, BigInteger.ONE, INT_MAX), c -> (long) c.overflow().maxQueueSize()),
      // OverflowPolicy: an aging step of at least 0, an int
      new WholePlace("{\"global\":{\"resourceLimits\":{\"overflow\":{\"agingStep\":%s}}}}",
          "$.global.resourceLimits.overflow", n -> between(n, BigInteger.ZERO, INT_MAX), c -> (long) c.overflow().agingStep()),
      // PriorityClass: -1,000,000,000 to 1,000,000,000
      new WholePlace("{\"resource_sharing\":{\"priorityClasses\":{\"p\":%s}}}", "$.resource_sharing.priorityClasses.p",
          n -> between(n, BigInteger.valueOf(-1_000_000_000), BigInteger.valueOf(1_000_000_000)),
          c -> (long) c.priorityClasses().get("p").value()),
      new WholePlace("{\"resource_sharing\":{\"priorityClasses\":{\"p\":{\"value\":%s}}}}",
          "$.resource_sharing.priorityClasses.p", n -> between(n, BigInteger.valueOf(-1_000_000_000),
          BigInteger.valueOf(1_000_000_000)), c -> (long) c.priorityClasses().get("p").value()),
      // bytes and counts: 0 to Long.MAX_VALUE
      new WholePlace("{\"global\":{\"resourceLimits\":{\"maxMemory\":%s}}}", "$.global.resourceLimits.maxMemory",
          n -> between(n, BigInteger.ZERO, LONG_MAX), c -> c.globalLimits().amount(Resource.MEMORY)),
      new WholePlace("{\"global\":{\"resourceLimits\":{\"maxThreads\":%s}}}", "$.global.resourceLimits.maxThreads",
          n -> between(n, BigInteger.ZERO, LONG_MAX), c -> c.globalLimits().amount(Resource.THREADS)),
      // seconds: positive, at most Long.MAX_VALUE nanoseconds
      new WholePlace("{\"global\":{\"resourceLimits\":{\"checkInterval\":%s}}}",
          "$.global.resourceLimits.checkInterval", n -> between(n, BigInteger.ONE, LONG_MAX.divide(BigInteger.valueOf(1_000_000_000))),
          c -> c.checkInterval().orElseThrow().getSeconds()));

  @Test
  void wholeNumbersAreKeptExactlyOrRejectedWithThePathNeverWrapped() {
    Gen<BigInteger> numbers = Generate.oneOf(longs().all().map(BigInteger::valueOf),
        longs().between(-3, 3).map(BigInteger::valueOf),
        longs().between(-3, 3).map(d -> INT_MAX.add(BigInteger.valueOf(d))),
        longs().between(-3, 3).map(d -> INT_MIN.add(BigInteger.valueOf(d))),
        longs().between(-3, 3).map(d -> BigInteger.valueOf(1_000_000_000).add(BigInteger.valueOf(d))),
        longs().between(-3, 3).map(d -> BigInteger.ONE.shiftLeft(32).add(BigInteger.valueOf(d))),
        longs().between(-3, 3).map(d -> BigInteger.ONE.shiftLeft(64).add(BigInteger.valueOf(d))),
        longs().between(-3, 3).map(d -> LONG_MAX.add(BigInteger.valueOf(d))));
    AtomicIntegerArray outcomes = Oracle.outcomes();
    qt().withExamples(1_000).forAll(numbers, Generate.pick(WHOLE_PLACES)).checkAssert((n, place) -> {
      String json = String.format(place.template(), n);
      Oracle.asTheModelSays(json, place.valid().test(n) ? Optional.of(n.longValueExact()) : Optional.empty(),
          () -> place.read().apply(read(json)), outcomes, place.path());
    });
    Oracle.sawBoth(outcomes, 100);
  }

  @Test
  void fractionsAreKeptExactlyOrRejectedWithTheValueAsWritten() {
    Gen<String> fractions = Generate.oneOf(
        integers().between(1, 1000).map(n -> BigDecimal.valueOf(n, 3).stripTrailingZeros().toPlainString()),
        Generate.pick(List.of("0", "-0.1", "1.0001", "2", "0.80000000000000000001", "1e-400", "0.30000000000000004",
            "1E-3", "0.1", "1")));
    AtomicIntegerArray outcomes = Oracle.outcomes();
    qt().withExamples(500).forAll(fractions).checkAssert(text -> {
      // resumeThreshold: above 0, at most 1, and a decimal a double holds as written
      BigDecimal v = new BigDecimal(text);
      double d = v.doubleValue();
      boolean valid = v.signum() > 0 && v.compareTo(BigDecimal.ONE) <= 0 && d != 0
          && new BigDecimal(Double.toString(d)).compareTo(v) == 0;
      String json = "{\"global\":{\"resourceLimits\":{\"resumeThreshold\":" + text + "}}}";
      Oracle.asTheModelSays(json, valid ? Optional.of(d) : Optional.empty(),
          () -> read(json).enforcement().resumeThreshold(), outcomes, "$.global.resourceLimits.resumeThreshold: ");
    });
    Oracle.sawBoth(outcomes, 5);
  }

  @Test
  void durationsAreKeptExactlyOrRejectedWithThePath() {
    Gen<String> durations = Generate.oneOf(integers().between(1, 100_000).map(n -> String.valueOf(n)),
        Generate.pick(List.of("\"PT5M\"", "\"PT1H-30M\"", "\"-PT5M\"", "\"PT0S\"", "\"P1D\"", "\"5m\"", "0", "-1",
            "0.5", "0.0000000001", "1e-9", "\"PT0.000000001S\"", "9223372037", "9223372036")));
    AtomicIntegerArray outcomes = Oracle.outcomes();
    qt().withExamples(300).forAll(durations).checkAssert(text -> {
      // checkInterval: seconds as a number (whole nanoseconds, positive, within a long of nanoseconds) or ISO-8601
      // without negative parts, positive
      Optional<Duration> expected;
      if (text.startsWith("\"")) {
        String iso = text.substring(1, text.length() - 1);
        Optional<Duration> parsed;
        try {
          parsed = iso.contains("-") ? Optional.empty() : Optional.of(Duration.parse(iso));
        } catch (java.time.format.DateTimeParseException e) {
          parsed = Optional.empty();
        }
        expected = parsed.filter(d -> !d.isNegative() && !d.isZero());
      } else {
        BigDecimal nanos = new BigDecimal(text).movePointRight(9);
        boolean whole = nanos.stripTrailingZeros().scale() <= 0;
        expected = whole && nanos.signum() > 0 && nanos.compareTo(new BigDecimal(LONG_MAX)) <= 0
            ? Optional.of(Duration.ofNanos(nanos.longValueExact())) : Optional.empty();
      }
      String json = "{\"global\":{\"resourceLimits\":{\"checkInterval\":" + text + "}}}";
      Oracle.asTheModelSays(json, expected, () -> read(json).checkInterval().orElseThrow(), outcomes,
          "$.global.resourceLimits.checkInterval: ");
    });
    Oracle.sawBoth(outcomes, 5);
  }

  /** Documents cut off, nested too deep, or arbitrary text. */
  private static Gen<String> garbledTexts() {
    Gen<String> cut = integers().between(0, FULL.length()).map(n -> FULL.substring(0, n));
    Gen<String> deep = integers().between(1, 5_000).map(n -> "{\"global\":" + "[".repeat(n) + "]".repeat(n) + "}");
    return Generate.oneOf(cut, deep, Hostile.anyString().map(s -> s == null ? "" : s));
  }

  @Test
  void garbledTextIsRejectedNamingWhereItBreaks() {
    Set<String> sections = Set.of("global", "resource_sharing", "projects", "agents", "resource_profiles", "kubernetes");
    AtomicIntegerArray outcomes = Oracle.outcomes();
    qt().withExamples(1_000).forAll(garbledTexts()).checkAssert(text -> {
      // Only the whole document (give or take trailing space) and an empty object are valid: a proper prefix of an
      // object is not JSON, "global" must be an object, and arbitrary text is not JSON or not an object, or is one
      // whose keys are not sections.
      JsonNode tree;
      try {
        tree = JSON.readTree(text);
      } catch (java.io.IOException notJson) {
        tree = null;
      }
      boolean valid;
      if (text.strip().equals(FULL.strip())) {
        valid = true;
      } else if (tree == null || !tree.isObject()) {
        valid = false;
      } else if (tree.isEmpty()) {
        valid = true;
      } else {
        List<String> keys = new ArrayList<>();
        tree.fieldNames().forEachRemaining(keys::add);
        if (!sections.containsAll(keys) || text.startsWith("{\"global\":[")) {
          valid = false;
        } else {
          throw new AssertionError("the generator made a document it cannot judge: " + text);
        }
      }
      Oracle.asTheModelSays(text, valid ? Optional.of(true) : Optional.empty(), () -> read(text) != null, outcomes,
          "$");
    });
    assertThat(outcomes.get(1)).isGreaterThan(500);
  }

  @Test
  void nullTextFileOrBuilderIsANullPointerExceptionNamingTheParameter() {
    Oracle.nullRejected("null text", () -> AllocationConfig.fromJson(null), "json");
    Oracle.nullRejected("null file", () -> AllocationConfig.custom((Path) null), "jsonFile");
    Oracle.nullRejected("null reader text", () -> AllocationJsonReader.parse(null, AllocationConfig.custom(), 8), "json");
    Oracle.nullRejected("null reader file", () -> AllocationJsonReader.read(null, AllocationConfig.custom(), 8), "file");
    Oracle.nullRejected("null builder", () -> AllocationJsonReader.parse("{}", null, 8), "builder");
  }
}
