package dev.parley.bench.target;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Registers users and logs in devices over the HTTP API, optionally remembering them in a TSV file.
 *
 * <p>Why a cache: the server hashes passwords with Argon2id (about 50 ms of CPU per registration
 * and per login), so 20,000 devices cost minutes of server CPU. With a cache file next to a reused
 * server data directory, a second run logs in nothing and starts at once. Tokens stay valid until
 * their device is revoked, so reuse is safe as long as the data directory is the same one.
 */
public final class Accounts implements AutoCloseable {
  private static final int MAX_LOGIN_ATTEMPTS = 8;
  private static final long MAX_LOGIN_WAIT_MS = 5_000;

  /** Every bench user has this password; handles are what tell them apart. */
  public static final String PASSWORD = "bench-password-1";

  private final URI base;
  private final Path cacheFile;
  private final HttpClient http = HttpClient.newHttpClient();
  private final ObjectMapper json = new ObjectMapper();
  private final ExecutorService pool;
  private final Map<String, BenchDevice> cached = new ConcurrentHashMap<>();
  private final Map<String, CompletableFuture<Void>> registrations = new ConcurrentHashMap<>();

  /** {@code cacheFile} may be null (no reuse across runs). */
  public Accounts(URI base, Path cacheFile, int threads) {
    this.base = base;
    this.cacheFile = cacheFile;
    this.pool = Executors.newFixedThreadPool(threads);
    if (cacheFile != null && Files.exists(cacheFile)) {
      try {
        for (String line : Files.readAllLines(cacheFile)) {
          if (!line.isBlank()) {
            BenchDevice d = BenchDevice.fromTsv(line);
            cached.put(key(d.handle(), d.deviceName()), d);
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  /**
   * One device per (handle, device name) pair, in the order given; registers and logs in what is
   * missing.
   */
  public List<BenchDevice> devices(List<String> handles, List<String> deviceNames) {
    List<CompletableFuture<BenchDevice>> futures = new ArrayList<>();
    for (int i = 0; i < handles.size(); i++) {
      String handle = handles.get(i);
      String name = deviceNames.get(i);
      BenchDevice known = cached.get(key(handle, name));
      futures.add(
          known != null
              ? CompletableFuture.completedFuture(known)
              : registered(handle).thenApplyAsync(v -> login(handle, name), pool));
    }
    return futures.stream().map(CompletableFuture::join).toList();
  }

  /**
   * Makes sure users with these handles exist, logging no device in: members of a big group who
   * stay offline need an account, not a device. A handle with a device in the cache is known to
   * exist; the others are registered (an existing one answers 409, which costs no Argon2 hash).
   */
  public void register(List<String> handles) {
    Set<String> known = new HashSet<>();
    cached.values().forEach(d -> known.add(d.handle()));
    List<CompletableFuture<Void>> futures = new ArrayList<>();
    for (String handle : handles) {
      if (!known.contains(handle)) {
        futures.add(registered(handle));
      }
    }
    futures.forEach(CompletableFuture::join);
  }

  /** How many of these (handle, device name) pairs are not known yet, so will cost a login. */
  public int missing(List<String> handles, List<String> deviceNames) {
    int missing = 0;
    for (int i = 0; i < handles.size(); i++) {
      if (!cached.containsKey(key(handles.get(i), deviceNames.get(i)))) {
        missing++;
      }
    }
    return missing;
  }

  /** How many devices are already known (no Argon2 work needed for them). */
  public int cachedCount() {
    return cached.size();
  }

  private CompletableFuture<Void> registered(String handle) {
    return registrations.computeIfAbsent(
        handle, h -> CompletableFuture.runAsync(() -> register(h), pool));
  }

  private void register(String handle) {
    String body =
        json.createObjectNode().put("handle", handle).put("password", PASSWORD).toString();
    HttpResponse<String> r = post("/v1/accounts", body);
    if (r.statusCode() != 201 && r.statusCode() != 409) {
      throw new IllegalStateException(
          "register " + handle + ": " + r.statusCode() + " " + r.body());
    }
  }

  private BenchDevice login(String handle, String deviceName) {
    String body =
        json.createObjectNode()
            .put("handle", handle)
            .put("password", PASSWORD)
            .put("deviceName", deviceName)
            .toString();
    HttpResponse<String> r = post("/v1/sessions", body);
    // Log-ins of one handle in flight together count as failures until they succeed (the server's
    // guessing guard), so a user's devices logging in at once may be told to wait a moment.
    long wait;
    for (int attempt = 1; attempt < MAX_LOGIN_ATTEMPTS && (wait = shortWait(r)) >= 0; attempt++) {
      pause(wait);
      r = post("/v1/sessions", body);
    }
    if (r.statusCode() != 201) {
      throw new IllegalStateException("login " + handle + ": " + r.statusCode() + " " + r.body());
    }
    try {
      JsonNode n = json.readTree(r.body());
      BenchDevice d =
          new BenchDevice(
              handle,
              deviceName,
              n.get("userId").asText(),
              n.get("deviceId").asText(),
              n.get("token").asText());
      cached.put(key(handle, deviceName), d);
      remember(d);
      return d;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private synchronized void remember(BenchDevice d) {
    if (cacheFile == null) {
      return;
    }
    try {
      Files.writeString(
          cacheFile,
          d.tsv() + "\n",
          StandardCharsets.UTF_8,
          StandardOpenOption.CREATE,
          StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The advised wait of a 429 that asks for at most a few seconds, else -1. */
  private long shortWait(HttpResponse<String> r) {
    if (r.statusCode() != 429) {
      return -1;
    }
    try {
      long wait = json.readTree(r.body()).path("retryAfterMs").asLong(-1);
      return wait <= MAX_LOGIN_WAIT_MS ? wait : -1;
    } catch (IOException e) {
      return -1;
    }
  }

  private static void pause(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private HttpResponse<String> post(String path, String body) {
    HttpRequest request =
        HttpRequest.newBuilder(base.resolve(path))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build();
    try {
      return http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static String key(String handle, String deviceName) {
    return handle + "/" + deviceName;
  }

  @Override
  public void close() {
    pool.shutdownNow();
  }
}
