package dev.parley.core.testing;

import dev.parley.core.event.ConversationEvent;
import dev.parley.core.feed.DeviceSession;
import dev.parley.core.feed.FeedBatch;
import dev.parley.core.feed.SessionEnd;
import dev.parley.core.presence.EphemeralEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A {@link DeviceSession} that records everything pushed to it ({@link FeedBatch}es, {@link Synced}
 * markers, {@link EphemeralEvent}s) and why it was closed. Writes complete at once, or, while
 * {@link #hold held}, only on {@link #release}, like a socket whose device reads slowly.
 */
public final class RecordingSession implements DeviceSession {
  private final String user;
  private final String device;
  private final List<Object> pushed = new CopyOnWriteArrayList<>();
  private final List<CompletableFuture<Void>> pending = new ArrayList<>();
  private boolean held;
  private volatile SessionEnd closedWith;

  /** A recorded {@link DeviceSession#synced} call. */
  public record Synced(String cursor, boolean reset) {}

  public RecordingSession(String user, String device) {
    this.user = user;
    this.device = device;
  }

  /** Everything pushed, in order: feed batches, sync markers, ephemeral events. */
  public List<Object> frames() {
    return pushed;
  }

  /** The feed batches pushed, in order. */
  public List<FeedBatch> batches() {
    return pushed.stream().filter(FeedBatch.class::isInstance).map(FeedBatch.class::cast).toList();
  }

  /** The events of every feed batch, in order. */
  public List<ConversationEvent> events() {
    return batches().stream().flatMap(b -> b.events().stream()).toList();
  }

  /** Events pushed outside the feed (presence, typing). */
  public List<EphemeralEvent> ephemeral() {
    return pushed.stream()
        .filter(EphemeralEvent.class::isInstance)
        .map(EphemeralEvent.class::cast)
        .toList();
  }

  /** Whether a sync marker was pushed. */
  public boolean synced() {
    return pushed.stream().anyMatch(Synced.class::isInstance);
  }

  /** Why the session was closed, or null while open. */
  public SessionEnd closedWith() {
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
  public CompletableFuture<Void> push(FeedBatch batch) {
    return record(batch);
  }

  @Override
  public CompletableFuture<Void> pushPaced(FeedBatch batch) {
    return record(batch);
  }

  @Override
  public CompletableFuture<Void> synced(String cursor, boolean reset) {
    return record(new Synced(cursor, reset));
  }

  @Override
  public CompletableFuture<Void> push(EphemeralEvent event) {
    return record(event);
  }

  /** Records anything pushed; a wrapping session adds its own kinds (the gateway's frames). */
  public synchronized CompletableFuture<Void> record(Object frame) {
    pushed.add(frame);
    CompletableFuture<Void> written = new CompletableFuture<>();
    if (held) {
      pending.add(written);
    } else {
      written.complete(null);
    }
    return written;
  }

  @Override
  public CompletableFuture<Void> close(SessionEnd why, String reason) {
    closedWith = why;
    return CompletableFuture.completedFuture(null);
  }
}
