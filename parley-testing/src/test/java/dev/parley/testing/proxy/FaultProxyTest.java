package dev.parley.testing.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The proxy against a plain TCP echo server. */
class FaultProxyTest {
  private ServerSocket echo;
  private FaultProxy proxy;

  @BeforeEach
  void startEcho() throws IOException {
    echo = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread acceptor =
        new Thread(
            () -> {
              while (!echo.isClosed()) {
                try {
                  Socket s = echo.accept();
                  Thread t =
                      new Thread(
                          () -> {
                            try (s) {
                              s.getInputStream().transferTo(s.getOutputStream());
                            } catch (IOException ignored) {
                              // peer gone
                            }
                          });
                  t.setDaemon(true);
                  t.start();
                } catch (IOException e) {
                  return;
                }
              }
            });
    acceptor.setDaemon(true);
    acceptor.start();
    proxy = FaultProxy.start("127.0.0.1", echo.getLocalPort());
  }

  @AfterEach
  void stop() throws IOException {
    proxy.close();
    echo.close();
  }

  private Socket connect() throws IOException {
    Socket s = new Socket("127.0.0.1", proxy.port());
    s.setSoTimeout(5_000);
    return s;
  }

  private static String roundTrip(Socket s, String text) throws IOException {
    OutputStream out = s.getOutputStream();
    out.write(text.getBytes(StandardCharsets.UTF_8));
    out.flush();
    byte[] buf = s.getInputStream().readNBytes(text.length());
    return new String(buf, StandardCharsets.UTF_8);
  }

  @Test
  void forwardsBothWays() throws IOException {
    try (Socket s = connect()) {
      assertThat(roundTrip(s, "hello")).isEqualTo("hello");
      assertThat(proxy.acceptedCount()).isEqualTo(1);
    }
  }

  @Test
  void anOrderlyCloseIsPassedOnAfterTheBytesBeforeIt() throws IOException {
    try (Socket s = connect()) {
      s.getOutputStream().write("bye".getBytes(StandardCharsets.UTF_8));
      s.shutdownOutput();
      InputStream in = s.getInputStream();
      assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("bye");
    }
    await().until(() -> proxy.openCount() == 0);
  }

  @Test
  void cutAllResetsOpenConnections() throws IOException {
    try (Socket s = connect()) {
      roundTrip(s, "x");
      proxy.cutAll();
      InputStream in = s.getInputStream();
      assertThat(readUntilClosed(in)).isTrue();
      await().until(() -> proxy.openCount() == 0);
    }
  }

  @Test
  void stallHoldsTrafficWithoutClosingUntilResume() throws IOException {
    try (Socket s = connect()) {
      roundTrip(s, "a");
      proxy.stall();
      s.setSoTimeout(300);
      s.getOutputStream().write('b');
      s.getOutputStream().flush();
      boolean timedOut = false;
      try {
        s.getInputStream().read();
      } catch (SocketTimeoutException e) {
        timedOut = true;
      }
      assertThat(timedOut).as("no byte comes back while stalled").isTrue();
      assertThat(proxy.openCount()).isEqualTo(1);
      proxy.resume();
      s.setSoTimeout(5_000);
      assertThat(s.getInputStream().read()).isEqualTo('b');
    }
  }

  @Test
  void cutMidFrameForwardsPartOfTheNextChunkThenResets() throws IOException {
    try (Socket s = connect()) {
      proxy.cutMidFrame();
      s.getOutputStream().write("0123456789".getBytes(StandardCharsets.UTF_8));
      s.getOutputStream().flush();
      byte[] received = s.getInputStream().readNBytes(10);
      assertThat(received.length).isLessThan(10);
    } catch (IOException reset) {
      // A reset before any byte came back is the same fault seen earlier.
    }
    await().until(() -> proxy.openCount() == 0);
  }

  @Test
  void refusingMakesTheServerUnreachable() throws IOException {
    proxy.refuse(true);
    try (Socket s = connect()) {
      assertThat(readUntilClosed(s.getInputStream())).isTrue();
    }
    assertThat(proxy.acceptedCount()).isZero();
    proxy.refuse(false);
    try (Socket s = connect()) {
      assertThat(roundTrip(s, "ok")).isEqualTo("ok");
    }
  }

  private static boolean readUntilClosed(InputStream in) {
    try {
      return in.read() == -1;
    } catch (IOException reset) {
      return true;
    }
  }
}
