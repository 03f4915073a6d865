package io.github.resourcemanager.internal.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SystemFactsTest {

  @TempDir
  Path dir;

  @Test
  void cgroupV2LimitsOfTheProcessCgroupAndItsAncestorsTheSmallestWins() throws IOException {
    Path root = dir.resolve("cgroup");
    write(root.resolve("cgroup.controllers"), "cpuset cpu io memory pids\n");
    write(root.resolve("cpu.max"), "max 100000\n");
    write(root.resolve("kubepods/memory.max"), "1073741824\n");
    write(root.resolve("kubepods/cpu.max"), "max 100000\n");
    write(root.resolve("kubepods/pod1/memory.max"), "536870912\n");
    write(root.resolve("kubepods/pod1/cpu.max"), "150000 100000\n");
    Path self = write(dir.resolve("self-cgroup"), "0::/kubepods/pod1\n");

    SystemFacts.CgroupLimits limits = SystemFacts.readCgroupLimits(root, self);
    assertThat(limits.memoryBytes()).isEqualTo(OptionalLong.of(536_870_912L));
    assertThat(limits.cpuMillicores()).isEqualTo(OptionalLong.of(1500));

    write(root.resolve("kubepods/memory.max"), "268435456\n");
    write(root.resolve("kubepods/cpu.max"), "50000 100000\n");
    limits = SystemFacts.readCgroupLimits(root, self);
    assertThat(limits.memoryBytes()).isEqualTo(OptionalLong.of(268_435_456L));
    assertThat(limits.cpuMillicores()).isEqualTo(OptionalLong.of(500));
  }

  @Test
  void cgroupV2MaxMeansUnlimited() throws IOException {
    Path root = dir.resolve("cgroup");
    write(root.resolve("cgroup.controllers"), "cpu memory\n");
    write(root.resolve("app/memory.max"), "max\n");
    write(root.resolve("app/cpu.max"), "max 100000\n");
    Path self = write(dir.resolve("self-cgroup"), "0::/app\n");

    SystemFacts.CgroupLimits limits = SystemFacts.readCgroupLimits(root, self);
    assertThat(limits.memoryBytes()).isEmpty();
    assertThat(limits.cpuMillicores()).isEmpty();
  }

  @Test
  void aContainerThatSeesItsCgroupAsTheRootReadsTheRoot() throws IOException {
    Path root = dir.resolve("cgroup");
    write(root.resolve("cgroup.controllers"), "cpu memory\n");
    write(root.resolve("memory.max"), "2147483648\n");
    write(root.resolve("cpu.max"), "200000 100000\n");
    // the host's path, which does not exist inside the container's view
    Path self = write(dir.resolve("self-cgroup"), "0::/system.slice/docker-abc.scope\n");

    SystemFacts.CgroupLimits limits = SystemFacts.readCgroupLimits(root, self);
    assertThat(limits.memoryBytes()).isEqualTo(OptionalLong.of(2_147_483_648L));
    assertThat(limits.cpuMillicores()).isEqualTo(OptionalLong.of(2000));
  }

  @Test
  void cgroupV1LimitsFromMemoryAndCpuControllers() throws IOException {
    Path root = dir.resolve("cgroup");
    write(root.resolve("memory/memory.limit_in_bytes"), "9223372036854771712\n");
    write(root.resolve("memory/docker/abc/memory.limit_in_bytes"), "2147483648\n");
    write(root.resolve("cpu,cpuacct/cpu.cfs_quota_us"), "-1\n");
    write(root.resolve("cpu,cpuacct/cpu.cfs_period_us"), "100000\n");
    write(root.resolve("cpu,cpuacct/docker/abc/cpu.cfs_quota_us"), "25000\n");
    write(root.resolve("cpu,cpuacct/docker/abc/cpu.cfs_period_us"), "50000\n");
    Path self = write(dir.resolve("self-cgroup"),
        "12:memory:/docker/abc\n4:cpu,cpuacct:/docker/abc\n1:name=systemd:/docker/abc\n0::/\n");

    SystemFacts.CgroupLimits limits = SystemFacts.readCgroupLimits(root, self);
    assertThat(limits.memoryBytes()).isEqualTo(OptionalLong.of(2_147_483_648L));
    assertThat(limits.cpuMillicores()).isEqualTo(OptionalLong.of(500));
  }

  @Test
  void cgroupV1HugeMemoryAndMinusOneQuotaMeanUnlimited() throws IOException {
    Path root = dir.resolve("cgroup");
    write(root.resolve("memory/memory.limit_in_bytes"), "9223372036854771712\n");
    write(root.resolve("cpu/cpu.cfs_quota_us"), "-1\n");
    write(root.resolve("cpu/cpu.cfs_period_us"), "100000\n");
    Path self = write(dir.resolve("self-cgroup"), "4:memory:/\n1:cpu:/\n");

    SystemFacts.CgroupLimits limits = SystemFacts.readCgroupLimits(root, self);
    assertThat(limits.memoryBytes()).isEmpty();
    assertThat(limits.cpuMillicores()).isEmpty();
  }

  @Test
  void noCgroupFilesAtAllMeansNoLimits() {
    SystemFacts.CgroupLimits limits = SystemFacts.readCgroupLimits(dir.resolve("nothing"), dir.resolve("nothing-either"));
    assertThat(limits).isEqualTo(SystemFacts.CgroupLimits.NONE);
  }

  @Test
  void parsesTheValueFormats() {
    assertThat(SystemFacts.parseV2Memory("max")).isEmpty();
    assertThat(SystemFacts.parseV2Memory("104857600")).hasValue(104_857_600L);
    assertThat(SystemFacts.parseV1Memory("9223372036854771712")).isEmpty();
    assertThat(SystemFacts.parseV1Memory("104857600")).hasValue(104_857_600L);
    assertThat(SystemFacts.parseV2Cpu("max 100000")).isEmpty();
    assertThat(SystemFacts.parseV2Cpu("250000 100000")).hasValue(2500L);
    assertThat(SystemFacts.parseV2Cpu("33333 100000")).hasValue(333L);
    assertThat(SystemFacts.parseV1Cpu("-1", "100000")).isEmpty();
    assertThat(SystemFacts.parseV1Cpu("150000", "100000")).hasValue(1500L);
    assertThat(SystemFacts.parseV1Cpu("garbage", "100000")).isEmpty();
  }

  @Test
  void detectDescribesThisMachineOnce() {
    SystemFacts facts = SystemFacts.detect();
    assertThat(SystemFacts.detect()).isSameAs(facts);
    assertThat(facts.logicalCpus()).isPositive();
    assertThat(facts.physicalCores()).isPositive().isLessThanOrEqualTo(facts.logicalCpus());
    assertThat(facts.cpuModel()).isNotBlank();
    assertThat(facts.totalMemoryBytes()).isPositive();
    facts.cgroupMemoryLimitBytes().ifPresent(limit -> assertThat(limit).isPositive());
    facts.cgroupCpuLimitMillicores().ifPresent(limit -> assertThat(limit).isPositive());
  }

  private static Path write(Path file, String content) throws IOException {
    Files.createDirectories(file.getParent());
    return Files.writeString(file, content);
  }
}
