package dev.parley.server.gateway.http;

import dev.parley.core.account.AccountException;
import dev.parley.core.push.PushException;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs an API call's work off the event loop and turns what it throws into the documented error
 * answer: a refusal of the domain (its code; 429 with its delay when throttled), 503 for a fault or
 * a full queue.
 */
final class OffloadedCall {
  private static final Logger LOG = LoggerFactory.getLogger(OffloadedCall.class);

  private OffloadedCall() {}

  static void run(ChannelHandlerContext ctx, boolean keepAlive, Executor executor, Runnable work) {
    try {
      executor.execute(
          () -> {
            try {
              work.run();
            } catch (AccountException e) {
              if (e.retryAfterMs() > 0) {
                HttpResponses.tooManyRequests(
                    ctx, keepAlive, e.code(), e.getMessage(), e.retryAfterMs());
              } else {
                HttpResponses.error(ctx, keepAlive, statusOf(e.code()), e.code(), e.getMessage());
              }
            } catch (PushException e) {
              HttpResponses.error(ctx, keepAlive, statusOf(e.code()), e.code(), e.getMessage());
            } catch (RuntimeException e) {
              LOG.warn("API request failed", e);
              HttpResponses.error(
                  ctx,
                  keepAlive,
                  HttpResponseStatus.SERVICE_UNAVAILABLE,
                  "unavailable",
                  "the server failed; retry later");
            }
          });
    } catch (RejectedExecutionException e) {
      HttpResponses.error(
          ctx,
          keepAlive,
          HttpResponseStatus.SERVICE_UNAVAILABLE,
          "unavailable",
          "the server is busy; retry later");
    }
  }

  private static HttpResponseStatus statusOf(String code) {
    return switch (code) {
      case "handle_taken" -> HttpResponseStatus.CONFLICT;
      case "bad_credentials" -> HttpResponseStatus.UNAUTHORIZED;
      case "unknown_conversation" -> HttpResponseStatus.NOT_FOUND;
      default -> HttpResponseStatus.BAD_REQUEST;
    };
  }
}
