package io.github.resourcemanager.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;

class RequestGuardTest {

  private static final String TOKEN = "k3yK3yk3yK3yk3yK3yk3yK3yk3yK3yk3yK3yk3yK3yk";
  private final RequestGuard guard = new RequestGuard(Set.of("localhost", "127.0.0.1", "[::1]", "build-box"), 8080, TOKEN);

  @Test
  void hostMustNameAnAcceptedHostWithTheDashboardsPort() {
    assertThat(guard.isOwnHost("127.0.0.1:8080")).isTrue();
    assertThat(guard.isOwnHost("localhost:8080")).isTrue();
    assertThat(guard.isOwnHost("LOCALHOST:8080")).isTrue();
    assertThat(guard.isOwnHost("[::1]:8080")).isTrue();
    assertThat(guard.isOwnHost("build-box:8080")).isTrue();
  }

  @Test
  void hostNamingAnotherNameOrPortIsRefused() {
    assertThat(guard.isOwnHost("evil.example:8080")).isFalse();
    assertThat(guard.isOwnHost("localhost.evil.example:8080")).isFalse();
    assertThat(guard.isOwnHost("127.0.0.1:8081")).isFalse();
    assertThat(guard.isOwnHost("127.0.0.1")).as("no port means 80").isFalse();
    assertThat(guard.isOwnHost("127.0.0.1:")).isFalse();
    assertThat(guard.isOwnHost("127.0.0.1:80a")).isFalse();
    assertThat(guard.isOwnHost("[::1]8080")).isFalse();
    assertThat(guard.isOwnHost("[::1")).isFalse();
    assertThat(guard.isOwnHost("")).isFalse();
    assertThat(guard.isOwnHost(null)).isFalse();
  }

  @Test
  void hostWithoutPortIsAcceptedOnPort80() {
    RequestGuard on80 = new RequestGuard(Set.of("localhost"), 80, TOKEN);
    assertThat(on80.isOwnHost("localhost")).isTrue();
    assertThat(on80.isOwnHost("localhost:80")).isTrue();
  }

  @Test
  void originMayBeAbsentOrThisDashboards() {
    assertThat(guard.isOwnOrigin(null)).isTrue();
    assertThat(guard.isOwnOrigin("http://127.0.0.1:8080")).isTrue();
    assertThat(guard.isOwnOrigin("http://localhost:8080")).isTrue();
    assertThat(guard.isOwnOrigin("http://[::1]:8080")).isTrue();
  }

  @Test
  void anyOtherOriginIsForeign() {
    assertThat(guard.isOwnOrigin("http://evil.example")).isFalse();
    assertThat(guard.isOwnOrigin("null")).isFalse();
    assertThat(guard.isOwnOrigin("")).isFalse();
    assertThat(guard.isOwnOrigin("https://127.0.0.1:8080")).isFalse();
    assertThat(guard.isOwnOrigin("http://127.0.0.1:8081")).isFalse();
    assertThat(guard.isOwnOrigin("http://127.0.0.1")).isFalse();
    assertThat(guard.isOwnOrigin("http://127.0.0.1:8080/path")).isFalse();
    assertThat(guard.isOwnOrigin("http://user@127.0.0.1:8080")).isFalse();
    assertThat(guard.isOwnOrigin("http://127.0.0.1.evil.example:8080")).isFalse();
    assertThat(guard.isOwnOrigin("not a uri")).isFalse();
  }

  @Test
  void onlyTheExactTokenIsAccepted() {
    assertThat(guard.isToken(TOKEN)).isTrue();
    assertThat(guard.isToken(TOKEN.substring(1))).isFalse();
    assertThat(guard.isToken(TOKEN + "x")).isFalse();
    assertThat(guard.isToken(TOKEN.toUpperCase())).isFalse();
    assertThat(guard.isToken("")).isFalse();
    assertThat(guard.isToken(null)).isFalse();
  }
}
