package dev.parley.server.gateway.session;

import dev.parley.core.group.GroupException;
import dev.parley.core.log.AppendUnconfirmedException;
import dev.parley.core.log.LogUnavailableException;
import dev.parley.core.log.UnknownMemberException;
import dev.parley.core.messaging.MessagingException;
import dev.parley.core.metrics.ParleyMetrics;
import dev.parley.protocol.ErrorCode;
import dev.parley.protocol.ServerFrame;
import java.util.concurrent.CompletionException;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The core's exceptions as {@code error} frames, each counted by code in the metrics. */
final class ErrorFrames {
  // Under the connection's name: a failed request is the connection's story in the logs.
  private static final Logger LOG = LoggerFactory.getLogger(DeviceConnection.class);

  /** How long a client told {@code overloaded} should wait before retrying. */
  static final long OVERLOADED_RETRY_MS = 500;

  private ErrorFrames() {}

  /**
   * The error frame for {@code err}: a core refusal becomes its code and message; overload says
   * when to retry; anything unexpected is logged and answered {@code internal} without details.
   */
  /** What failed, as the core threw it: a future's failure arrives wrapped. */
  static Throwable unwrap(Throwable err) {
    return err instanceof CompletionException && err.getCause() != null ? err.getCause() : err;
  }

  static ServerFrame.Error of(
      String ref, Throwable err, String connectionId, ParleyMetrics metrics) {
    Throwable e = unwrap(err);
    ServerFrame.Error frame;
    if (e instanceof MessagingException m) {
      frame = ServerFrame.Error.of(ref, errorCode(m.reason()), m.getMessage());
    } else if (e instanceof GroupException g) {
      frame = ServerFrame.Error.of(ref, errorCode(g.reason()), g.getMessage());
    } else if (e instanceof UnsupportedOperationException u) {
      frame = ServerFrame.Error.of(ref, ErrorCode.UNSUPPORTED_FRAME, u.getMessage());
    } else if (e instanceof UnknownMemberException u) {
      frame = ServerFrame.Error.of(ref, ErrorCode.UNKNOWN_CONVERSATION, u.getMessage());
    } else if (e instanceof LogUnavailableException u && u.overloaded()
        || e instanceof AppendUnconfirmedException) {
      frame =
          new ServerFrame.Error(
              ref, ErrorCode.OVERLOADED.wire(), "the server is busy; retry", OVERLOADED_RETRY_MS);
    } else if (e instanceof RejectedExecutionException) {
      // The read pool's queue is full: the same answer as a full write queue, and no stack trace.
      metrics.overloaded("reads");
      frame =
          new ServerFrame.Error(
              ref, ErrorCode.OVERLOADED.wire(), "the server is busy; retry", OVERLOADED_RETRY_MS);
    } else if (e instanceof LogUnavailableException) {
      LOG.debug("conn={} request refused: {}", connectionId, e.getMessage());
      frame =
          new ServerFrame.Error(
              ref,
              ErrorCode.INTERNAL.wire(),
              "the server could not confirm storing it now; send it again with the same id",
              1000L);
    } else {
      LOG.warn("conn={} request failed", connectionId, e);
      frame =
          new ServerFrame.Error(
              ref,
              ErrorCode.INTERNAL.wire(),
              "the server failed; nothing was stored, retry",
              1000L);
    }
    metrics.rejected(frame.code());
    return frame;
  }

  private static ErrorCode errorCode(MessagingException.Reason reason) {
    return switch (reason) {
      case INVALID_REQUEST -> ErrorCode.INVALID_FRAME;
      case FORBIDDEN -> ErrorCode.FORBIDDEN;
      case UNKNOWN_CONVERSATION -> ErrorCode.UNKNOWN_CONVERSATION;
      case UNKNOWN_USER -> ErrorCode.UNKNOWN_USER;
      case SELF_CONVERSATION -> ErrorCode.SELF_CONVERSATION;
      case BODY_EMPTY -> ErrorCode.BODY_EMPTY;
      case BODY_TOO_LONG -> ErrorCode.BODY_TOO_LONG;
      case RATE_LIMITED -> ErrorCode.RATE_LIMITED;
    };
  }

  private static ErrorCode errorCode(GroupException.Reason reason) {
    return switch (reason) {
      case FORBIDDEN -> ErrorCode.FORBIDDEN;
      case TOO_MANY_MEMBERS -> ErrorCode.TOO_MANY_MEMBERS;
      case INVALID_TITLE -> ErrorCode.INVALID_TITLE;
      case INVALID_MEMBERS -> ErrorCode.INVALID_MEMBERS;
    };
  }
}
