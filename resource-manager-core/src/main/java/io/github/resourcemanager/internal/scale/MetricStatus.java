package io.github.resourcemanager.internal.scale;

/** Whether a metric could be computed for a decision, and if not why. Texts are written only when read. */
enum MetricStatus {
  OK,
  NO_REPLICAS,
  NO_READY_METRICS,
  MISSING_REQUEST,
  ZERO_REQUESTS,
  NOT_MEASURED,
  OUT_OF_RANGE,
  READ_FAILED;

  /** The error text, empty for {@link #OK}; {@code detail} is the replica id or the failure's message. */
  String text(String detail, String resource) {
    return switch (this) {
      case OK -> "";
      case NO_REPLICAS -> "the target reports no replicas";
      case NO_READY_METRICS -> "no metrics for ready replicas (replicas might be not ready)";
      case MISSING_REQUEST -> "replica " + detail + " has no " + resource + " request";
      case ZERO_REQUESTS -> "the " + resource + " requests of the measured replicas sum to 0";
      case NOT_MEASURED -> "not measured in this sample";
      case OUT_OF_RANGE -> "utilization is outside the int range";
      case READ_FAILED -> "reading the replicas failed: " + detail;
    };
  }
}
