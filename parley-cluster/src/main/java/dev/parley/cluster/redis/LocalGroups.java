package dev.parley.cluster.redis;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.ToIntFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This node's index of group slices to its users with sessions here, kept in step with this node's
 * entries in {@link GroupNodes}: a slice is registered while at least one of its users has a
 * session here.
 *
 * <p>Every change of the index and the Redis command it causes happen under one lock, so the
 * registrations and removals of a slice leave in the order the index changed.
 */
final class LocalGroups {
  private static final Logger LOG = LoggerFactory.getLogger(LocalGroups.class);

  private final String nodeId;
  private final GroupNodes nodes;
  private final ToIntFunction<String> partitionOf;
  private final Object lock = new Object();

  /** Users with a session here, with the groups they are registered for. */
  private final Map<String, Set<String>> groupsOf = new HashMap<>();

  private final Map<GroupNodes.Slice, Registered> slices = new HashMap<>();

  /** Users whose groups could not be read yet: the next refresh tries again. */
  private final Set<String> unresolved = new HashSet<>();

  private static final class Registered {
    final Set<String> users = new HashSet<>();
    CompletionStage<Boolean> done;
  }

  LocalGroups(String nodeId, GroupNodes nodes, ToIntFunction<String> partitionOf) {
    this.nodeId = nodeId;
    this.nodes = nodes;
    this.partitionOf = partitionOf;
  }

  /** The user's first session here attached; their groups follow with {@link #join}. */
  void open(String user) {
    synchronized (lock) {
      groupsOf.putIfAbsent(user, new HashSet<>());
    }
  }

  /** The user's last session here left. */
  void close(String user) {
    synchronized (lock) {
      unresolved.remove(user);
      Set<String> groups = groupsOf.remove(user);
      if (groups != null) {
        for (String group : groups) {
          release(user, group);
        }
      }
    }
  }

  /**
   * Registers this node for the user's current groups; completes once Redis has every slice
   * (nothing to do if the user's sessions here are gone meanwhile).
   */
  CompletionStage<Void> join(String user, Collection<String> groups) {
    List<CompletableFuture<Boolean>> pending = new ArrayList<>();
    synchronized (lock) {
      unresolved.remove(user);
      for (String group : groups) {
        CompletionStage<Boolean> done = add(user, group);
        if (done != null) {
          pending.add(done.toCompletableFuture());
        }
      }
    }
    return CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new));
  }

  /** The user's groups could not be read; {@link #unresolved()} hands them to the next refresh. */
  void failed(String user) {
    synchronized (lock) {
      if (groupsOf.containsKey(user)) {
        unresolved.add(user);
      }
    }
  }

  Set<String> unresolved() {
    synchronized (lock) {
      return Set.copyOf(unresolved);
    }
  }

  /**
   * The user (with a session here) is in {@code group} now; returns when this node is registered
   * for their slice, or null if it already was for them (or they have no session here).
   */
  CompletionStage<Boolean> joined(String user, String group) {
    synchronized (lock) {
      Set<String> groups = groupsOf.get(user);
      if (groups == null || groups.contains(group)) {
        return null;
      }
      return add(user, group);
    }
  }

  /** The user left {@code group}: their slice no longer needs this node for them. */
  void left(String user, String group) {
    synchronized (lock) {
      Set<String> groups = groupsOf.get(user);
      if (groups != null && groups.remove(group)) {
        release(user, group);
      }
    }
  }

  /**
   * Re-arms every slice of this node (blocking: the refresh thread); returns the users of slices
   * Redis had lost meanwhile (expired during an outage), whose live events may have missed them.
   */
  Set<String> refresh() {
    Map<GroupNodes.Slice, CompletableFuture<Boolean>> replies = new HashMap<>();
    synchronized (lock) {
      for (GroupNodes.Slice slice : slices.keySet()) {
        replies.put(slice, nodes.register(slice, nodeId).toCompletableFuture());
      }
    }
    Set<String> missed = new HashSet<>();
    replies.forEach(
        (slice, reply) -> {
          try {
            if (reply.join()) {
              synchronized (lock) {
                Registered r = slices.get(slice);
                if (r != null) {
                  missed.addAll(r.users);
                }
              }
            }
          } catch (RuntimeException e) {
            LOG.warn("group slice {} could not be re-armed", slice, e);
          }
        });
    return missed;
  }

  /** Caller holds the lock. */
  private CompletionStage<Boolean> add(String user, String group) {
    Set<String> groups = groupsOf.get(user);
    if (groups == null) {
      return null;
    }
    groups.add(group);
    GroupNodes.Slice slice = new GroupNodes.Slice(group, partitionOf.applyAsInt(user));
    Registered r = slices.computeIfAbsent(slice, s -> new Registered());
    r.users.add(user);
    if (r.done == null || r.done.toCompletableFuture().isCompletedExceptionally()) {
      r.done = nodes.register(slice, nodeId);
    }
    return r.done;
  }

  /** Caller holds the lock. */
  private void release(String user, String group) {
    GroupNodes.Slice slice = new GroupNodes.Slice(group, partitionOf.applyAsInt(user));
    Registered r = slices.get(slice);
    if (r == null) {
      return;
    }
    r.users.remove(user);
    if (r.users.isEmpty()) {
      slices.remove(slice);
      nodes.unregister(slice, nodeId);
    }
  }
}
