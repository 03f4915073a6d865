package io.github.resourcemanager.docker;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.dockerjava.api.command.CreateContainerCmd;
import com.github.dockerjava.api.model.AccessMode;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.Capability;
import com.github.dockerjava.api.model.HealthCheck;
import com.github.dockerjava.api.model.Mount;
import com.github.dockerjava.api.model.MountType;
import com.github.dockerjava.api.model.TmpfsOptions;
import com.github.dockerjava.api.model.Ulimit;
import com.github.dockerjava.api.model.Volume;
import io.github.resourcemanager.docker.DockerEngineExtension.TestEngine;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A recreate keeps everything but the limits: the container's {@code HostConfig} (security options, user,
 * capabilities, read-only root, mounts, ...) and {@code Config} are compared field by field in the engine's own
 * inspect JSON, before and after, and the running processes show the same identity, capabilities and file system.
 * Extends {@code RecreateEngineTest}, which checks a handful of these through docker-java's model.
 */
@DockerTest
class RecreateFidelityReliabilityTest {
  private static final long MIB = 1L << 20;
  /** What a recreate changes on purpose: the limits. */
  private static final Set<String> LIMIT_FIELDS = Set.of("Memory", "MemorySwap", "NanoCpus", "CpuQuota", "CpuPeriod",
      "PidsLimit");

  @TempDir
  Path hostDir;

  private static JsonNode inspect(DockerConnection connection, String id) {
    return new RawApi(connection.http()).get("/containers/" + id + "/json");
  }

  private static List<String> differences(String section, JsonNode before, JsonNode after, Set<String> except) {
    Set<String> fields = new TreeSet<>();
    before.fieldNames().forEachRemaining(fields::add);
    after.fieldNames().forEachRemaining(fields::add);
    List<String> differences = new ArrayList<>();
    for (String f : fields) {
      if (!except.contains(f) && !before.path(f).equals(after.path(f))) {
        differences.add(section + "." + f + ": " + before.path(f) + " -> " + after.path(f));
      }
    }
    return differences;
  }

  /** The mounts as the engine reports them, keyed by destination, without the engine-generated volume paths. */
  private static Map<String, JsonNode> mounts(JsonNode inspect) {
    Map<String, JsonNode> byDestination = new java.util.TreeMap<>();
    for (JsonNode m : inspect.path("Mounts")) {
      ObjectNode copy = ((ObjectNode) m).deepCopy();
      byDestination.put(m.path("Destination").asText(), copy);
    }
    return byDestination;
  }

