package dev.parley.cli.client;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.Properties;

/**
 * A logged-in device of the terminal client, saved in a profile directory: {@code
 * profile.properties} (server, user, device, token; readable by the owner only) and {@code
 * client.db}, the SDK's SQLite store.
 */
record Profile(Path dir, URI server, String userId, String handle, String deviceId, String token) {
  private static final String FILE = "profile.properties";

  /** The SDK store of this profile. */
  Path storeFile() {
    return dir.resolve("client.db");
  }

  /** Loads the profile in {@code dir}; empty if nobody logged in there. */
  static Optional<Profile> load(Path dir) {
    Path file = dir.resolve(FILE);
    if (!Files.exists(file)) {
      return Optional.empty();
    }
    Properties p = new Properties();
    try (InputStream in = Files.newInputStream(file)) {
      p.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
    return Optional.of(
        new Profile(
            dir,
            URI.create(p.getProperty("server")),
            p.getProperty("userId"),
            p.getProperty("handle"),
            p.getProperty("deviceId"),
            p.getProperty("token")));
  }

  /**
   * Writes this profile, replacing any earlier login (and its store, which belonged to another
   * device).
   */
  void save() {
    Properties p = new Properties();
    p.setProperty("server", server.toString());
    p.setProperty("userId", userId);
    p.setProperty("handle", handle);
    p.setProperty("deviceId", deviceId);
    p.setProperty("token", token);
    try {
      Files.createDirectories(dir);
      for (String suffix : new String[] {"", "-wal", "-shm"}) {
        Files.deleteIfExists(dir.resolve("client.db" + suffix));
      }
      Path file = dir.resolve(FILE);
      try (OutputStream out = Files.newOutputStream(file)) {
        p.store(out, "parley terminal client profile");
      }
      try {
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
      } catch (UnsupportedOperationException notPosix) {
        // Windows: the user's profile directory ACLs apply.
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the profile in " + dir, e);
    }
  }
}
