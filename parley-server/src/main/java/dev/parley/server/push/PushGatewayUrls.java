package dev.parley.server.push;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** The {@code --push-gateways} entries, {@code name=url}: which names devices may register with. */
public final class PushGatewayUrls {
  private static final Pattern NAME = Pattern.compile("[a-z0-9_-]{1,32}");

  private PushGatewayUrls() {}

  /** Whether {@code entry} is {@code name=http(s)://...} with a valid name. */
  public static boolean isEntry(String entry) {
    int eq = entry.indexOf('=');
    if (eq < 0 || !NAME.matcher(entry.substring(0, eq)).matches()) {
      return false;
    }
    try {
      URI uri = URI.create(entry.substring(eq + 1));
      return ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
          && uri.getHost() != null;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /** Name → URL of valid entries (the option's check has refused others). */
  public static Map<String, URI> parse(List<String> entries) {
    Map<String, URI> out = new LinkedHashMap<>();
    for (String entry : entries) {
      int eq = entry.indexOf('=');
      out.put(entry.substring(0, eq), URI.create(entry.substring(eq + 1)));
    }
    return out;
  }
}
