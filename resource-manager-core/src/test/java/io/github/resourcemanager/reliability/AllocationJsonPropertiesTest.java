package io.github.resourcemanager.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.resourcemanager.allocate.AllocationConfig;
import io.github.resourcemanager.internal.allocate.AllocationJsonReader;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/**
 * The sharing configuration file with hostile content: documents in seed 002's shape with values replaced, keys
 * removed, added or misspelt, and text cut off or garbled. Reading gives a valid configuration, or an
 * {@link IllegalArgumentException} whose message starts with the JSON path of the offending value (when the file is
 * wrong) or names the projects and agents whose limits do not fit (when the whole does not); never another
 * exception, never a number silently wrapped into another.
 */
class AllocationJsonPropertiesTest {

  private static final ObjectMapper JSON = new ObjectMapper().configure(JsonParser.Feature.ALLOW_COMMENTS, true);
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

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

  private static final List<JsonNode> HOSTILE_VALUES = List.of(
      NODES.textNode(""), NODES.textNode("abc"), NODES.textNode("-1"), NODES.textNode("1e999"), NODES.textNode("25%"),
      NODES.textNode("250%"), NODES.textNode("1500m"), NODES.textNode("2GB"), NODES.textNode("8E"), NODES.textNode("PT5M"),
      NODES.textNode("P-1D"), NODES.textNode("PT999999999999999H"), NODES.textNode("25:00-26:00"), NODES.textNode("\u0000"),
      NODES.textNode("pause"), NODES.textNode("Never"), NODES.textNode("Mars/Base"),
      NODES.numberNode(0), NODES.numberNode(-1), NODES.numberNode(1), NODES.numberNode(101), NODES.numberNode(1.5),
      NODES.numberNode(-0.0), NODES.numberNode(0.0000000001), NODES.numberNode(1e308),
      NODES.numberNode(Integer.MAX_VALUE), NODES.numberNode(Integer.MIN_VALUE), NODES.numberNode(4_294_967_297L),
      NODES.numberNode(-4_294_967_295L), NODES.numberNode(Long.MAX_VALUE), NODES.numberNode(Long.MIN_VALUE),
      NODES.numberNode(new BigInteger("99999999999999999999")), NODES.numberNode(new BigInteger("18446744073709551615")),
      NODES.numberNode(new BigDecimal("1e30")), NODES.numberNode(new BigDecimal("1e-30")),
      NODES.booleanNode(true), NODES.booleanNode(false), NODES.nullNode(), NODES.objectNode(), NODES.arrayNode(),
      NODES.arrayNode().add("09:00-17:00").add(7));

  /** Applies {@code count} random mutations to a copy of {@code base}, choosing with {@code seed}. */
  private static String mutate(String base, long seed, int count) {
    Random random = new Random(seed);
    try {
      ObjectNode root = (ObjectNode) JSON.readTree(base);
      for (int i = 0; i < count; i++) {
        List<Object[]> slots = new ArrayList<>(); // {container, key or index}
        collect(root, slots);
        Object[] slot = slots.get(random.nextInt(slots.size()));
        int how = random.nextInt(10);
        if (slot[0] instanceof ObjectNode o) {
          String key = (String) slot[1];
          if (how < 6) {
            o.set(key, HOSTILE_VALUES.get(random.nextInt(HOSTILE_VALUES.size())).deepCopy());
          } else if (how < 8) {
            o.remove(key);
          } else if (how < 9) {
            JsonNode v = o.remove(key);
            o.set(key.toUpperCase(), v); // a misspelt key
          } else {
            o.set(key + "-extra", HOSTILE_VALUES.get(random.nextInt(HOSTILE_VALUES.size())).deepCopy());
          }
        } else {
          ArrayNode a = (ArrayNode) slot[0];
          int index = (Integer) slot[1];
          if (how < 7) {
            a.set(index, HOSTILE_VALUES.get(random.nextInt(HOSTILE_VALUES.size())).deepCopy());
          } else {
            a.remove(index);
          }
        }
      }
      return JSON.writeValueAsString(root);
    } catch (java.io.IOException e) {
      throw new AssertionError(e);
    }
  }

  private static void collect(JsonNode node, List<Object[]> slots) {
    if (node instanceof ObjectNode o) {
      for (Iterator<Map.Entry<String, JsonNode>> it = o.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        slots.add(new Object[] {o, e.getKey()});
        collect(e.getValue(), slots);
      }
    } else if (node instanceof ArrayNode a) {
      for (int i = 0; i < a.size(); i++) {
        slots.add(new Object[] {a, i});
        collect(a.get(i), slots);
      }
    }
  }

  private static Gen<String> mutatedDocuments() {
    return longs().all().zip(integers().between(1, 3), (seed, count) -> mutate(FULL, seed, count));
  }

  /** Documents cut off, with characters swapped in, or not JSON at all. */
  private static Gen<String> garbledTexts() {
    Gen<String> cut = integers().between(0, FULL.length()).map(n -> FULL.substring(0, n));
    Gen<String> swapped = integers().between(0, FULL.length() - 1).zip(Generate.pick(List.of('"', '{', '}', ',', ':', '\\',
        '/', '\u0000', '[', '9')), (at, c) -> FULL.substring(0, at) + c + FULL.substring(at + 1));
    Gen<String> deep = integers().between(1, 5_000).map(n -> "{\"global\":" + "[".repeat(n) + "]".repeat(n) + "}");
    return Generate.oneOf(cut, swapped, deep, Rejections.anyString().map(s -> s == null ? "" : s));
  }

