package dev.parley.core.account;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;

/** Random identifiers and bearer tokens. */
final class Ids {
  private static final char[] BASE32 = "abcdefghijklmnopqrstuvwxyz234567".toCharArray();
  private static final SecureRandom RANDOM = new SecureRandom();

  private Ids() {}

  /** 100 random bits as 20 lower-case base32 characters. */
  static String newId() {
    byte[] b = new byte[20];
    RANDOM.nextBytes(b);
    char[] out = new char[20];
    for (int i = 0; i < 20; i++) {
      out[i] = BASE32[b[i] & 31];
    }
    return new String(out);
  }

  /** 256 random bits, URL-safe. */
  static String newToken() {
    byte[] b = new byte[32];
    RANDOM.nextBytes(b);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }

  static byte[] sha256(String token) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
