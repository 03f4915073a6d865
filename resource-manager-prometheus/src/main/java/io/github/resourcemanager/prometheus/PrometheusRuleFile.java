package io.github.resourcemanager.prometheus;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A Prometheus rule file exported by {@link PrometheusRules}: its YAML text, the library rules it holds and those that
 * could not be expressed, with the reason. Immutable.
 */
public final class PrometheusRuleFile {
  private final String yaml;
  private final List<String> exported;
  private final Map<String, String> notExported;

  PrometheusRuleFile(String yaml, List<String> exported, Map<String, String> notExported) {
    this.yaml = yaml;
    this.exported = List.copyOf(exported);
    this.notExported = Collections.unmodifiableMap(new LinkedHashMap<>(notExported));
  }

  /** The rule file as YAML, ready for Prometheus' {@code rule_files}. */
  public String yaml() {
    return yaml;
  }

  /** The names of the library rules the file holds, in order. */
  public List<String> exported() {
    return exported;
  }

  /** The library rules that could not be expressed, by name, with the reason; in the order given. */
  public Map<String, String> notExported() {
    return notExported;
  }

  /**
   * Writes the file to {@code path} (UTF-8), replacing it whole: written beside it first, then moved into place, so a
   * Prometheus reloading its rules never reads half a file.
   *
   * @throws IOException if it cannot be written
   */
  public void writeTo(Path path) throws IOException {
    Objects.requireNonNull(path, "path");
    Path absolute = path.toAbsolutePath();
    Path temporary = Files.createTempFile(absolute.getParent(), "." + absolute.getFileName(), ".tmp");
    try {
      Files.writeString(temporary, yaml, StandardCharsets.UTF_8);
      Files.move(temporary, absolute, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(temporary);
    }
  }

  @Override
  public String toString() {
    return "PrometheusRuleFile{exported=" + exported + ", notExported=" + notExported.keySet() + "}";
  }
}
