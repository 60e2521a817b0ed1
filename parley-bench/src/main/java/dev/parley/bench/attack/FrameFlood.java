package dev.parley.bench.attack;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongFunction;

/**
 * Sockets that write frames as fast as the server takes them. {@code readReplies} false is the
 * attacker that never reads (ping flood, error-frame amplification): the server must bound what it
 * queues for it. True is the attacker that reads every answer (read-frame starvation): the server
 * must ration the work it does for it.
 */
final class FrameFlood extends Attacker {
  private final String name;
  private final URI server;
  private final String token;
  private final int sockets;
  private final int opcode;
  private final LongFunction<String> payload;
  private final boolean readReplies;
  private final List<RawWebSocket> open = new ArrayList<>();
  private int alive;

  FrameFlood(
      String name,
      URI server,
      String token,
      int sockets,
      int opcode,
      LongFunction<String> payload,
      boolean readReplies) {
    this.name = name;
    this.server = server;
    this.token = token;
    this.sockets = sockets;
    this.opcode = opcode;
    this.payload = payload;
    this.readReplies = readReplies;
  }

  @Override
  String describe() {
    return name
        + ": "
        + sockets
        + " socket(s), "
        + (token == null ? "unauthenticated" : "authenticated")
        + ", "
        + (readReplies ? "reading every reply" : "never reading");
  }

  @Override
  protected void launch() {
    for (int i = 0; i < sockets; i++) {
      RawWebSocket ws;
      try {
        ws = RawWebSocket.open(server, token);
      } catch (IOException e) {
        throw new IllegalStateException(name + ": cannot connect: " + e.getMessage(), e);
      }
      synchronized (this) {
        open.add(ws);
        alive++;
      }
      thread(name + "-w" + i, () -> write(ws));
      if (readReplies) {
        thread(name + "-r" + i, () -> read(ws));
      }
    }
  }

  private void write(RawWebSocket ws) {
    try {
      long n = 0;
      while (!stopping) {
        ws.write(opcode, payload.apply(n++).getBytes(StandardCharsets.UTF_8));
        sent.incrementAndGet();
        if ((n & 15) == 0) {
          ws.flush();
        }
      }
    } catch (IOException cut) {
      gone(ws);
    }
  }

  private void read(RawWebSocket ws) {
    try {
      String frame;
      while ((frame = ws.readFrame()) != null) {
        if (frame.startsWith("close:")
            || frame.contains("\"rate_limited\"")
            || frame.contains("\"overloaded\"")) {
          refusedByServer();
        }
      }
    } catch (IOException cut) {
      // the writer sees it too
    }
    gone(ws);
  }

  private synchronized void gone(RawWebSocket ws) {
    if (open.remove(ws)) {
      ws.close();
      if (--alive == 0) {
        closedByServer();
      }
    }
  }

  @Override
  public synchronized void close() {
    super.close();
    open.forEach(RawWebSocket::close);
  }
}
