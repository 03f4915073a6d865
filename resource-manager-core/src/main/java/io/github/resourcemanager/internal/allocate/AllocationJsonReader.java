package io.github.resourcemanager.internal.allocate;

import io.github.resourcemanager.allocate.AllocationConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Reads an {@link AllocationConfig} from JSON: what {@link AllocationConfig#custom(Path)} and
 * {@link AllocationConfig#fromJson(String)} do. Needs {@code com.fasterxml.jackson.core:jackson-databind} on the
 * class path, an optional dependency of resource-manager-core; without it every method throws
 * {@link IllegalStateException} saying so. This class has no Jackson types in its signatures, so it loads without
 * Jackson; {@link JacksonReader} does the reading once Jackson is known to be there.
 *
 * <p>Errors name the JSON path of the offending value: {@code $.resource_sharing.weights.api-service: must be > 0,
 * was -1}. Inside the sections this reads ({@code global.resourceLimits}, {@code resource_sharing}, {@code projects},
 * the {@code resourceLimits} of {@code agents}, {@code resource_profiles}) unknown keys are errors, which catches
 * typos; other keys of the file are ignored, so a whole workspace file can be read. Comments ({@code //},
 * {@code /* *}{@code /}) are allowed. The accepted keys are listed in {@code docs/configuration.md}.
 *
 * <p>CPU amounts written as numbers are percentages of the whole machine ({@code "maxCpu": 60}) and are converted
 * with the given number of CPUs; strings are percentages with {@code %} or CPU quantities ({@code "1500m"},
 * {@code "1.5"}). Sizes are read by {@link io.github.resourcemanager.units.ByteSize#parse}, so {@code "2GB"} is
 * 2,147,483,648 bytes. Durations are seconds or ISO-8601 ({@code "PT5M"}).
 */
public final class AllocationJsonReader {

  private static final String MAPPER = "com.fasterxml.jackson.databind.ObjectMapper";

  private AllocationJsonReader() {}

  /**
   * Reads {@code file} into {@code builder}, converting CPU percentages with {@code machineCpus}.
   *
   * @return {@code builder}
   * @throws IllegalStateException if Jackson is not on the class path
   * @throws UncheckedIOException if the file cannot be read
   * @throws NullPointerException if {@code file} or {@code builder} is null
   * @throws IllegalArgumentException naming the JSON path of the first invalid value
   */
  public static AllocationConfig.Builder read(Path file, AllocationConfig.Builder builder, int machineCpus) {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(builder, "builder");
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read allocation configuration " + file + ": " + e, e);
    }
    return parse(text, builder, machineCpus);
  }

  /**
   * Parses JSON text into {@code builder}, converting CPU percentages with {@code machineCpus}.
   *
   * @return {@code builder}
   * @throws IllegalStateException if Jackson is not on the class path
   * @throws NullPointerException if {@code json} or {@code builder} is null
   * @throws IllegalArgumentException naming the JSON path of the first invalid value
   */
  public static AllocationConfig.Builder parse(String json, AllocationConfig.Builder builder, int machineCpus) {
    Objects.requireNonNull(json, "json");
    Objects.requireNonNull(builder, "builder");
    requireJackson(AllocationJsonReader.class.getClassLoader());
    return JacksonReader.parse(json, builder, machineCpus);
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
