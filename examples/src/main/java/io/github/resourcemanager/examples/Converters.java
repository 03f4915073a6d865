package io.github.resourcemanager.examples;

import io.github.resourcemanager.export.BottleneckCriteria;
import io.github.resourcemanager.monitor.Metric;
import io.github.resourcemanager.units.ByteSize;
import picocli.CommandLine;

/** Option converters for the library's types; their messages come from the library's parsers. */
final class Converters {
  private Converters() {}

  /** A metric by name, e.g. {@code system.cpu.usage}. */
  static final class MetricConverter implements CommandLine.ITypeConverter<Metric> {
    @Override
    public Metric convert(String value) {
      try {
        return Metric.named(value.trim());
      } catch (IllegalArgumentException e) {
        throw new CommandLine.TypeConversionException(e.getMessage());
      }
    }
  }

  /** A byte size as Kubernetes or Docker write it: {@code 256Mi}, {@code 256m}, {@code 1g}. */
  static final class ByteSizeConverter implements CommandLine.ITypeConverter<ByteSize> {
    @Override
    public ByteSize convert(String value) {
      try {
        return ByteSize.parse(value);
      } catch (IllegalArgumentException e) {
        throw new CommandLine.TypeConversionException(e.getMessage());
      }
    }
  }

  /** {@code time-above} or {@code severity}. */
  static final class RankingConverter implements CommandLine.ITypeConverter<BottleneckCriteria.Ranking> {
    @Override
    public BottleneckCriteria.Ranking convert(String value) {
      for (BottleneckCriteria.Ranking r : BottleneckCriteria.Ranking.values()) {
        if (r.toString().equalsIgnoreCase(value.trim()) || r.name().equalsIgnoreCase(value.trim())) {
          return r;
        }
      }
      throw new CommandLine.TypeConversionException("'" + value + "' is not a ranking; use time-above or severity");
    }
  }
}
