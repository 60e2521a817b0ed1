package dev.parley.cluster.redis;

import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

/**
 * A Lua script run by its SHA1 (EVALSHA), so the text crosses the wire only when a server does not
 * know it yet: the first call after a (re)start, or the first call on a cluster shard.
 */
final class RedisScript<T> {
  private final String text;
  private final String sha;
  private final ScriptOutputType type;

  RedisScript(String text, ScriptOutputType type) {
    this.text = text;
    this.type = type;
    this.sha = sha1(text);
  }

  CompletionStage<T> run(
      RedisClusterAsyncCommands<String, String> redis, String[] keys, String... args) {
    CompletionStage<T> bySha = redis.evalsha(sha, type, keys, args);
    return bySha
        .handle(
            (value, error) -> {
              if (error == null) {
                return CompletableFuture.completedFuture(value);
              }
              Throwable cause =
                  error instanceof CompletionException && error.getCause() != null
                      ? error.getCause()
                      : error;
              if (cause instanceof RedisNoScriptException) {
                CompletionStage<T> byText = redis.eval(text, type, keys, args);
                return byText;
              }
              return CompletableFuture.<T>failedFuture(cause);
            })
        .thenCompose(stage -> stage);
  }

  private static String sha1(String text) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-1").digest(text.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-1 is required of every JVM", e);
    }
  }
}
