package io.github.resourcemanager.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.core.JsonFactory;
import java.io.StringWriter;
import java.io.Writer;
import java.lang.reflect.InvocationTargetException;
import java.net.URL;
import java.net.URLClassLoader;
import java.time.Clock;
import org.junit.jupiter.api.Test;

/**
 * Jackson is an optional dependency: these tests load the library's classes in a class loader that sees only
 * them (and, in one case, jackson-core), and check that exporting says which artifact to add.
 */
class MissingJacksonTest {
  private static final URL LIBRARY = HistoryExporter.class.getProtectionDomain().getCodeSource().getLocation();
  private static final URL JACKSON_CORE = JsonFactory.class.getProtectionDomain().getCodeSource().getLocation();

  /** Exports an empty history in {@code format} with the classes {@code loader} sees; returns what was written. */
  private static String export(ClassLoader loader, String format) throws Exception {
    Class<?> tickerType = loader.loadClass("io.github.resourcemanager.Ticker");
    Object ticker = tickerType.getMethod("system").invoke(null);
    Class<?> historyType = loader.loadClass("io.github.resourcemanager.monitor.History");
    Object history = historyType.getConstructor(int.class, tickerType).newInstance(4, ticker);
    Class<?> exporterType = loader.loadClass(HistoryExporter.class.getName());
    Object exporter = exporterType.getMethod("of", historyType, tickerType, Clock.class)
        .invoke(null, history, ticker, Clock.systemUTC());
    Class<?> formatType = loader.loadClass(ExportFormat.class.getName());
    Class<?> optionsType = loader.loadClass(ExportOptions.class.getName());
    StringWriter out = new StringWriter();
    exporterType.getMethod("write", formatType, optionsType, Writer.class).invoke(exporter,
        formatType.getField(format).get(null), optionsType.getMethod("defaults").invoke(null), out);
    return out.toString();
  }

  private static Throwable failure(ClassLoader loader, String format) {
    return catchThrowableOfType(InvocationTargetException.class, () -> export(loader, format)).getCause();
  }

  @Test
  void jsonWithoutJacksonNamesJacksonDatabind() throws Exception {
    try (URLClassLoader loader = new URLClassLoader(new URL[] {LIBRARY}, ClassLoader.getPlatformClassLoader())) {
      assertThat(failure(loader, "JSON"))
          .isInstanceOf(IllegalStateException.class)
          .hasMessage("exporting history as JSON needs com.fasterxml.jackson.core:jackson-databind on the class path; "
              + "it is an optional dependency of resource-manager-core, so add it to your project's dependencies (Jackson 2.x)");
    }
  }

  @Test
  void csvWithoutTheCsvModuleNamesJacksonDataformatCsvWhileJsonWorks() throws Exception {
    try (URLClassLoader loader = new URLClassLoader(new URL[] {LIBRARY, JACKSON_CORE}, ClassLoader.getPlatformClassLoader())) {
      assertThat(failure(loader, "CSV"))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageStartingWith("exporting history as CSV needs com.fasterxml.jackson.dataformat:jackson-dataformat-csv on the class path");
      assertThat(export(loader, "JSON")).startsWith("{\"kind\":\"history\"");
    }
  }
}