  private static AllocationConfig.Builder eightCpus() {
    return AllocationConfig.custom().machineCpus(8).environment(name -> null);
  }

  /** Reads and builds; a rejection while reading names a JSON path, one while building names what does not fit. */
  private static void readOrReject(String json) {
    AllocationConfig.Builder read;
    try {
      read = AllocationJsonReader.parse(json, eightCpus(), 8);
    } catch (IllegalArgumentException rejected) {
      assertThat(rejected.getMessage()).as("message rejecting %s", json).startsWith("$");
      assertThat(rejected.getMessage()).as("message rejecting %s", json).contains(": ");
      return;
    } catch (RuntimeException other) {
      throw new AssertionError("reading " + json + " raised " + other + " instead of an IllegalArgumentException", other);
    }
    Rejections.validOrRejected(json, read::build);
  }

  @Test
  void mutatedDocumentsAreReadOrRejectedNamingThePath() {
    qt().withExamples(2_000).forAll(mutatedDocuments()).checkAssert(AllocationJsonPropertiesTest::readOrReject);
  }

  @Test
  void garbledTextIsRejectedNamingWhereItBreaks() {
    qt().withExamples(1_000).forAll(garbledTexts()).checkAssert(AllocationJsonPropertiesTest::readOrReject);
  }

  @Test
  void noTextOrNoFileIsRejectedSayingSo() {
    assertThat(Rejections.validOrRejected("null text", () -> AllocationConfig.fromJson(null), "$: the JSON text")).isNull();
    assertThat(Rejections.validOrRejected("null file", () -> AllocationConfig.custom((Path) null), "file")).isNull();
    assertThat(Rejections.validOrRejected("null builder", () -> AllocationJsonReader.parse("{}", null, 8), "builder")).isNull();
  }

  @Test
  void theUnmutatedDocumentIsValid() {
    AllocationConfig config = AllocationJsonReader.parse(FULL, eightCpus(), 8).build();
    assertThat(config.overflow().maxQueueSize()).isEqualTo(50);
    assertThat(config.priorityClasses().get("critical").value()).isEqualTo(1000);
  }

  /** Whole numbers beyond an int or a long are rejected with their path, never wrapped into a different number. */
  @Test
  void wholeNumbersAreKeptExactlyOrRejected() {
    Gen<BigInteger> numbers = Generate.oneOf(longs().all().map(BigInteger::valueOf),
        longs().between(-3, 3).map(d -> BigInteger.valueOf(Integer.MAX_VALUE).add(BigInteger.valueOf(d))),
        longs().between(-3, 3).map(d -> BigInteger.ONE.shiftLeft(32).add(BigInteger.valueOf(d))),
        longs().between(-3, 3).map(d -> BigInteger.ONE.shiftLeft(64).add(BigInteger.valueOf(d))),
        longs().between(-3, 3).map(d -> BigInteger.valueOf(Long.MAX_VALUE).add(BigInteger.valueOf(d))));
    qt().withExamples(1_000).forAll(numbers).checkAssert(n -> {
      check("{\"global\":{\"resourceLimits\":{\"overflow\":{\"maxQueueSize\":" + n + "}}}}",
          c -> BigInteger.valueOf(c.overflow().maxQueueSize()), n, "$.global.resourceLimits.overflow");
      check("{\"global\":{\"resourceLimits\":{\"overflow\":{\"agingStep\":" + n + "}}}}",
          c -> BigInteger.valueOf(c.overflow().agingStep()), n, "$.global.resourceLimits.overflow");
      check("{\"resource_sharing\":{\"priorityClasses\":{\"p\":" + n + "}}}",
          c -> BigInteger.valueOf(c.priorityClasses().get("p").value()), n, "$.resource_sharing.priorityClasses.p");
      check("{\"resource_sharing\":{\"priorityClasses\":{\"p\":{\"value\":" + n + "}}}}",
          c -> BigInteger.valueOf(c.priorityClasses().get("p").value()), n, "$.resource_sharing.priorityClasses.p");
      check("{\"global\":{\"resourceLimits\":{\"maxMemory\":" + n + "}}}",
          c -> BigInteger.valueOf(c.globalLimits().amount(io.github.resourcemanager.allocate.Resource.MEMORY)), n,
          "$.global.resourceLimits.maxMemory");
      check("{\"global\":{\"resourceLimits\":{\"maxThreads\":" + n + "}}}",
          c -> BigInteger.valueOf(c.globalLimits().amount(io.github.resourcemanager.allocate.Resource.THREADS)), n,
          "$.global.resourceLimits.maxThreads");
      check("{\"global\":{\"resourceLimits\":{\"checkInterval\":" + n + "}}}",
          c -> BigInteger.valueOf(c.checkInterval().orElseThrow().getSeconds()), n, "$.global.resourceLimits.checkInterval");
    });
  }

  private static void check(String json, java.util.function.Function<AllocationConfig, BigInteger> read, BigInteger given,
      String path) {
    AllocationConfig config;
    try {
      config = AllocationJsonReader.parse(json, eightCpus(), 8).build();
    } catch (IllegalArgumentException rejected) {
      assertThat(rejected.getMessage()).as("message rejecting %s", json).startsWith(path);
      return;
    } catch (RuntimeException other) {
      throw new AssertionError("reading " + json + " raised " + other + " instead of an IllegalArgumentException", other);
    }
    assertThat(read.apply(config)).as("value read from %s", json).isEqualTo(given);
  }
}
