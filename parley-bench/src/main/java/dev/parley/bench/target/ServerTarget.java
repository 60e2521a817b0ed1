package dev.parley.bench.target;

import java.net.URI;

/**
 * The server under test: where it listens, and its process id when the bench can see it (spawned by
 * the bench, or given with {@code --server-pid}); 0 means unknown, and then no server CPU/RSS is
 * reported.
 */
public record ServerTarget(URI httpUri, long pid) {

  /** {@code ws://host:port/v1/ws} for an {@code http://host:port} base. */
  public URI wsUri(String path) {
    String scheme = "https".equals(httpUri.getScheme()) ? "wss" : "ws";
    return URI.create(scheme + "://" + httpUri.getHost() + ":" + httpUri.getPort() + path);
  }

  public ProcessStats stats() {
    return pid > 0 ? ProcessStats.of(pid) : new ProcessStats(0, 0, 0, 0);
  }
}
