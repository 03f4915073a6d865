package io.github.resourcemanager.internal.scale;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The controller's TestStoreScaleEvents: how applied scale events are stored, reused and counted. */
class ScaleEventsTest {
  private static final long SECOND = 1_000_000_000L;
  private static final long NOW = 1000 * SECOND;

  private static ScaleEvents events(long[]... secondsAgoAndChange) {
    ScaleEvents events = new ScaleEvents(2);
    for (long[] e : secondsAgoAndChange) {
      events.add(NOW - e[0] * SECOND, (int) e[1], false);
    }
    return events;
  }

  private static String contents(ScaleEvents events) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < events.size(); i++) {
      sb.append(events.change(i)).append(events.outdated(i) ? "(outdated) " : " ");
    }
    return sb.toString().trim();
  }

  @Test
  void firstEventIsAppended() {
    ScaleEvents events = events();
    assertThat(events.changeAfter(NOW - 60 * SECOND)).isZero();
    events.store(NOW, 60 * SECOND, 5);
    assertThat(contents(events)).isEqualTo("5");
  }

  @Test
  void eventOlderThanTheLongestPeriodIsReplaced() {
    ScaleEvents events = events(new long[] {61, 7});
    assertThat(events.changeAfter(NOW - 60 * SECOND)).isZero();
    events.store(NOW, 60 * SECOND, 5);
    assertThat(contents(events)).isEqualTo("5");
  }

  @Test
  void eventWithinThePeriodIsKept() {
    ScaleEvents events = events(new long[] {58, 7});
    assertThat(events.changeAfter(NOW - 60 * SECOND)).isEqualTo(7);
    events.store(NOW, 60 * SECOND, 5);
    assertThat(contents(events)).isEqualTo("7 5");
  }

  @Test
  void onlyTheOutdatedOfTwoEventsIsReplaced() {
    ScaleEvents events = events(new long[] {61, 7}, new long[] {59, 6});
    assertThat(events.changeAfter(NOW - 60 * SECOND)).isEqualTo(6);
    events.store(NOW, 60 * SECOND, 5);
    assertThat(contents(events)).isEqualTo("5 6");
  }

  @Test
  void lastOutdatedEventIsReusedAndEarlierOnesStayMarked() {
    ScaleEvents events = events(new long[] {29, 8}, new long[] {59, 6}, new long[] {61, 7}, new long[] {61, 9});
    assertThat(events.changeAfter(NOW - 60 * SECOND)).isEqualTo(14);
    events.store(NOW, 60 * SECOND, 5); // the longest of policies with 60 s and 30 s periods
    assertThat(contents(events)).isEqualTo("8 6 7(outdated) 5");
  }

  @Test
  void eventsWithinTheLongestPeriodAreAllKept() {
    ScaleEvents events = events(new long[] {58, 7}, new long[] {59, 6});
    assertThat(events.changeAfter(NOW - 60 * SECOND)).isEqualTo(13);
    events.store(NOW, 120 * SECOND, 5);
    assertThat(contents(events)).isEqualTo("7 6 5");
  }

  @Test
  void eventExactlyAtTheCutoffIsNeitherCountedNorOutdated() {
    ScaleEvents events = events(new long[] {60, 7});
    assertThat(events.changeAfter(NOW - 60 * SECOND)).isZero();
    events.store(NOW, 60 * SECOND, 5);
    assertThat(contents(events)).isEqualTo("7 5");
  }
}
