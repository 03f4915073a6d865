package io.github.resourcemanager.allocate;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads an {@link AllocationConfig} from JSON shaped like seed 002's examples. Needs
 * {@code com.fasterxml.jackson.core:jackson-databind} on the class path, an optional dependency of
 * resource-manager-core; without it every method throws {@link IllegalStateException} saying so.
 *
 * <pre>{@code
 * AllocationConfig config = AllocationJson.read(Path.of("workspace.json"), AllocationConfig.custom().machineCpus(8)).build();
 * }</pre>
 *
 * <p>Errors name the JSON path of the offending value: {@code $.resource_sharing.weights.api-service: must be > 0,
 * was -1}. Inside the sections this reads ({@code global.resourceLimits}, {@code resource_sharing}, {@code projects},
 * the {@code resourceLimits} of {@code agents}, {@code resource_profiles}) unknown keys are errors, which catches
 * typos; other keys of the file are ignored, so a whole workspace file can be read. Comments ({@code //},
 * {@code /* *}{@code /}) are allowed, as seed 002 uses them. The accepted keys are listed in
 * {@code docs/allocation.md}.
 *
 * <p>CPU amounts written as numbers are percentages of the whole machine (seed 002's {@code "maxCpu": 60}) and are
 * converted with the builder's {@code machineCpus}; strings are percentages with {@code %} or CPU quantities
 * ({@code "1500m"}, {@code "1.5"}). Sizes are read by {@link io.github.resourcemanager.units.ByteSize#parse}, so
 * {@code "2GB"} is 2,147,483,648 bytes as seed 002 means. Durations are seconds or ISO-8601 ({@code "PT5M"}).
 */
public final class AllocationJson {

  private static final String MAPPER = "com.fasterxml.jackson.databind.ObjectMapper";

  private AllocationJson() {}

  /**
   * Reads {@code file} into a new builder.
   *
   * @throws IllegalStateException if Jackson is not on the class path
   * @throws UncheckedIOException if the file cannot be read
   * @throws IllegalArgumentException naming the JSON path of the first invalid value
   */
  public static AllocationConfig.Builder read(Path file) {
    return read(file, AllocationConfig.custom());
  }

  /**
   * Reads {@code file} into {@code builder}, whose other settings ({@code machineCpus}, {@code environment}) it uses.
   *
   * @throws IllegalStateException if Jackson is not on the class path
   * @throws UncheckedIOException if the file cannot be read
   * @throws IllegalArgumentException if {@code file} is null, or naming the JSON path of the first invalid value
   */
  public static AllocationConfig.Builder read(Path file, AllocationConfig.Builder builder) {
    if (file == null) {
      throw new IllegalArgumentException("file must not be null; give the path of the JSON configuration");
    }
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read allocation configuration " + file + ": " + e, e);
    }
    return parse(text, builder);
  }

  /**
   * Parses JSON text into a new builder.
   *
   * @throws IllegalStateException if Jackson is not on the class path
   * @throws IllegalArgumentException naming the JSON path of the first invalid value
   */
  public static AllocationConfig.Builder parse(String json) {
    return parse(json, AllocationConfig.custom());
  }

  /**
   * Parses JSON text into {@code builder}.
   *
   * @throws IllegalStateException if Jackson is not on the class path
   * @throws IllegalArgumentException naming the JSON path of the first invalid value
   */
  public static AllocationConfig.Builder parse(String json, AllocationConfig.Builder builder) {
    if (json == null) {
      throw new IllegalArgumentException("$: the JSON text must not be null");
    }
    if (builder == null) {
      throw new IllegalArgumentException("builder must not be null; use AllocationConfig.custom()");
    }
    requireJackson(AllocationJson.class.getClassLoader());
    return JacksonReader.parse(json, builder);
  }

  /** Fails with a clear message if {@code loader} cannot see Jackson's ObjectMapper. */
  static void requireJackson(ClassLoader loader) {
    try {
      Class.forName(MAPPER, false, loader);
    } catch (ClassNotFoundException | LinkageError e) {
      throw new IllegalStateException("reading allocation configuration from JSON needs jackson-databind on the class "
          + "path; add the dependency com.fasterxml.jackson.core:jackson-databind (optional for resource-manager-core), "
          + "or build the configuration with AllocationConfig.custom()", e);
    }
  }
}
