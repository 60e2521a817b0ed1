package dev.parley.bench.client;

/** Callbacks of one {@link WsConnection}, always invoked on that connection's event-loop thread. */
public interface WsListener {

  /** A whole text frame arrived. */
  void onText(WsConnection connection, String text);

  /**
   * The connection is gone. {@code code} is the close code the server sent, or -1 if the TCP
   * connection ended without a close frame.
   */
  default void onClosed(WsConnection connection, int code, String reason) {}
}