  @Test
  void aRecreateKeepsSecurityOptionsUserCapabilitiesReadOnlyRootAndMountsExactly(TestEngine engine) throws Exception {
    Files.writeString(hostDir.resolve("config.txt"), "from the host");
    // The container's user (nobody) must be able to read the host directory that JUnit made private to us.
    Files.setPosixFilePermissions(hostDir, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
    Files.setPosixFilePermissions(hostDir.resolve("config.txt"),
        java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
    String volume = "rmt-vol-" + engine.runId;
    engine.client.createVolumeCmd().withName(volume).withLabels(Map.of(DockerEngineExtension.TEST_LABEL, engine.runId))
        .exec();
    try (DockerConnection connection = DockerConnection.open(DockerEngineExtension.testConfig());
        LimitStore store = LimitStore.jdbc("jdbc:h2:mem:fidelity-" + engine.runId)) {
      DockerLimits limits = new DockerLimits(connection, store, TestPolicies.small(), AccessPolicy.allowAll());
      String agent = engine.agent("f");
      String name = engine.name("f");
      CreateContainerCmd create = limits.prepareCreate(agent, engine.create(name))
          .withUser("65534:65534")
          .withEnv("MODE=strict", "PATH=/bin")
          .withWorkingDir("/tmp")
          .withStopSignal("SIGINT")
          .withVolumes(new Volume("/data"))
          .withHealthcheck(new HealthCheck().withTest(List.of("CMD", "true")).withInterval(30_000_000_000L)
              .withRetries(3));
      create.getHostConfig()
          .withCapDrop(Capability.ALL).withCapAdd(Capability.CHOWN, Capability.NET_BIND_SERVICE)
          .withSecurityOpts(List.of("no-new-privileges"))
          .withReadonlyRootfs(true)
          .withPrivileged(false)
          .withInit(true)
          .withIpcMode("private")
          .withShmSize(32 * MIB)
          .withGroupAdd(List.of("1234"))
          .withOomScoreAdj(100)
          .withUlimits(List.of(new Ulimit("nofile", 1024L, 2048L)))
          .withTmpFs(Map.of("/run", "size=1m,mode=1777"))
          .withBinds(new Bind(hostDir.toString(), new Volume("/etc/app"), AccessMode.ro))
          .withMounts(List.of(
              new Mount().withType(MountType.VOLUME).withSource(volume).withTarget("/shared"),
              new Mount().withType(MountType.TMPFS).withTarget("/scratch")
                  .withTmpfsOptions(new TmpfsOptions().withSizeBytes(2 * MIB))));
      String oldId = engine.start(create);
      engine.execAs("0", oldId, "sh", "-c", "echo kept > /data/file && echo shared > /shared/file");
      JsonNode before = inspect(connection, oldId);
      String identityBefore = engine.exec(oldId, "id");
      String capsBefore = engine.exec(oldId, "grep", "^Cap", "/proc/self/status");

      ApplyResult r = limits.recreate(agent, "alice");

      assertThat(r.outcome()).isEqualTo(ApplyResult.Outcome.RECREATED);
      String newId = r.containerId().orElseThrow();
      JsonNode after = inspect(connection, newId);
      // HostConfig: all but the limits, field by field; Binds gain the anonymous volume, re-attached by name.
      Set<String> hostExceptions = new java.util.HashSet<>(LIMIT_FIELDS);
      hostExceptions.add("Binds");
      assertThat(differences("HostConfig", before.path("HostConfig"), after.path("HostConfig"), hostExceptions))
          .isEmpty();
      String anonymous = mounts(before).get("/data").path("Name").asText();
      List<String> binds = new ArrayList<>();
      before.path("HostConfig").path("Binds").forEach(b -> binds.add(b.asText()));
      binds.add(anonymous + ":/data:rw,nocopy");
      List<String> bindsAfter = new ArrayList<>();
      after.path("HostConfig").path("Binds").forEach(b -> bindsAfter.add(b.asText()));
      assertThat(bindsAfter).containsExactlyElementsOf(binds);
      // Config: all but the host name the engine derives from the id; the labels are the same.
      assertThat(differences("Config", before.path("Config"), after.path("Config"), Set.of("Hostname"))).isEmpty();
      // Mounts: the same sources (host directory, named and anonymous volume, tmpfs) at the same places, same modes;
      // the engine spells the re-attached anonymous volume's mode out: read-write, no relabelling, no copy-up.
      Map<String, JsonNode> expectedMounts = mounts(before);
      ((ObjectNode) expectedMounts.get("/data")).put("Mode", "rw,nocopy");
      assertThat(mounts(after)).isEqualTo(expectedMounts);
      assertThat(after.path("Name").asText()).isEqualTo("/" + name);

      // And the processes see the same: identity, capabilities, read-only root, the mounts' contents.
      assertThat(engine.exec(newId, "id")).isEqualTo(identityBefore).startsWith("uid=65534");
      assertThat(engine.exec(newId, "grep", "^Cap", "/proc/self/status")).isEqualTo(capsBefore);
      assertThat(engine.exec(newId, "sh", "-c", "touch /root-write 2>&1 || echo refused")).endsWith("refused");
      assertThat(engine.exec(newId, "cat", "/data/file", "/shared/file", "/etc/app/config.txt"))
          .isEqualTo("kept\nshared\nfrom the host");
    } finally {
      // The containers go first: the named volume can only be removed once no container uses it.
      for (com.github.dockerjava.api.model.Container c : engine.mine()) {
        engine.client.removeContainerCmd(c.getId()).withForce(true).withRemoveVolumes(true).exec();
      }
      engine.client.removeVolumeCmd(volume).exec();
    }
  }

}
