package io.github.resourcemanager.test;

import io.github.resourcemanager.ResourceManager;
import io.github.resourcemanager.alert.AlertPipeline;
import io.github.resourcemanager.alert.HandlerOptions;
import java.time.Duration;
import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import java.util.function.Consumer;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * A JUnit 5 extension that gives each test a {@link ResourceManager} wired to a {@link ManualTicker}, a
 * {@link ManualScheduler}, a clock that follows the ticker (starting at {@link #START}) and one
 * {@link ScriptedSource} named {@code scripted}, with the platform sources turned off; its {@link AlertPipeline}
 * can be injected too, and a {@link CollectingAlertHandler} subscribed to it (named {@code collected}, with no
 * practical rate limit) when a test asks for one. Test methods declare the parameters they want; all of them belong
 * to the same test's wiring. The manager is closed after the test.
 *
 * <p>Handlers run on the pipeline's threads, not on the manual scheduler: after advancing the ticker, a test waits
 * until every handler has received every event published so far with
 * {@link AlertPipeline#awaitDelivered(java.time.Duration)} (it waits on the handlers' delivery counters, without
 * polling), then asserts on what the handler collected.
 *
 * <pre>{@code
 * @ExtendWith(ResourceManagerExtension.class)
 * class MyTest {
 *   @Test
 *   void alertsOnHighCpu(ResourceManager rm, ScriptedSource source, ManualTicker ticker) {
 *     source.values(Metric.SYSTEM_CPU_USAGE, 95);
 *     rm.start();
 *     ticker.advance(Duration.ofSeconds(5));
 *     ...
 *   }
 * }
 * }</pre>
 *
 * To change the manager's settings (interval, your own rules, handlers, scalers, allocation), register an instance:
 * {@code @RegisterExtension static ResourceManagerExtension rm = ResourceManagerExtension.configure(b ->
 * b.interval(Duration.ofSeconds(1)).defaultAlertRules(false).alertRule(myRule).alertHandler(myHandler));}
 */
public final class ResourceManagerExtension implements ParameterResolver, AfterEachCallback {

  /** The instant the injected clock starts at: 2026-01-01T00:00:00Z. */
  public static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

  private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(ResourceManagerExtension.class);

  private final Consumer<ResourceManager.Builder> customizer;

  /** The extension with default settings (used by {@code @ExtendWith}). */
  public ResourceManagerExtension() {
    this(b -> {});
  }

  private ResourceManagerExtension(Consumer<ResourceManager.Builder> customizer) {
    this.customizer = customizer;
  }

  /** An extension that applies {@code customizer} to each test's builder after the fixture wiring. */
  public static ResourceManagerExtension configure(Consumer<ResourceManager.Builder> customizer) {
    return new ResourceManagerExtension(Objects.requireNonNull(customizer, "customizer"));
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    Class<?> type = parameter.getParameter().getType();
    return type == ResourceManager.class || type == ManualTicker.class || type == ManualScheduler.class
        || type == ScriptedSource.class || type == Clock.class || type == AlertPipeline.class
        || type == CollectingAlertHandler.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    Fixture fixture = context.getStore(NAMESPACE).getOrComputeIfAbsent(Fixture.class, k -> new Fixture(customizer), Fixture.class);
    Class<?> type = parameter.getParameter().getType();
    if (type == ResourceManager.class) {
      return fixture.manager;
    } else if (type == ManualTicker.class) {
      return fixture.ticker;
    } else if (type == ManualScheduler.class) {
      return fixture.scheduler;
    } else if (type == ScriptedSource.class) {
      return fixture.source;
    } else if (type == Clock.class) {
      return fixture.clock;
    } else if (type == AlertPipeline.class) {
      return fixture.manager.alerts();
    } else if (type == CollectingAlertHandler.class) {
      return fixture.collected();
    }
    throw new ParameterResolutionException("cannot resolve " + type);
  }

  @Override
  public void afterEach(ExtensionContext context) {
    Fixture fixture = context.getStore(NAMESPACE).remove(Fixture.class, Fixture.class);
    if (fixture != null) {
      fixture.manager.close();
    }
  }

  private static final class Fixture {
    final ManualTicker ticker = new ManualTicker();
    final ManualScheduler scheduler = new ManualScheduler(ticker);
    final Clock clock = ticker.clock(START);
    final ScriptedSource source = ScriptedSource.named("scripted");
    final ResourceManager manager;
    private final CollectingAlertHandler collected = new CollectingAlertHandler();
    private boolean subscribed;

    /** The collecting handler, subscribed the first time a test asks for it. */
    CollectingAlertHandler collected() {
      if (!subscribed) {
        manager.alerts().subscribe(collected, HandlerOptions.ofDefaults().withName("collected")
            .withQueueCapacity(100_000).withRateLimit(1_000_000, Duration.ofSeconds(1)));
        subscribed = true;
      }
      return collected;
    }

    Fixture(Consumer<ResourceManager.Builder> customizer) {
      ResourceManager.Builder builder = ResourceManager.custom()
          .ticker(ticker).scheduler(scheduler).clock(clock)
          .platformSources(false).source(source);
      customizer.accept(builder);
      this.manager = builder.build();
    }
  }
}
