package io.github.resourcemanager.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;
import static org.quicktheories.generators.SourceDSL.longs;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.resourcemanager.ResourceManager;
import io.github.resourcemanager.monitor.Metric;
import io.github.resourcemanager.test.ManualScheduler;
import io.github.resourcemanager.test.ManualTicker;
import io.github.resourcemanager.test.ScriptedSource;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

class ExportRoundTripPropertiesTest {

  /** Any double at all: every bit pattern (NaN, infinities and -0.0 included), mixed with whole numbers. */
  private static Gen<Double> anyDouble() {
    return longs().all().map(Double::longBitsToDouble)
        .mix(longs().between(-(1L << 53), 1L << 53).map(v -> (double) v))
        .mix(integers().between(0, 3).map(i -> new double[] {-0.0, 0.0, Double.MIN_VALUE, -Double.MAX_VALUE}[i]));
  }

  /**
   * A manager that has sampled {@code values} of {@code system.load.1m}, one sample per second from the epoch, with
   * nothing else running; the caller closes it.
   */
  private static ResourceManager sampled(List<Double> values) {
    double[] script = new double[values.size()];
    for (int i = 0; i < script.length; i++) {
      script[i] = values.get(i);
    }
    ManualTicker ticker = new ManualTicker();
    ResourceManager rm = ResourceManager.custom().platformSources(false).defaultAlertRules(false)
        .source(ScriptedSource.named("s").values(Metric.SYSTEM_LOAD_1M, script))
        .ticker(ticker).scheduler(new ManualScheduler(ticker)).clock(ticker.clock(Instant.EPOCH))
        .interval(Duration.ofSeconds(1)).build();
    rm.start();
    ticker.advance(Duration.ofSeconds(values.size() - 1));
    return rm;
  }

  /** Exports one metric's values, one sample per second, and reads them back as doubles (NaN for missing). */
  private static double[][] exportAndReadBack(List<Double> values) {
    ExportOptions options = ExportOptions.custom().metrics(Metric.SYSTEM_LOAD_1M).build();
    try (ResourceManager rm = sampled(values)) {
      HistoryExporter exporter = HistoryExporter.of(rm);
      StringWriter csv = new StringWriter();
      exporter.write(ExportFormat.CSV, options, csv);
      StringWriter json = new StringWriter();
      exporter.write(ExportFormat.JSON, options, json);
      List<List<String>> lines = ExportFiles.csv(csv.toString());
      JsonNode rows = ExportFiles.json(json.toString()).get("series").get(0).get("rows");
      double[][] read = new double[2][values.size()];
      for (int i = 0; i < values.size(); i++) {
        String cell = lines.get(i + 1).get(2);
        read[0][i] = cell.isEmpty() ? Double.NaN : Double.parseDouble(cell);
        JsonNode value = rows.get(i).get(1);
        read[1][i] = value.isNull() ? Double.NaN : value.isIntegralNumber() ? value.longValue() : value.doubleValue();
      }
      return read;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Test
  void everyFiniteValueReadsBackExactlyAndEveryOtherAsMissing() {
    qt().withExamples(200).forAll(lists().of(anyDouble()).ofSizeBetween(1, 20)).checkAssert(values -> {
      double[][] read = exportAndReadBack(values);
      for (int i = 0; i < values.size(); i++) {
        double v = values.get(i);
        double expected = Double.isFinite(v) ? v : Double.NaN;
        // Double.equals: NaN equals NaN, and -0.0 differs from 0.0
        assertThat(Double.valueOf(read[0][i])).as("CSV value %s", v).isEqualTo(Double.valueOf(expected));
        assertThat(Double.valueOf(read[1][i])).as("JSON value %s", v).isEqualTo(Double.valueOf(expected));
      }
    });
  }

  @Test
  void aStepOfOneSampleWritesEverySampleUnchanged() {
    qt().withExamples(100).forAll(lists().of(integers().between(-1_000_000, 1_000_000).map(i -> i / 16.0))
        .ofSizeBetween(1, 20)).checkAssert(values -> {
          ExportOptions options = ExportOptions.custom().metrics(Metric.SYSTEM_LOAD_1M).step(Duration.ofSeconds(1)).build();
          StringWriter raw = new StringWriter();
          StringWriter stepped = new StringWriter();
          try (ResourceManager rm = sampled(values)) {
            HistoryExporter exporter = HistoryExporter.of(rm);
            exporter.write(ExportFormat.CSV, ExportOptions.custom().metrics(Metric.SYSTEM_LOAD_1M).build(), raw);
            exporter.write(ExportFormat.CSV, options, stepped);
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
          assertThat(stepped.toString()).isEqualTo(raw.toString());
        });
  }
}
