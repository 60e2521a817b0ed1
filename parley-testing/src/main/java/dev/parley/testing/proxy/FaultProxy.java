package dev.parley.testing.proxy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP proxy for tests that injects the faults real networks have: connections reset at once
 * ({@link #cutAll}), a peer that stops answering without closing (half-open, {@link #stall}), a
 * connection that dies in the middle of a frame ({@link #cutMidFrame}), and a server that cannot be
 * reached ({@link #refuse}).
 *
 * <pre>{@code
 * try (FaultProxy proxy = FaultProxy.start("127.0.0.1", server.httpUri().getPort())) {
 *   client = ParleyClient.builder().serverUri(proxy.httpUri())...;
 *   proxy.cutAll();
 * }
 * }</pre>
 *
 * <p>Listens on an ephemeral port of 127.0.0.1; at most {@value #MAX_CONNECTIONS} connections at a
 * time, two daemon threads each (one per direction, 16 KiB buffer). {@link #close} stops
 * everything. Thread-safe.
 */
public final class FaultProxy implements AutoCloseable {
  /** Connections beyond this are refused, so a runaway client cannot exhaust the test JVM. */
  public static final int MAX_CONNECTIONS = 64;

  private static final int CHUNK = 16 * 1024;

  private final String targetHost;
  private final int targetPort;
  private final ServerSocket listener;
  private final Set<Link> links = ConcurrentHashMap.newKeySet();
  private final AtomicInteger accepted = new AtomicInteger();
  private final AtomicBoolean cutNextChunk = new AtomicBoolean();
  private final Object stallLock = new Object();
  private volatile boolean stalled;
  private volatile boolean refusing;
  private volatile boolean closed;

  private FaultProxy(String targetHost, int targetPort) throws IOException {
    this.targetHost = targetHost;
    this.targetPort = targetPort;
    this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread acceptor = new Thread(this::acceptLoop, "fault-proxy-accept-" + listener.getLocalPort());
    acceptor.setDaemon(true);
    acceptor.start();
  }

  /** Starts a proxy on an ephemeral local port forwarding to {@code targetHost:targetPort}. */
  public static FaultProxy start(String targetHost, int targetPort) {
    try {
      return new FaultProxy(targetHost, targetPort);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the fault proxy", e);
    }
  }

  /** The port the proxy listens on. */
  public int port() {
    return listener.getLocalPort();
  }

  /** {@code http://127.0.0.1:<port>}: give this to clients instead of the server's URI. */
  public URI httpUri() {
    return URI.create("http://127.0.0.1:" + port());
  }

  /** Connections accepted and forwarded since the start (reconnects show up here). */
  public int acceptedCount() {
    return accepted.get();
  }

  /** Connections open right now. */
  public int openCount() {
    return links.size();
  }

  /** Resets every open connection at once (TCP RST to both sides), as a network loss would. */
  public void cutAll() {
    links.forEach(Link::cut);
  }

  /**
   * Stops forwarding in both directions without closing anything: both peers see a silent, open
   * connection (half-open), until {@link #resume}. Connections made while stalled are accepted but
   * stay silent too.
   */
  public void stall() {
    stalled = true;
  }

  /** Forwards again after {@link #stall}. */
  public void resume() {
    synchronized (stallLock) {
      stalled = false;
      stallLock.notifyAll();
    }
  }

  /**
   * Arms a one-shot fault: the next chunk read in either direction is forwarded only in part (the
   * first half), then that connection is reset, so its peer sees a truncated frame.
   */
  public void cutMidFrame() {
    cutNextChunk.set(true);
  }

  /**
   * While refusing, new connections are reset at once: the server looks unreachable. Open ones
   * stay.
   */
  public void refuse(boolean refuse) {
    this.refusing = refuse;
  }

  @Override
  public void close() {
    closed = true;
    try {
      listener.close();
    } catch (IOException ignored) {
      // Closing anyway.
    }
    cutAll();
    resume();
  }

  private void acceptLoop() {
    while (!closed) {
      Socket client;
      try {
        client = listener.accept();
      } catch (IOException e) {
        return; // The listener was closed.
      }
      if (refusing || links.size() >= MAX_CONNECTIONS) {
        reset(client);
        continue;
      }
      try {
        Socket upstream = new Socket();
        upstream.connect(new InetSocketAddress(targetHost, targetPort), 5_000);
        Link link = new Link(client, upstream);
        links.add(link);
        accepted.incrementAndGet();
        link.start();
      } catch (IOException e) {
        reset(client);
      }
    }
  }

  private void awaitNotStalled() throws InterruptedException {
    synchronized (stallLock) {
      while (stalled && !closed) {
        stallLock.wait();
      }
    }
  }

  private static void reset(Socket socket) {
    try {
      socket.setSoLinger(true, 0); // close() then sends RST instead of FIN
      socket.close();
    } catch (IOException ignored) {
      // Already gone.
    }
  }

  /** One proxied connection: a client socket, its upstream socket, a pump per direction. */
  private final class Link {
    private final Socket client;
    private final Socket upstream;
    private final AtomicBoolean done = new AtomicBoolean();
    private final AtomicInteger halfClosed = new AtomicInteger();

    Link(Socket client, Socket upstream) {
      this.client = client;
      this.upstream = upstream;
    }

    void start() {
      startPump(client, upstream, "up");
      startPump(upstream, client, "down");
    }

    private void startPump(Socket from, Socket to, String direction) {
      Thread pump =
          new Thread(() -> pump(from, to), "fault-proxy-" + direction + "-" + from.getPort());
      pump.setDaemon(true);
      pump.start();
    }

    private void pump(Socket from, Socket to) {
      byte[] buffer = new byte[CHUNK];
      try {
        var in = from.getInputStream();
        var out = to.getOutputStream();
        while (true) {
          int n = in.read(buffer);
          if (n < 0) {
            // An orderly close (FIN) is passed on as one, so the peer still reads what came before
            // it,
            // such as a WebSocket close frame; a reset here would make its kernel discard those
            // bytes.
            to.shutdownOutput();
            if (halfClosed.incrementAndGet() == 2) {
              closeQuietly();
            }
            return;
          }
          awaitNotStalled();
          if (cutNextChunk.compareAndSet(true, false)) {
            out.write(buffer, 0, Math.max(1, n / 2));
            out.flush();
            break;
          }
          out.write(buffer, 0, n);
          out.flush();
        }
      } catch (IOException | InterruptedException e) {
        // The connection was reset or cut.
      }
      cut();
    }

    private void closeQuietly() {
      if (done.compareAndSet(false, true)) {
        try {
          client.close();
          upstream.close();
        } catch (IOException ignored) {
          // Closing anyway.
        }
        links.remove(this);
      }
    }

    /** Resets both sides; idempotent. */
    void cut() {
      if (done.compareAndSet(false, true)) {
        reset(client);
        reset(upstream);
        links.remove(this);
      }
    }
  }
}
