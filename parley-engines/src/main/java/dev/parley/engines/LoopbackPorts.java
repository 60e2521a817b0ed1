package dev.parley.engines;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;

/** Free TCP ports on 127.0.0.1, for engines that must be told their port before they start. */
public final class LoopbackPorts {
  private LoopbackPorts() {}

  /**
   * A port nothing listens on right now. Another process could take it before the engine binds it;
   * the window is short and a start that fails on it says so in the engine's log.
   */
  public static int free() {
    try (ServerSocket socket = new ServerSocket()) {
      socket.setReuseAddress(false);
      socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Whether something accepts TCP connections on {@code port} now. A cheap first readiness check: a
   * client library's full connect attempt against a booting engine costs seconds of retries.
   */
  public static boolean accepts(int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 500);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /** Whether a listener could bind {@code port} on 127.0.0.1 now, i.e. nobody holds it. */
  public static boolean isFree(int port) {
    try (ServerSocket socket = new ServerSocket()) {
      socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
