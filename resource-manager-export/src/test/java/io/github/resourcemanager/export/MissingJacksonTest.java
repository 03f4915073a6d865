package io.github.resourcemanager.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.StringWriter;
import java.io.Writer;
import java.lang.reflect.InvocationTargetException;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Jackson is a dependency of this module that a class-path application may still exclude: these tests load the
 * library's classes (this module's, core's and what core needs to build a manager) in a class loader that sees only
 * them (and, in one case, jackson-core), and check that exporting says which artifact to add.
 */
class MissingJacksonTest {
  private static final List<URL> LIBRARY = List.of(location("io.github.resourcemanager.export.HistoryExporter"),
      location("io.github.resourcemanager.ResourceManager"), location("org.slf4j.LoggerFactory"),
      location("io.github.resilience4j.ratelimiter.RateLimiter"), location("io.github.resilience4j.core.EventConsumer"));
  private static final URL JACKSON_CORE = location("com.fasterxml.jackson.core.JsonFactory");

  /** The jar or directory the test's own class loader loads {@code className} from. */
  private static URL location(String className) {
    try {
      return Class.forName(className, false, MissingJacksonTest.class.getClassLoader())
          .getProtectionDomain().getCodeSource().getLocation();
    } catch (ClassNotFoundException e) {
      throw new AssertionError(className + " is not on the test class path", e);
    }
  }

  private static URLClassLoader loader(List<URL> urls) {
    return new URLClassLoader(urls.toArray(new URL[0]), ClassLoader.getPlatformClassLoader());
  }

  /** Exports the history of a manager that has no samples yet in {@code format} with the classes {@code loader} sees. */
  private static String export(ClassLoader loader, String format) throws Exception {
    Class<?> managerType = loader.loadClass("io.github.resourcemanager.ResourceManager");
    Object builder = managerType.getMethod("custom").invoke(null);
    Class<?> builderType = builder.getClass();
    builderType.getMethod("platformSources", boolean.class).invoke(builder, false);
    Object manager = builderType.getMethod("build").invoke(builder);
    try {
      Class<?> exporterType = loader.loadClass(HistoryExporter.class.getName());
      Object exporter = exporterType.getMethod("of", managerType).invoke(null, manager);
      Class<?> formatType = loader.loadClass(ExportFormat.class.getName());
      Class<?> optionsType = loader.loadClass(ExportOptions.class.getName());
      StringWriter out = new StringWriter();
      exporterType.getMethod("write", formatType, optionsType, Writer.class).invoke(exporter,
          formatType.getField(format).get(null), optionsType.getMethod("ofDefaults").invoke(null), out);
      return out.toString();
    } finally {
      managerType.getMethod("close").invoke(manager);
    }
  }

  private static Throwable failure(ClassLoader loader, String format) {
    return catchThrowableOfType(InvocationTargetException.class, () -> export(loader, format)).getCause();
  }

  @Test
  void jsonWithoutJacksonNamesJacksonDatabind() throws Exception {
    try (URLClassLoader loader = loader(LIBRARY)) {
      assertThat(failure(loader, "JSON"))
          .isInstanceOf(IllegalStateException.class)
          .hasMessage("exporting history as JSON needs com.fasterxml.jackson.core:jackson-databind on the class path; "
              + "resource-manager-export depends on it, so put it back if your build excludes it (Jackson 2.x)");
    }
  }

  @Test
  void csvWithoutTheCsvModuleNamesJacksonDataformatCsvWhileJsonWorks() throws Exception {
    List<URL> withJacksonCore = new ArrayList<>(LIBRARY);
    withJacksonCore.add(JACKSON_CORE);
    try (URLClassLoader loader = loader(withJacksonCore)) {
      assertThat(failure(loader, "CSV"))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageStartingWith("exporting history as CSV needs com.fasterxml.jackson.dataformat:jackson-dataformat-csv on the class path");
      assertThat(export(loader, "JSON")).startsWith("{\"kind\":\"history\"");
    }
  }
}
