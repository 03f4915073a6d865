package io.github.resourcemanager.internal.monitor;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * The rule deciding which block devices count towards the disk read and write rates, shared by
 * {@link LinuxProcSource} and {@link OshiSource} so both measure the same thing.
 *
 * <p>Only whole physical disks count: partitions are excluded because their traffic is already in their
 * disk's counters, and virtual devices are excluded because their traffic either reaches a physical disk
 * too (device mapper {@code dm-*}, software RAID {@code md*}, {@code loop*}) or no disk at all (RAM disks
 * {@code ram*}, compressed RAM swap {@code zram*}); optical drives ({@code sr*}) are excluded as not disks.
 * So no byte is counted twice. The set is decided once, when a source is built; disks attached later are
 * not counted until the next start.
 */
final class DiskDevices {

  private static final String[] EXCLUDED_PREFIXES = {"loop", "ram", "zram", "dm-", "md", "sr"};

  private DiskDevices() {}

  /** Whether a device with this kernel name (such as {@code sda} or {@code /dev/sda}) may be a whole physical disk. */
  static boolean isCountedName(String name) {
    String base = name.substring(name.lastIndexOf('/') + 1);
    if (base.isEmpty()) {
      return false;
    }
    for (String prefix : EXCLUDED_PREFIXES) {
      if (base.startsWith(prefix)) {
        return false;
      }
    }
    return true;
  }

  /**
   * The whole physical disks listed in {@code sysBlock} (normally {@code /sys/block}, which lists whole
   * devices only, never partitions), sorted by name. Entries that have a {@code partition} attribute are
   * skipped in case the directory given is {@code /sys/class/block}, which lists both.
   *
   * @throws IOException if the directory cannot be listed
   */
  static List<String> fromSysBlock(Path sysBlock) throws IOException {
    TreeSet<String> names = new TreeSet<>();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(sysBlock)) {
      for (Path entry : entries) {
        String name = entry.getFileName().toString();
        if (isCountedName(name) && !Files.exists(entry.resolve("partition"))) {
          names.add(name);
        }
      }
    }
    return new ArrayList<>(names);
  }

  /**
   * The whole physical disks among the device names of {@code /proc/diskstats}, for systems without
   * {@code /sys/block}: a name that extends another listed name (such as {@code sda1} after {@code sda}, or
   * {@code nvme0n1p1} after {@code nvme0n1}) is taken as a partition of it.
   */
  static List<String> fromDiskstatsNames(List<String> deviceNames) {
    TreeSet<String> counted = new TreeSet<>();
    for (String name : deviceNames) {
      if (!isCountedName(name)) {
        continue;
      }
      boolean partition = false;
      for (String other : deviceNames) {
        if (other.length() < name.length() && name.startsWith(other) && isCountedName(other)) {
          partition = true;
          break;
        }
      }
      if (!partition) {
        counted.add(name);
      }
    }
    return new ArrayList<>(counted);
  }
}
