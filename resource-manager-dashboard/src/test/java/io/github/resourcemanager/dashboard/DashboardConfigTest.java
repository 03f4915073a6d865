package io.github.resourcemanager.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class DashboardConfigTest {

  @Test
  void defaultsBindTheLoopbackAddressOnAFreePort() {
    DashboardConfig config = DashboardConfig.ofDefaults();
    assertThat(config.bindAddress().getHostAddress()).isEqualTo("127.0.0.1");
    assertThat(config.port()).isZero();
    assertThat(config.historyWindow()).isEqualTo(Duration.ofMinutes(10));
    assertThat(config.maxClients()).isEqualTo(8);
    assertThat(config.heartbeat()).isEqualTo(Duration.ofSeconds(15));
    assertThat(config.decisions()).isEqualTo(10);
    assertThat(config.acknowledgedBy()).isEqualTo("dashboard");
    assertThat(config.allowedHosts()).isEmpty();
    assertThat(config.acceptedHostNames()).containsExactly("localhost", "127.0.0.1", "[::1]");
  }

  @Test
  void everyPortFrom0To65535IsAccepted() {
    qt().forAll(integers().between(0, 65_535))
        .checkAssert(port -> assertThat(DashboardConfig.custom().port(port).build().port()).isEqualTo(port));
  }

  @Test
  void portsOutsideTheRangeAreRejectedNamingTheValue() {
    qt().forAll(integers().between(Integer.MIN_VALUE, -1).mix(integers().between(65_536, Integer.MAX_VALUE)))
        .checkAssert(port -> assertThatThrownBy(() -> DashboardConfig.custom().port(port))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessage("port must be between 0 and 65535 (0: any free port), was " + port));
  }

  @Test
  void bindAddressIsAnIpLiteral() {
    assertThat(DashboardConfig.custom().bindAddress("::1").build().acceptedHostNames())
        .containsExactly("localhost", "127.0.0.1", "[::1]");
    assertThat(DashboardConfig.custom().bindAddress("10.1.2.3").allowedHost("build-box").build().acceptedHostNames())
        .containsExactly("localhost", "127.0.0.1", "[::1]", "10.1.2.3", "build-box");
    assertThat(DashboardConfig.custom().bindAddress("0.0.0.0").allowedHost("build-box").build().acceptedHostNames())
        .as("the wildcard is no host name").containsExactly("localhost", "127.0.0.1", "[::1]", "build-box");
    for (String bad : List.of("localhost", "example.org", "256.1.1.1", "1.2.3", "", ":::::z")) {
      assertThatThrownBy(() -> DashboardConfig.custom().bindAddress(bad)).as(bad)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("bindAddress must be an IPv4 or IPv6 literal such as 127.0.0.1, ::1 or 0.0.0.0, was \"" + bad + "\"");
    }
    assertThatThrownBy(() -> DashboardConfig.custom().bindAddress((String) null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("address");
  }

  @Test
  void aNonLoopbackBindAddressNeedsAnAllowedHostAndThePageIsNamedByTheFirst() {
    for (String address : List.of("0.0.0.0", "10.1.2.3", "::")) {
      assertThatThrownBy(() -> DashboardConfig.custom().bindAddress(address).build()).as(address)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageStartingWith("bindAddress " + (address.equals("::") ? "::" : address) + " is not a loopback "
              + "address, so other machines can reach the dashboard: name the hosts it will be opened at with "
              + "allowedHost");
    }
    DashboardConfig wildcard = DashboardConfig.custom().bindAddress("0.0.0.0").allowedHost("Build-Box")
        .allowedHost("10.0.0.5").build();
    assertThat(wildcard.isLoopbackOnly()).isFalse();
    assertThat(wildcard.publicHost()).isEqualTo("build-box");
    for (String loopback : List.of("127.0.0.1", "127.0.0.2", "::1")) {
      DashboardConfig local = DashboardConfig.custom().bindAddress(loopback).build();
      assertThat(local.isLoopbackOnly()).as(loopback).isTrue();
      assertThat(local.publicHost()).isEqualTo(loopback.equals("::1") ? "[::1]" : loopback);
    }
  }

  @Test
  void requestTimeoutAndStreamsPerClientAreBounded() {
    DashboardConfig defaults = DashboardConfig.ofDefaults();
    assertThat(defaults.requestTimeout()).isEqualTo(Duration.ofSeconds(10));
    assertThat(defaults.maxStreamsPerClient()).isEqualTo(4);
    assertThat(DashboardConfig.custom().requestTimeout(Duration.ofMillis(100)).maxStreamsPerClient(256).build())
        .extracting(DashboardConfig::requestTimeout, DashboardConfig::maxStreamsPerClient)
        .containsExactly(Duration.ofMillis(100), 256);
    for (Duration bad : new Duration[] {Duration.ofMillis(99), Duration.ofMinutes(5).plusMillis(1), Duration.ZERO}) {
      assertThatThrownBy(() -> DashboardConfig.custom().requestTimeout(bad)).as(String.valueOf(bad))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("requestTimeout must be between 100 ms (PT0.1S) and 5 minutes (PT5M), was " + bad);
    }
    assertThatThrownBy(() -> DashboardConfig.custom().requestTimeout(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("timeout");
    for (int bad : new int[] {0, -1, 257}) {
      assertThatThrownBy(() -> DashboardConfig.custom().maxStreamsPerClient(bad))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("maxStreamsPerClient must be between 1 and 256, was " + bad);
    }
  }

  @Test
  void ipv6BindAddressesAreNamedAsBrowsersWriteThem() throws Exception {
    assertThat(DashboardConfig.hostLiteral(java.net.InetAddress.getByName("::1"))).isEqualTo("[::1]");
    assertThat(DashboardConfig.hostLiteral(java.net.InetAddress.getByName("FD00:0:0:0:0:0:0:5"))).isEqualTo("[fd00::5]");
    assertThat(DashboardConfig.hostLiteral(java.net.InetAddress.getByName("2001:db8:0:0:1:0:0:1")))
        .as("the first of two equally long runs").isEqualTo("[2001:db8::1:0:0:1]");
    assertThat(DashboardConfig.hostLiteral(java.net.InetAddress.getByName("2001:db8:0:1:1:1:1:1")))
        .as("a single zero group stays").isEqualTo("[2001:db8:0:1:1:1:1:1]");
    assertThat(DashboardConfig.hostLiteral(java.net.InetAddress.getByName("::"))).isEqualTo("[::]");
    assertThat(DashboardConfig.hostLiteral(java.net.InetAddress.getByName("1:0:0:0:0:0:0:0"))).isEqualTo("[1::]");
    assertThat(DashboardConfig.hostLiteral(java.net.InetAddress.getByName("10.1.2.3"))).isEqualTo("10.1.2.3");
  }

  @Test
  void allowedHostsAreAddedLowercase() {
    DashboardConfig config = DashboardConfig.custom().allowedHost("Build-Box").allowedHost("[fd00::5]").build();
    assertThat(config.allowedHosts()).containsExactly("build-box", "[fd00::5]");
    assertThat(config.acceptedHostNames()).containsExactly("localhost", "127.0.0.1", "[::1]", "build-box", "[fd00::5]");
    for (String bad : List.of("build-box:8080", "http://build-box", "", "a b")) {
      assertThatThrownBy(() -> DashboardConfig.custom().allowedHost(bad)).as(bad)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("allowedHost must be a host name or IP literal without port (build-box, 10.0.0.5, [fd00::5]), was \""
              + bad + "\"");
    }
  }

  @Test
  void otherSettingsAreValidatedNamingTheFieldAndTheAllowedRange() {
    assertThatThrownBy(() -> DashboardConfig.custom().historyWindow(Duration.ZERO))
        .hasMessage("historyWindow must be positive and at most 24 hours (PT24H), was PT0S");
    assertThatThrownBy(() -> DashboardConfig.custom().historyWindow(Duration.ofHours(25)))
        .hasMessage("historyWindow must be positive and at most 24 hours (PT24H), was PT25H");
    assertThatThrownBy(() -> DashboardConfig.custom().maxClients(0))
        .hasMessage("maxClients must be between 1 and 256, was 0");
    assertThatThrownBy(() -> DashboardConfig.custom().maxClients(257))
        .hasMessage("maxClients must be between 1 and 256, was 257");
    assertThatThrownBy(() -> DashboardConfig.custom().heartbeat(Duration.ofMillis(99)))
        .hasMessage("heartbeat must be between 100 ms (PT0.1S) and 10 minutes (PT10M), was PT0.099S");
    assertThatThrownBy(() -> DashboardConfig.custom().decisions(-1))
        .hasMessage("decisions must be between 0 and 1000, was -1");
    assertThatThrownBy(() -> DashboardConfig.custom().acknowledgedBy(" "))
        .hasMessage("acknowledgedBy must not be blank, was \" \"");
    assertThatThrownBy(() -> DashboardConfig.custom().bindAddress((java.net.InetAddress) null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("address");
    assertThatThrownBy(() -> DashboardConfig.custom().historyWindow(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("window");
    assertThatThrownBy(() -> DashboardConfig.custom().heartbeat(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("heartbeat");
    assertThatThrownBy(() -> DashboardConfig.custom().acknowledgedBy(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("by");
    assertThatThrownBy(() -> DashboardConfig.custom().allowedHost(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("host");
  }

  @Test
  void aRejectedValueLeavesTheBuilderAsItWas() {
    DashboardConfig.Builder builder = DashboardConfig.custom().port(8080).maxClients(3);
    assertThatThrownBy(() -> builder.port(-1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> builder.maxClients(0)).isInstanceOf(IllegalArgumentException.class);
    DashboardConfig config = builder.build();
    assertThat(config.port()).isEqualTo(8080);
    assertThat(config.maxClients()).isEqualTo(3);
  }
}
