package dev.parley.bench.relay;

import io.netty.channel.Channel;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Pairs sockets: each pair id has at most one side-a and one side-b channel. */
final class RelayRooms {
  private final Map<String, Channel[]> rooms = new ConcurrentHashMap<>();

  /** Registers {@code channel} as {@code side} (0 = a, 1 = b) of {@code pair}. */
  void join(String pair, int side, Channel channel) {
    Channel[] room = rooms.computeIfAbsent(pair, p -> new Channel[2]);
    synchronized (room) {
      room[side] = channel;
    }
    channel.closeFuture().addListener(f -> leave(pair, side, channel));
  }

  /** The channel on the other side of {@code pair}, or null while it is not connected. */
  Channel peer(String pair, int side) {
    Channel[] room = rooms.get(pair);
    if (room == null) {
      return null;
    }
    synchronized (room) {
      return room[1 - side];
    }
  }

  private void leave(String pair, int side, Channel channel) {
    Channel[] room = rooms.get(pair);
    if (room != null) {
      synchronized (room) {
        if (room[side] == channel) {
          room[side] = null;
        }
      }
    }
  }
}
