package dev.parley.bench.groups;

import dev.parley.bench.target.Accounts;
import dev.parley.protocol.ClientFrame;
import dev.parley.protocol.ServerFrame;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Makes the groups a run needs, reusing what an earlier run on the same server made: a group's
 * idempotency key is derived from its name, so creating it again answers {@code duplicate} with the
 * same conversation, and only the members still missing are added. Registering 10,000 users and
 * adding them 256 at a time is minutes of work that a reused {@code --work-dir} does once.
 */
final class GroupProvisioner {
  private static final AtomicLong REFS = new AtomicLong();
  private final Accounts accounts;
  private final int maxAdded;
  private final PrintStream progress;

  /** {@code maxAdded}: the server's {@code --group-max-added}, the most users one frame may add. */
  GroupProvisioner(Accounts accounts, int maxAdded, PrintStream progress) {
    this.accounts = accounts;
    this.maxAdded = maxAdded;
    this.progress = progress;
  }

  /**
   * A group created by {@code admin} with at least the users of {@code handles} as members: created
   * empty, then the missing members registered (no device logged in) and added {@code maxAdded} at
   * a time. Returns its conversation id.
   */
  String ensureBig(GroupSession admin, String adminHandle, String name, List<String> handles)
      throws Exception {
    ServerFrame.GroupChanged created = create(admin, name, List.of()).get(60, TimeUnit.SECONDS);
    String conv = created.conv();
    Set<String> present = created.duplicate() ? memberHandles(admin, conv) : Set.of(adminHandle);
    List<String> missing = new ArrayList<>();
    for (String h : handles) {
      if (!present.contains(h)) {
        missing.add(h);
      }
    }
    if (!missing.isEmpty()) {
      long start = System.nanoTime();
      progress.printf(
          "group %s: registering and adding %,d of %,d members…%n",
          name, missing.size(), handles.size());
      accounts.register(missing);
      for (int i = 0; i < missing.size(); i += maxAdded) {
        List<String> batch = missing.subList(i, Math.min(missing.size(), i + maxAdded));
        String ref = nextRef();
        admin.request(ref, new ClientFrame.GroupAdd(ref, conv, batch)).get(60, TimeUnit.SECONDS);
      }
      progress.printf("group %s ready after %.1f s%n", name, (System.nanoTime() - start) / 1e9);
    }
    return conv;
  }

  /**
   * Creates a group of at most {@code maxAdded} other members in one frame. A duplicate is the
   * group an earlier run made with the same members: a creation is all or nothing.
   */
  static CompletableFuture<ServerFrame.GroupChanged> create(
      GroupSession creator, String name, List<String> members) {
    String ref = nextRef();
    UUID id =
        UUID.nameUUIDFromBytes(("parley-bench/group/" + name).getBytes(StandardCharsets.UTF_8));
    return creator
        .request(ref, new ClientFrame.CreateGroup(ref, id.toString(), name, members))
        .thenApply(ServerFrame.GroupChanged.class::cast);
  }

  /** The handles of every current member, read page by page with {@code group_info}. */
  private static Set<String> memberHandles(GroupSession admin, String conv) throws Exception {
    Set<String> handles = new HashSet<>();
    String after = null;
    do {
      String ref = nextRef();
      ServerFrame.GroupInfo page =
          (ServerFrame.GroupInfo)
              admin
                  .request(ref, new ClientFrame.GroupInfo(ref, conv, after, 500))
                  .get(60, TimeUnit.SECONDS);
      page.members().forEach(m -> handles.add(m.handle()));
      after = page.next();
    } while (after != null);
    return handles;
  }

  private static String nextRef() {
    return "g" + REFS.incrementAndGet();
  }
}
