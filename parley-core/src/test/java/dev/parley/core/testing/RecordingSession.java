package dev.parley.core.testing;

import dev.parley.core.feed.DeviceSession;
import dev.parley.protocol.FeedEvent;
import dev.parley.protocol.ServerFrame;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A {@link DeviceSession} that records every frame pushed to it and the close code. Writes complete
 * at once, or, while {@link #hold held}, only on {@link #release}, like a socket whose device reads
 * slowly.
 */
public final class RecordingSession implements DeviceSession {
  private final String user;
  private final String device;
  private final List<ServerFrame> frames = new CopyOnWriteArrayList<>();
  private final List<CompletableFuture<Void>> pending = new ArrayList<>();
  private boolean held;
  private volatile Integer closedWith;

  public RecordingSession(String user, String device) {
    this.user = user;
    this.device = device;
  }

  /** Every frame pushed, in order. */
  public List<ServerFrame> frames() {
    return frames;
  }

  /** The events of every {@code feed} frame, in order. */
  public List<FeedEvent> events() {
    return frames.stream()
        .filter(ServerFrame.Feed.class::isInstance)
        .flatMap(f -> ((ServerFrame.Feed) f).events().stream())
        .toList();
  }

  /** Frames pushed outside the feed (presence, typing). */
  public List<ServerFrame> ephemeral() {
    return frames.stream()
        .filter(f -> !(f instanceof ServerFrame.Feed || f instanceof ServerFrame.Synced))
        .toList();
  }

  /** Whether a {@code synced} frame was pushed. */
  public boolean synced() {
    return frames.stream().anyMatch(ServerFrame.Synced.class::isInstance);
  }

  /** The close code, or null while open. */
  public Integer closedWith() {
    return closedWith;
  }

  /** From now on, writes complete only on {@link #release}. */
  public synchronized void hold() {
    held = true;
  }

  /** Completes every held write, and writes complete at once again. */
  public synchronized void release() {
    held = false;
    pending.forEach(f -> f.complete(null));
    pending.clear();
  }

  @Override
  public String userId() {
    return user;
  }

  @Override
  public String deviceId() {
    return device;
  }

  @Override
  public CompletableFuture<Void> push(ServerFrame frame) {
    return pushPaced(frame);
  }

  @Override
  public synchronized CompletableFuture<Void> pushPaced(ServerFrame frame) {
    frames.add(frame);
    CompletableFuture<Void> written = new CompletableFuture<>();
    if (held) {
      pending.add(written);
    } else {
      written.complete(null);
    }
    return written;
  }

  @Override
  public void close(int code, String reason) {
    closedWith = code;
  }
}
