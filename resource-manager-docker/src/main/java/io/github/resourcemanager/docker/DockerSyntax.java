package io.github.resourcemanager.docker;

import io.github.resourcemanager.units.ByteSize;
import io.github.resourcemanager.units.CpuQuantity;
import java.math.BigDecimal;

/** Writes sizes and CPU quantities the way {@code docker run --memory/--cpus} reads them. */
final class DockerSyntax {
  private static final long KIB = 1L << 10;
  private static final long MIB = 1L << 20;
  private static final long GIB = 1L << 30;

  private DockerSyntax() {}

  /** {@code 4g}, {@code 512m}, {@code 64k} or plain bytes: the largest binary unit that divides exactly. */
  static String memory(ByteSize size) {
    long bytes = size.bytes();
    if (bytes != 0 && bytes % GIB == 0) {
      return bytes / GIB + "g";
    }
    if (bytes != 0 && bytes % MIB == 0) {
      return bytes / MIB + "m";
    }
    if (bytes != 0 && bytes % KIB == 0) {
      return bytes / KIB + "k";
    }
    return Long.toString(bytes);
  }

  /** Cores as a plain decimal: {@code 2}, {@code 0.5}, {@code 1.25}. */
  static String cpus(CpuQuantity cpus) {
    return BigDecimal.valueOf(cpus.millicores()).movePointLeft(3).stripTrailingZeros().toPlainString();
  }
}
