package io.github.resourcemanager.dashboard;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Locale;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The dashboard's request checks, apart from the HTTP plumbing so they can be specified on their own.
 *
 * <ul>
 *   <li>{@code Host} must name this dashboard (a loopback name, the bind address or an allowed host, with its
 *       port): a page of another site that had its name re-pointed at 127.0.0.1 (DNS rebinding) is refused.</li>
 *   <li>A state change must not come from another origin: an {@code Origin} header, when present, must be this
 *       dashboard's own.</li>
 *   <li>A state change must carry the dashboard's token, which only its own page knows (it is in the page, and
 *       other sites cannot read the page), so a cross-site form or script cannot make one.</li>
 * </ul>
 *
 * Immutable and thread-safe.
 */
final class RequestGuard {

  /** The header that carries the token. */
  static final String TOKEN_HEADER = "X-Dashboard-Token";

  private final Set<String> hostNames;
  private final int port;
  private final byte[] token;

  RequestGuard(Set<String> hostNames, int port, String token) {
    this.hostNames = Set.copyOf(hostNames);
    this.port = port;
    this.token = token.getBytes(StandardCharsets.US_ASCII);
  }

  /** Whether a {@code Host} header (host, optional port) names this dashboard. */
  boolean isOwnHost(@Nullable String hostHeader) {
    if (hostHeader == null || hostHeader.isEmpty()) {
      return false;
    }
    String host;
    int requestPort;
    String h = hostHeader.trim().toLowerCase(Locale.ROOT);
    if (h.startsWith("[")) {
      int close = h.indexOf(']');
      if (close < 0) {
        return false;
      }
      host = h.substring(0, close + 1);
      String rest = h.substring(close + 1);
      if (rest.isEmpty()) {
        requestPort = 80;
      } else if (rest.startsWith(":")) {
        requestPort = parsePort(rest.substring(1));
      } else {
        return false;
      }
    } else {
      int colon = h.lastIndexOf(':');
      if (colon < 0) {
        host = h;
        requestPort = 80;
      } else {
        host = h.substring(0, colon);
        requestPort = parsePort(h.substring(colon + 1));
      }
    }
    return requestPort == port && hostNames.contains(host);
  }

  /** Whether an {@code Origin} header is absent (same-origin navigation, non-browser clients) or this dashboard's. */
  boolean isOwnOrigin(@Nullable String originHeader) {
    if (originHeader == null) {
      return true;
    }
    URI origin;
    try {
      origin = new URI(originHeader.trim());
    } catch (URISyntaxException e) {
      return false;
    }
    if (!"http".equalsIgnoreCase(origin.getScheme()) || origin.getHost() == null
        || (origin.getRawPath() != null && !origin.getRawPath().isEmpty()) || origin.getRawQuery() != null
        || origin.getRawUserInfo() != null) {
      return false;
    }
    int originPort = origin.getPort() == -1 ? 80 : origin.getPort();
    return originPort == port && hostNames.contains(origin.getHost().toLowerCase(Locale.ROOT));
  }

  /** Whether {@code presented} is this dashboard's token; compared in constant time. */
  boolean isToken(@Nullable String presented) {
    return presented != null && MessageDigest.isEqual(token, presented.getBytes(StandardCharsets.US_ASCII));
  }

  private static int parsePort(String text) {
    if (text.isEmpty() || text.length() > 5) {
      return -1;
    }
    for (int i = 0; i < text.length(); i++) {
      if (text.charAt(i) < '0' || text.charAt(i) > '9') {
        return -1;
      }
    }
    return Integer.parseInt(text);
  }
}
