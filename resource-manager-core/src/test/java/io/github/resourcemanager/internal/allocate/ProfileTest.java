package io.github.resourcemanager.internal.allocate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.resourcemanager.Internals;
import io.github.resourcemanager.ResourceManager;
import io.github.resourcemanager.allocate.Admission;
import io.github.resourcemanager.allocate.AgentSpec;
import io.github.resourcemanager.allocate.AgentStatus;
import io.github.resourcemanager.allocate.AllocationConfig;
import io.github.resourcemanager.allocate.AllocationEvent;
import io.github.resourcemanager.allocate.OverflowPolicy;
import io.github.resourcemanager.allocate.Profile;
import io.github.resourcemanager.allocate.Resource;
import io.github.resourcemanager.allocate.ResourceVector;
import io.github.resourcemanager.allocate.Resources;
import io.github.resourcemanager.allocate.TimeWindow;
import io.github.resourcemanager.test.ManualTicker;
import io.github.resourcemanager.test.ManualScheduler;
import io.github.resourcemanager.test.ResourceManagerExtension;
import io.github.resourcemanager.test.ScriptedSource;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class ProfileTest {

  /** One sample a minute keeps advancing by hours cheap. The clock starts at 2026-01-01T00:00Z. */
  @RegisterExtension
  static final ResourceManagerExtension fixtures = ResourceManagerExtension.configure(b -> b.interval(Duration.ofMinutes(1)));

  private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin"); // UTC+1 in January

  private static ResourceVector cpu(String cpu) {
    return ResourceVector.of(Resource.CPU, cpu);
  }

  private static AllocationConfig.Builder peakAndIdle() {
    return AllocationConfig.custom().machineCpus(8).globalLimits(cpu("2")).zone(BERLIN)
        .profile(Profile.during("peak", cpu("4"), "09:00-17:00"))
        .profile(Profile.during("idle", cpu("1"), "17:00-09:00"))
        .environment(name -> null);
  }

  private static MonitoredPool pool(ResourceManager rm, AllocationConfig config, EventLog log) {
    MonitoredPool pool = MonitoredPool.create(config, Internals.monitor(rm));
    rm.addListener(pool);
    log.listenTo(pool);
    return pool;
  }

  @Test
  void profilesSwitchAtTheirWindowsInTheConfiguredZoneAcrossMidnight(ResourceManager rm, ManualTicker ticker) {
    EventLog log = new EventLog();
    MonitoredPool pool = pool(rm, peakAndIdle().build(), log);
    assertThat(pool.activeProfile()).contains("idle"); // 01:00 in Berlin
    assertThat(pool.shares().global()).isEqualTo(cpu("1"));
    rm.start();
    ticker.advance(Duration.ofHours(8)); // 09:00 Berlin
    assertThat(pool.activeProfile()).contains("peak");
    ticker.advance(Duration.ofHours(8)); // 17:00 Berlin
    assertThat(pool.activeProfile()).contains("idle");
    ticker.advance(Duration.ofMinutes(7 * 60 + 30)); // 00:30 Berlin, the next day: the window crosses midnight
    assertThat(pool.activeProfile()).contains("idle");
    ticker.advance(Duration.ofMinutes(8 * 60 + 30)); // 09:00 Berlin
    assertThat(pool.activeProfile()).contains("peak");
    assertThat(log.lines(AllocationEvent.Type.PROFILE_CHANGED)).containsExactly(
        "profile peak active (was idle): global limits {cpu=4}",
        "profile idle active (was peak): global limits {cpu=1}",
        "profile peak active (was idle): global limits {cpu=4}");
    assertThat(log.events.get(0).time()).isEqualTo(ResourceManagerExtension.START.plus(Duration.ofHours(8)));
  }

  /** A manager sampling once a minute whose clock starts at {@code start}. */
  private static ResourceManager managerFrom(ManualTicker ticker, Instant start) {
    return ResourceManager.custom().ticker(ticker).scheduler(new ManualScheduler(ticker)).clock(ticker.clock(start))
        .platformSources(false).source(ScriptedSource.named("scripted")).interval(Duration.ofMinutes(1)).build();
  }

  private static AllocationConfig berlinProfile(String name, String window) {
    return AllocationConfig.custom().machineCpus(8).globalLimits(cpu("2")).zone(BERLIN)
        .profile(Profile.during(name, cpu("4"), window)).environment(n -> null).build();
  }

  /** The profile a pool built now selects. */
  private static java.util.Optional<String> builtNow(ResourceManager rm, AllocationConfig config) {
    try (MonitoredPool fresh = MonitoredPool.create(config, Internals.monitor(rm))) {
      return fresh.activeProfile();
    }
  }

  @Test
  void aWindowStartingInTheSkippedHourStartsAtTheInstantJavaTimeGivesItsStart() {
    // Europe/Berlin ZoneRules: on 2026-03-29 at 01:00Z the offset goes from +01:00 to +02:00 (the EU rule: last
    // Sunday of March, 01:00 UTC), so local 02:00-03:00 is skipped. ZonedDateTime.of(2026-03-29T02:30, Berlin)
    // shifts 02:30 later by the gap's length (1 h): 03:30+02:00 = 01:30Z. The end, 05:00+02:00, is 03:00Z.
    Instant opens = Instant.parse("2026-03-29T01:30:00Z");
    AllocationConfig config = berlinProfile("night", "02:30-05:00");
    ManualTicker ticker = new ManualTicker();
    try (ResourceManager rm = managerFrom(ticker, Instant.parse("2026-03-29T00:00:00Z"))) { // 01:00+01:00
      EventLog log = new EventLog();
      MonitoredPool running = pool(rm, config, log);
      assertThat(running.activeProfile()).isEmpty();
      rm.start();
      ticker.advance(Duration.ofHours(1)); // 01:00Z = 03:00+02:00: local time is past 02:30, the window not yet open
      assertThat(running.activeProfile()).isEmpty();
      assertThat(builtNow(rm, config)).isEmpty();
      ticker.advance(Duration.ofMinutes(29)); // 01:29Z
      assertThat(running.activeProfile()).isEmpty();
      assertThat(builtNow(rm, config)).isEmpty();
      ticker.advance(Duration.ofMinutes(1)); // 01:30Z
      assertThat(running.activeProfile()).contains("night");
      assertThat(builtNow(rm, config)).contains("night");
      ticker.advance(Duration.ofMinutes(90)); // 03:00Z = 05:00+02:00
      assertThat(running.activeProfile()).isEmpty();
      assertThat(builtNow(rm, config)).isEmpty();
      assertThat(log.events).extracting(e -> e.time()).containsExactly(opens, Instant.parse("2026-03-29T03:00:00Z"));
    }
  }

  @Test
  void aWindowEndingInTheRepeatedHourEndsAtTheEarlierOffsetAndDoesNotReopenWhenTheHourRepeats() {
    // Europe/Berlin ZoneRules: on 2026-10-25 at 01:00Z the offset goes from +02:00 back to +01:00 (the EU rule: last
    // Sunday of October, 01:00 UTC), so local 02:00-03:00 happens twice: 00:00Z-01:00Z at +02:00 and 01:00Z-02:00Z
    // at +01:00. Start 01:30+02:00 = 2026-10-24T23:30Z; ZonedDateTime.of(2026-10-25T02:30, Berlin) takes the earlier
    // offset: 02:30+02:00 = 00:30Z. From 01:00Z the local time (02:00+01:00) is between 01:30 and 02:30 again, but
    // the day's window has ended.
    AllocationConfig config = berlinProfile("late", "01:30-02:30");
    ManualTicker ticker = new ManualTicker();
    try (ResourceManager rm = managerFrom(ticker, Instant.parse("2026-10-24T23:00:00Z"))) { // 01:00+02:00
      EventLog log = new EventLog();
      MonitoredPool running = pool(rm, config, log);
      rm.start();
      ticker.advance(Duration.ofMinutes(30)); // 23:30Z
      assertThat(running.activeProfile()).contains("late");
      ticker.advance(Duration.ofMinutes(60)); // 00:30Z = 02:30+02:00
      assertThat(running.activeProfile()).isEmpty();
      ticker.advance(Duration.ofMinutes(30)); // 01:00Z = 02:00+01:00
      assertThat(running.activeProfile()).isEmpty();
      assertThat(builtNow(rm, config)).isEmpty();
      ticker.advance(Duration.ofMinutes(10)); // 01:10Z = 02:10+01:00
      assertThat(running.activeProfile()).isEmpty();
      assertThat(builtNow(rm, config)).isEmpty();
      assertThat(log.events).extracting(e -> e.time())
          .containsExactly(Instant.parse("2026-10-24T23:30:00Z"), Instant.parse("2026-10-25T00:30:00Z"));
    }
  }

  @Test
  void aWindowStartingInTheRepeatedHourStartsAtTheEarlierOffsetAndHoldsThroughTheRepeat() {
    // As above, 2026-10-25 repeats local 02:00-03:00. ZonedDateTime.of(2026-10-25T02:15, Berlin) takes the earlier
    // offset: 02:15+02:00 = 00:15Z; the end 04:00+01:00 = 03:00Z. From 01:00Z to 01:15Z the local time (02:00 to
    // 02:15 at +01:00) is before 02:15, yet the window, opened at 00:15Z, holds.
    AllocationConfig config = berlinProfile("early", "02:15-04:00");
    ManualTicker ticker = new ManualTicker();
    try (ResourceManager rm = managerFrom(ticker, Instant.parse("2026-10-25T00:00:00Z"))) { // 02:00+02:00
      EventLog log = new EventLog();
      MonitoredPool running = pool(rm, config, log);
      assertThat(running.activeProfile()).isEmpty();
      rm.start();
      ticker.advance(Duration.ofMinutes(15)); // 00:15Z = 02:15+02:00
      assertThat(running.activeProfile()).contains("early");
      ticker.advance(Duration.ofMinutes(50)); // 01:05Z = 02:05+01:00
      assertThat(running.activeProfile()).contains("early");
      assertThat(builtNow(rm, config)).contains("early");
      ticker.advance(Duration.ofMinutes(115)); // 03:00Z = 04:00+01:00
      assertThat(running.activeProfile()).isEmpty();
      assertThat(log.events).extracting(e -> e.time())
          .containsExactly(Instant.parse("2026-10-25T00:15:00Z"), Instant.parse("2026-10-25T03:00:00Z"));
    }
  }

  @Test
  void aProfileSwitchGoesThroughTheSamePathAsAnyChange(ResourceManager rm, ManualTicker ticker) {
    EventLog log = new EventLog();
    MonitoredPool pool = pool(rm, peakAndIdle().overflow(OverflowPolicy.ofDefaults().withMaxWaitTime(Duration.ofHours(12))).build(), log);
    Admission big = pool.admit(AgentSpec.custom("big").resources(Resources.requests(cpu("3"))).build());
    assertThat(big.state()).isEqualTo(AgentStatus.State.QUEUED); // fits only the peak profile
    rm.start();
    ticker.advance(Duration.ofHours(8));
    assertThat(pool.admitted()).containsExactly("big");
    assertThat(log.lines()).containsExactly(
        "QUEUED big: waiting for cpu: requests 3, 1 free of project \"default\" share 1",
        "PROFILE_CHANGED: profile peak active (was idle): global limits {cpu=4}",
        "ADMITTED big: admitted after waiting 28800 s");
    assertThat(log.shares.get(log.shares.size() - 1).global()).isEqualTo(cpu("4"));
    assertThat(log.shares.get(log.shares.size() - 1).profile()).contains("peak");
  }

  @Test
  void anEnvironmentVariableChoosesTheProfileWhateverTheTime(ResourceManager rm) {
    AllocationConfig config = AllocationConfig.custom().machineCpus(8).globalLimits(cpu("2"))
        .profile(Profile.of("dev", cpu("4800m"))).profile(Profile.of("ci", cpu("7200m")))
        .environment(Map.of("RESOURCE_PROFILE", "ci")::get).build();
    assertThat(config.selectedProfile()).contains("ci");
    MonitoredPool pool = pool(rm, config, new EventLog());
    assertThat(pool.activeProfile()).contains("ci");
    assertThat(pool.shares().global()).isEqualTo(cpu("7200m"));
  }

  @Test
  void theEnvironmentVariableNameIsConfigurableAndWinsOverTheConfiguredProfile() {
    AllocationConfig config = AllocationConfig.custom().machineCpus(8)
        .profile(Profile.of("dev", cpu("1"))).profile(Profile.of("ci", cpu("2"))).activeProfile("dev")
        .profileVariable("DEVLOOP_RESOURCE_PROFILE").environment(Map.of("DEVLOOP_RESOURCE_PROFILE", "ci")::get).build();
    assertThat(config.selectedProfile()).contains("ci");
  }

  @Test
  void anEnvironmentVariableNamingNoProfileIsRejected() {
    assertThatThrownBy(() -> AllocationConfig.custom().machineCpus(8).profile(Profile.of("dev", cpu("1")))
        .profile(Profile.of("ci", cpu("2"))).environment(Map.of("RESOURCE_PROFILE", "prod")::get).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("environment variable RESOURCE_PROFILE=prod names no profile; known profiles: [dev, ci]");
  }

  @Test
  void windowsContainTheirStartButNotTheirEnd() {
    TimeWindow day = TimeWindow.parse("09:00-17:00");
    assertThat(day.contains(LocalTime.of(9, 0))).isTrue();
    assertThat(day.contains(LocalTime.of(16, 59))).isTrue();
    assertThat(day.contains(LocalTime.of(17, 0))).isFalse();
    TimeWindow night = TimeWindow.parse("17:00-09:00");
    assertThat(night.crossesMidnight()).isTrue();
    assertThat(night.contains(LocalTime.of(23, 59))).isTrue();
    assertThat(night.contains(LocalTime.MIDNIGHT)).isTrue();
    assertThat(night.contains(LocalTime.of(8, 59))).isTrue();
    assertThat(night.contains(LocalTime.of(12, 0))).isFalse();
    TimeWindow evening = TimeWindow.parse("18:00-24:00");
    assertThat(evening.contains(LocalTime.of(23, 59))).isTrue();
    assertThat(evening.contains(LocalTime.of(0, 0))).isFalse();
    assertThat(evening.toString()).isEqualTo("18:00-24:00");
  }

  @Test
  void malformedWindowsAreRejectedWithTheForm() {
    assertThatThrownBy(() -> TimeWindow.parse("9-17")).hasMessage(
        "time window \"9-17\" is not allowed; use HH:mm-HH:mm, e.g. 09:00-17:00 or 17:00-09:00 (crossing midnight)");
    assertThatThrownBy(() -> TimeWindow.parse("09:00-09:00"))
        .hasMessage("time window 09:00-09:00 is empty; start and end must differ");
  }
}
