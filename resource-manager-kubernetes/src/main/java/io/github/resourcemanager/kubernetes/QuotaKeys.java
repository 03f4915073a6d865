package io.github.resourcemanager.kubernetes;

/** Which ResourceQuota keys the library's {@link io.github.resourcemanager.allocate.Quota} governs. */
final class QuotaKeys {

  private QuotaKeys() {}

  /**
   * Whether {@code key} limits pods or a compute resource of containers: {@code pods}, {@code cpu},
   * {@code memory}, {@code ephemeral-storage}, {@code hugepages-*} or an extended resource ({@code vendor/name}),
   * bare or with {@code requests.} / {@code limits.}. {@code requests.storage} (PersistentVolumeClaims) and object
   * counts are not.
   */
  static boolean isCompute(String key) {
    if (key.equals("pods")) {
      return true;
    }
    String resource = key;
    if (key.startsWith("requests.")) {
      resource = key.substring("requests.".length());
    } else if (key.startsWith("limits.")) {
      resource = key.substring("limits.".length());
    } else if (key.contains("/")) {
      return false; // count/<resource>, <class>.storageclass.storage.k8s.io/<x>
    }
    return isContainerResource(resource);
  }

  /** Whether {@code resource} is a resource containers request. */
  static boolean isContainerResource(String resource) {
    return resource.equals("cpu") || resource.equals("memory") || resource.equals("ephemeral-storage")
        || resource.startsWith("hugepages-") || (resource.contains("/") && !resource.contains("storageclass"));
  }
}
