package io.github.resourcemanager.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.CreateContainerCmd;
import com.github.dockerjava.api.command.ExecCreateCmdResponse;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.HostConfig;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Runs a test against the real Docker engine: skipped with a clear message when none is reachable locally, but
 * failed when {@code CI=true} (see {@link EngineRequirement}). Hands the test a {@link TestEngine} and removes every
 * container the test created (they carry a label with the test's id), whatever the outcome.
 */
final class DockerEngineExtension implements ExecutionCondition, ParameterResolver, AfterEachCallback {
  static final String IMAGE = System.getenv().getOrDefault("RM_DOCKER_TEST_IMAGE", "rm-test-busybox:2");
  static final String TEST_LABEL = "io.github.resourcemanager.test";
  private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(DockerEngineExtension.class);

  @Override
  public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
    EngineRequirement.Decision d = context.getRoot().getStore(NS).getOrComputeIfAbsent("decision", k -> probe(),
        EngineRequirement.Decision.class);
    switch (d.verdict()) {
      case RUN:
        return ConditionEvaluationResult.enabled(d.message());
      case SKIP:
        return ConditionEvaluationResult.disabled(d.message());
      default:
        throw new IllegalStateException(d.message());
    }
  }

  private static EngineRequirement.Decision probe() {
    DockerConfig config = testConfig();
    try (DockerConnection c = DockerConnection.open(config)) {
      boolean reachable = c.ping();
      boolean image = false;
      if (reachable) {
        try {
          c.client().inspectImageCmd(IMAGE).exec();
          image = true;
        } catch (NotFoundException e) {
          image = false;
        }
      }
      return EngineRequirement.decide(reachable, image, config.dockerHost().toString(), IMAGE, System.getenv());
    }
  }

  static DockerConfig testConfig() {
    return DockerConfig.custom().connectTimeout(Duration.ofSeconds(2)).requestTimeout(Duration.ofSeconds(30))
        .eventsRetryDelay(Duration.ofMillis(200)).eventsMaxRetryDelay(Duration.ofSeconds(1)).build();
  }

  @Override
  public boolean supportsParameter(ParameterContext p, ExtensionContext e) {
    return p.getParameter().getType() == TestEngine.class;
  }

  @Override
  public Object resolveParameter(ParameterContext p, ExtensionContext e) {
    return e.getStore(NS).getOrComputeIfAbsent("engine", k -> new TestEngine(e.getRequiredTestMethod().getName()),
        TestEngine.class);
  }

  @Override
  public void afterEach(ExtensionContext context) {
    TestEngine engine = context.getStore(NS).remove("engine", TestEngine.class);
    if (engine != null) {
      engine.close();
    }
  }

  /** The engine as a test sees it: unique names, containers that are cleaned up, exec, cgroup reads. */
  static final class TestEngine implements AutoCloseable {
    final String runId = UUID.randomUUID().toString().substring(0, 8);
    final String testName;
    final DockerConnection connection = DockerConnection.open(testConfig());
    final DockerClient client = connection.client();

    TestEngine(String testName) {
      this.testName = testName.replaceAll("[^A-Za-z0-9]", "").toLowerCase();
    }

    /** A name unique to this test run: {@code rmt-<test>-<what>-<run id>}. */
    String name(String what) {
      String t = testName.length() > 24 ? testName.substring(0, 24) : testName;
      return "rmt-" + t + "-" + what + "-" + runId;
    }

    /** An agent id unique to this test run. */
    String agent(String what) {
      return "agent-" + what + "-" + runId;
    }

    /** A create command for the test image: no network, quick to stop, labelled for cleanup, running sleep. */
    CreateContainerCmd create(String name, String... cmd) {
      Map<String, String> labels = new HashMap<>();
      labels.put(TEST_LABEL, runId);
      return client.createContainerCmd(IMAGE).withName(name)
          .withCmd(cmd.length == 0 ? new String[] {"sleep", "3600"} : cmd)
          .withLabels(labels)
          .withStopTimeout(1)
          .withHostConfig(HostConfig.newHostConfig().withNetworkMode("none"));
    }

    /** Adds the test label to labels a command already has (prepareCreate replaces the map). */
    static Map<String, String> with(Map<String, String> labels, String key, String value) {
      Map<String, String> m = new HashMap<>(labels == null ? Map.of() : labels);
      m.put(key, value);
      return m;
    }

    /** Creates and starts; returns the id. */
    String start(CreateContainerCmd create) {
      create.withLabels(with(create.getLabels(), TEST_LABEL, runId));
      String id = create.exec().getId();
      client.startContainerCmd(id).exec();
      return id;
    }

    /** Runs a command in the container and returns its output. */
    String exec(String containerId, String... cmd) throws InterruptedException {
      return execAs("", containerId, cmd);
    }

    /** Runs a command in the container as {@code user} (empty: the container's user) and returns its output. */
    String execAs(String user, String containerId, String... cmd) throws InterruptedException {
      ExecCreateCmdResponse e = client.execCreateCmd(containerId).withUser(user).withCmd(cmd).withAttachStdout(true)
          .withAttachStderr(true).exec();
      StringBuilder out = new StringBuilder();
      client.execStartCmd(e.getId()).exec(new ResultCallback.Adapter<Frame>() {
        @Override
        public void onNext(Frame frame) {
          out.append(new String(frame.getPayload(), StandardCharsets.UTF_8));
        }
      }).awaitCompletion(20, TimeUnit.SECONDS);
      return out.toString().trim();
    }

    /** The CPU limit the kernel enforces on the container, in millicores; -1 if none. */
    long cgroupCpuMillicores(String containerId) throws InterruptedException {
      String out = exec(containerId, "sh", "-c", "if [ -f /sys/fs/cgroup/cpu.max ]; then cat /sys/fs/cgroup/cpu.max; "
          + "else echo $(cat /sys/fs/cgroup/cpu/cpu.cfs_quota_us) $(cat /sys/fs/cgroup/cpu/cpu.cfs_period_us); fi");
      String[] parts = out.trim().split("\\s+");
      if (parts[0].equals("max") || parts[0].equals("-1")) {
        return -1;
      }
      return Long.parseLong(parts[0]) * 1000 / Long.parseLong(parts[1]);
    }

    /** The memory limit the kernel enforces on the container, in bytes; -1 if none. */
    long cgroupMemoryBytes(String containerId) throws InterruptedException {
      String out = exec(containerId, "sh", "-c", "if [ -f /sys/fs/cgroup/memory.max ]; then cat /sys/fs/cgroup/memory.max; "
          + "else cat /sys/fs/cgroup/memory/memory.limit_in_bytes; fi").trim();
      if (out.equals("max")) {
        return -1;
      }
      long v = Long.parseLong(out);
      return v >= (1L << 62) ? -1 : v; // cgroup v1 writes a huge page-aligned number for "no limit"
    }

    /**
     * The container cgroup's own count of OOM kills: {@code oom_kill} in {@code memory.oom_control} (cgroup v1) or
     * {@code memory.events} (v2), read inside the container.
     */
    long cgroupOomKills(String containerId) throws InterruptedException {
      String out = exec(containerId, "sh", "-c", "if [ -f /sys/fs/cgroup/memory.events ]; then cat /sys/fs/cgroup/"
          + "memory.events; else cat /sys/fs/cgroup/memory/memory.oom_control; fi");
      for (String line : out.split("\n")) {
        String[] parts = line.trim().split("\\s+");
        if (parts.length == 2 && parts[0].equals("oom_kill")) {
          return Long.parseLong(parts[1]);
        }
      }
      throw new IllegalStateException("no oom_kill line in the container's cgroup: " + out);
    }

    /** Containers this test created, still present. */
    List<Container> mine() {
      return client.listContainersCmd().withShowAll(true).withLabelFilter(Map.of(TEST_LABEL, runId)).exec();
    }

    @Override
    public void close() {
      try {
        for (Container c : mine()) {
          try {
            client.removeContainerCmd(c.getId()).withForce(true).withRemoveVolumes(true).exec();
          } catch (RuntimeException e) {
            // already gone
          }
        }
      } catch (RuntimeException engineDown) {
        // nothing to clean on an engine that is not there
      } finally {
        connection.close();
      }
    }
  }
}
