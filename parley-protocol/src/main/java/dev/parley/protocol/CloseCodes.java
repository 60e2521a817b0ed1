package dev.parley.protocol;

/** WebSocket close codes the server uses; docs/protocol.md says how a client reacts to each. */
public final class CloseCodes {
  public static final int NORMAL = 1000;
  public static final int GOING_AWAY = 1001;

  /** RFC 6455's policy violation: too many frames that could not be decoded. */
  public static final int POLICY_VIOLATION = 1008;

  public static final int TOO_BIG = 1009;

  /**
   * RFC 6455's "try again later": the server could not take on this session's catch-up (its read
   * queue was full); reconnect with backoff and sync.
   */
  public static final int TRY_AGAIN_LATER = 1013;

  public static final int UNAUTHORIZED = 4001;
  public static final int DEVICE_REVOKED = 4003;
  public static final int AUTH_TIMEOUT = 4008;
  public static final int REPLACED = 4009;
  public static final int SLOW_CONSUMER = 4010;
  public static final int HEARTBEAT_TIMEOUT = 4011;
  public static final int TOO_MANY_CONNECTIONS = 4029;
  public static final int INTERNAL = 4500;

  private CloseCodes() {}
}
