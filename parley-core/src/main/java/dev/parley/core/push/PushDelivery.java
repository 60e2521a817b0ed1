package dev.parley.core.push;

import java.util.concurrent.CompletionStage;

/**
 * Hands a notification to the gateway its target names (the server's HTTP client). Never blocks the
 * caller; the stage completes with what the gateway said, or exceptionally when it could not be
 * reached (retried like {@link Outcome#RETRY}).
 */
public interface PushDelivery {

  CompletionStage<Outcome> deliver(PushNotification notification);

  /** What a gateway's answer means for the notification. */
  enum Outcome {
    /** Taken: done. */
    ACCEPTED,
    /** The push key is dead (uninstalled app, expired token): remove the registration. */
    KEY_REJECTED,
    /** Busy, down or timed out: try again later. */
    RETRY,
    /** Refused for good (malformed, unauthorised at the gateway): drop it. */
    FAILED
  }
}
