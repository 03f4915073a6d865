package io.github.resourcemanager.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.jna.Native;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DockerConfigTest {

  @Test
  void theEngineAddressComesFromDockerHostElseTheDefaultSocket() {
    assertThat(DockerConfig.custom(Map.of("DOCKER_HOST", "tcp://10.0.0.5:2375")).build().dockerHost())
        .hasToString("tcp://10.0.0.5:2375");
    assertThat(DockerConfig.custom(Map.of()).build().dockerHost()).hasToString("unix:///var/run/docker.sock");
  }

  @Test
  void badSettingsAreRejectedByName() {
    assertThatThrownBy(() -> DockerConfig.custom(Map.of()).dockerHost("http://x").build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("dockerHost \"http://x\" has scheme http; allowed schemes: unix, tcp, npipe (unix:///path/to/"
            + "docker.sock, tcp://host:port (optionally followed by a path prefix such as /v1), npipe:////./pipe/name)");
    assertThatThrownBy(() -> DockerConfig.custom(Map.of()).statsTimeout(Duration.ZERO).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("statsTimeout");
    assertThatThrownBy(() -> DockerConfig.custom(Map.of()).eventsRetryDelay(Duration.ofSeconds(20)).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("eventsMaxRetryDelay PT10S must be at least eventsRetryDelay PT20S");
  }

  @Test
  void engineAddressesAreCheckedStrictlyNamingWhereTheyCameFrom() {
    String allowed = "allowed: unix:///path/to/docker.sock, tcp://host:port (optionally followed by a path prefix such "
        + "as /v1), npipe:////./pipe/name";
    assertThatThrownBy(() -> DockerConfig.custom(Map.of("DOCKER_HOST", "tcp://10.0.0.5:2375\n")).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("DOCKER_HOST (environment) \"tcp://10.0.0.5:2375\n\" has whitespace around it; " + allowed);
    assertThatThrownBy(() -> DockerConfig.custom(Map.of()).dockerHost("tcp://10.0.0.5").build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("dockerHost \"tcp://10.0.0.5\" needs a host and a port (tcp://host:port); " + allowed);
    assertThatThrownBy(() -> DockerConfig.custom(Map.of()).dockerHost("unix:///var/run/docker.sock?x=1").build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("dockerHost \"unix:///var/run/docker.sock?x=1\" has a query, which the engine address cannot "
            + "have; " + allowed);
    assertThatThrownBy(() -> DockerConfig.custom(Map.of()).dockerHost("unix://var/run/docker.sock").build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("dockerHost \"unix://var/run/docker.sock\" names a host (var); a unix address is a path: "
            + "unix:///path; " + allowed);
    assertThatThrownBy(() -> DockerConfig.custom(Map.of()).dockerHost("unix://").build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("dockerHost \"unix://\" ");
    assertThatThrownBy(() -> DockerConfig.custom(Map.of()).dockerHost("tcp://u:p@h:2375").build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("dockerHost \"tcp://u:p@h:2375\" has a user info, which the engine address cannot have; " + allowed);
    assertThat(DockerConfig.custom(Map.of()).dockerHost("tcp://127.0.0.1:2375/v1").build().dockerHost())
        .hasToString("tcp://127.0.0.1:2375/v1");
    assertThat(DockerConfig.custom(Map.of()).dockerHost("npipe:////./pipe/docker_engine").build().dockerHost())
        .hasToString("npipe:////./pipe/docker_engine");
  }

  @Test
  void jnaComesOnlyFromJnaJpmsSoTheUnixSocketUsesTheVersionOshiUses() {
    String jar = Native.class.getProtectionDomain().getCodeSource().getLocation().toString();

    assertThat(jar).contains("jna-jpms-5.19.1");
    assertThat(System.getProperty("java.class.path")).doesNotContainPattern("[/\\\\]jna-[0-9]");
  }

  @Test
  void resultsDescribeWhatHappened() {
    ContainerLimits l = ContainerLimits.parse("4g", "2");
    assertThat(new ApplyResult("a", l, ApplyResult.Outcome.APPLIED_LIVE, false, java.util.Optional.empty(),
        java.util.Optional.of("id")).describe()).isEqualTo("applied live");
    assertThat(new ApplyResult("a", l, ApplyResult.Outcome.RECREATED, true, java.util.Optional.empty(),
        java.util.Optional.of("id")).describe()).isEqualTo("recreated, restarted");
    assertThat(new ApplyResult("a", l, ApplyResult.Outcome.PENDING, false, java.util.Optional.of("engine down"),
        java.util.Optional.empty()).describe()).isEqualTo("pending (engine down)");
  }
}
