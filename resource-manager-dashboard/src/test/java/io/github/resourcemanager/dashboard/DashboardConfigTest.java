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
    assertThat(DashboardConfig.custom().bindAddress("10.1.2.3").build().acceptedHostNames())
        .containsExactly("localhost", "127.0.0.1", "[::1]", "10.1.2.3");
    assertThat(DashboardConfig.custom().bindAddress("0.0.0.0").build().acceptedHostNames())
        .as("the wildcard is no host name").containsExactly("localhost", "127.0.0.1", "[::1]");
    for (String bad : List.of("localhost", "example.org", "256.1.1.1", "1.2.3", "", ":::::z")) {
      assertThatThrownBy(() -> DashboardConfig.custom().bindAddress(bad)).as(bad)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("bindAddress must be an IPv4 or IPv6 literal such as 127.0.0.1, ::1 or 0.0.0.0, was \"" + bad + "\"");
    }
    assertThatThrownBy(() -> DashboardConfig.custom().bindAddress((String) null))
        .hasMessage("bindAddress must be an IPv4 or IPv6 literal such as 127.0.0.1, ::1 or 0.0.0.0, was null");
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
        .hasMessage("bindAddress must not be null; use an IP address such as 127.0.0.1");
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
