package dev.parley.core.group;

import dev.parley.core.account.AccountService;
import dev.parley.core.account.Principal;
import dev.parley.core.account.UserAccount;
import dev.parley.core.account.UserRef;
import dev.parley.core.conversation.ConversationId;
import dev.parley.core.event.StoredMessage;
import dev.parley.core.log.ConversationLog;
import dev.parley.core.log.GroupChangeResult;
import dev.parley.core.log.GroupCommand;
import dev.parley.core.messaging.HistoryStore;
import dev.parley.core.messaging.MessagingException;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * The group use cases, authorised against the caller. Membership changes go to the group's single
 * writer through the {@link ConversationLog} (which judges them against the roster at their seq);
 * handle lookups and reads run on {@code reads}. Never blocks the caller.
 *
 * <p>A non-member gets {@code forbidden} for every request about a group, whether or not it exists,
 * exactly as for a 1:1 conversation that is not theirs.
 */
public final class GroupService {
  /** Members per page when a query names no limit, and per store read when filtering readers. */
  public static final int MEMBER_PAGE = 100;

  /** Groups bigger than this get no typing indicators. */
  public static final int TYPING_MAX_MEMBERS = 256;

  private static final int CREATORS_TRACKED = 100_000;

  private final ConversationLog log;
  private final GroupStore groups;
  private final HistoryStore history;
  private final AccountService accounts;
  private final Executor reads;
  private final GroupLimits limits;

  /** Group creations per user per hour; least recently used users are forgotten first. */
  private final Map<String, Bucket> creations =
      new LinkedHashMap<>(256, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Bucket> eldest) {
          return size() > CREATORS_TRACKED;
        }
      };

  public GroupService(
      ConversationLog log,
      GroupStore groups,
      HistoryStore history,
      AccountService accounts,
      Executor reads,
      GroupLimits limits) {
    this.log = log;
    this.groups = groups;
    this.history = history;
    this.accounts = accounts;
    this.reads = reads;
    this.limits = limits;
  }

  public GroupLimits limits() {
    return limits;
  }

  public CompletableFuture<GroupChanged> create(Principal who, CreateGroup f) {
    if (!groups.supported()) {
      throw new UnsupportedOperationException("groups are not available in this mode yet");
    }
    String title = GroupRoster.checkTitle(limits, f.title());
    if (f.memberHandles().size() + 1 > limits.maxMembers()) {
      throw new GroupException(
          GroupException.Reason.TOO_MANY_MEMBERS,
          "a group has at most " + limits.maxMembers() + " members");
    }
    ConversationId conv = ConversationId.group(who.userId(), f.id());
    return CompletableFuture.supplyAsync(
            () -> {
              List<String> users = resolve(f.memberHandles());
              // A retry names the group its first try created: it is answered, not counted.
              if (groups.header(conv).isEmpty() && !mayCreate(who.userId())) {
                throw new MessagingException(
                    MessagingException.Reason.RATE_LIMITED,
                    "at most " + limits.maxCreatedPerHour() + " new groups an hour");
              }
              return users;
            },
            reads)
        .thenCompose(
            users ->
                log.changeGroup(
                    new GroupCommand.Create(conv, who.userId(), who.deviceId(), title, users)))
        .thenApply(r -> changed(conv, r));
  }

  public CompletableFuture<GroupChanged> add(Principal who, AddMembers f) {
    ConversationId conv = group(f.conv());
    return CompletableFuture.supplyAsync(() -> resolve(f.handles()), reads)
        .thenCompose(
            users ->
                log.changeGroup(new GroupCommand.Add(conv, who.userId(), who.deviceId(), users)))
        .thenApply(r -> changed(conv, r));
  }

  public CompletableFuture<GroupChanged> remove(Principal who, RemoveMember f) {
    ConversationId conv = group(f.conv());
    return log.changeGroup(new GroupCommand.Remove(conv, who.userId(), who.deviceId(), f.user()))
        .thenApply(r -> changed(conv, r));
  }

  public CompletableFuture<GroupChanged> leave(Principal who, LeaveGroup f) {
    ConversationId conv = group(f.conv());
    return log.changeGroup(new GroupCommand.Leave(conv, who.userId(), who.deviceId()))
        .thenApply(r -> changed(conv, r));
  }

  public CompletableFuture<GroupChanged> setAdmin(Principal who, SetAdmin f) {
    ConversationId conv = group(f.conv());
    return log.changeGroup(
            new GroupCommand.SetAdmin(conv, who.userId(), who.deviceId(), f.user(), f.admin()))
        .thenApply(r -> changed(conv, r));
  }

  public CompletableFuture<GroupChanged> rename(Principal who, RenameGroup f) {
    ConversationId conv = group(f.conv());
    String title = GroupRoster.checkTitle(limits, f.title());
    return log.changeGroup(new GroupCommand.Rename(conv, who.userId(), who.deviceId(), title))
        .thenApply(r -> changed(conv, r));
  }

  public CompletableFuture<MemberPage> info(Principal who, MembersQuery f) {
    ConversationId conv = group(f.conv());
    int limit = f.limit() == null ? MEMBER_PAGE : f.limit();
    return CompletableFuture.supplyAsync(
        () -> {
          requireCurrentMember(who, conv);
          GroupStore.GroupHeader header = groups.header(conv).orElseThrow(() -> notYours(conv));
          List<GroupMember> page = groups.members(conv, f.after(), limit);
          List<MemberPage.ListedMember> members = new ArrayList<>(page.size());
          for (GroupMember m : page) {
            members.add(
                new MemberPage.ListedMember(m.user(), handleOf(m.user()), m.role(), m.since()));
          }
          String next = page.size() < limit ? null : page.get(page.size() - 1).user();
          return new MemberPage(conv, header.title(), header.size(), members, next);
        },
        reads);
  }

  /** Who of the current members has read (or received) the caller's own message {@code seq}. */
  public CompletableFuture<ReadByPage> readBy(Principal who, ReadByQuery f) {
    ConversationId conv = group(f.conv());
    int limit = f.limit() == null ? MEMBER_PAGE : f.limit();
    boolean readers = f.kind() == ReadByQuery.Kind.READ;
    return CompletableFuture.supplyAsync(
        () -> {
          requireCurrentMember(who, conv);
          List<StoredMessage> at = history.messagesBefore(conv, f.seq() + 1, 1);
          if (at.isEmpty()
              || at.get(0).seq() != f.seq()
              || !who.userId().equals(at.get(0).from())) {
            throw new MessagingException(
                MessagingException.Reason.FORBIDDEN, "you can ask who read only your own messages");
          }
          List<UserRef> users = new ArrayList<>(limit);
          String after = f.after();
          String next = null;
          // Members are paged by id; a page of readers may need several pages of members.
          while (users.size() < limit) {
            List<GroupMember> page = groups.members(conv, after, MEMBER_PAGE);
            for (GroupMember m : page) {
              after = m.user();
              if (m.user().equals(who.userId())) {
                continue;
              }
              var p = groups.position(conv, m.user());
              // A member who joined after the message never received it, whatever their position.
              if (m.since() <= f.seq() && (readers ? p.read() : p.delivered()) >= f.seq()) {
                users.add(new UserRef(m.user(), handleOf(m.user())));
                if (users.size() == limit) {
                  next = m.user();
                  break;
                }
              }
            }
            if (page.size() < MEMBER_PAGE) {
              break;
            }
          }
          return new ReadByPage(conv, f.seq(), f.kind(), users, next);
        },
        reads);
  }

  /**
   * Whom to tell that the caller is typing in a group: its current members, for groups of up to
   * {@value #TYPING_MAX_MEMBERS}; nobody in bigger ones (like presence, typing in a crowd of
   * thousands is noise that would cost a push per member). {@code forbidden} for non-members.
   */
  public CompletableFuture<List<String>> typingAudience(Principal who, ConversationId conv) {
    return CompletableFuture.supplyAsync(
        () -> {
          requireCurrentMember(who, conv);
          GroupStore.GroupHeader header = groups.header(conv).orElseThrow(() -> notYours(conv));
          if (header.size() > TYPING_MAX_MEMBERS) {
            return List.of();
          }
          List<String> audience = new ArrayList<>(header.size());
          for (GroupMember m : groups.members(conv, null, TYPING_MAX_MEMBERS)) {
            audience.add(m.user());
          }
          return audience;
        },
        reads);
  }

  /**
   * The caller's membership of a group for reading it: current or past (history rules), else {@code
   * forbidden}.
   */
  public GroupMember readableBy(Principal who, ConversationId conv) {
    return groups.member(conv, who.userId()).orElseThrow(() -> notYours(conv));
  }

  /** {@code forbidden} unless the caller is a current member. */
  public void requireCurrentMember(Principal who, ConversationId conv) {
    GroupMember m = readableBy(who, conv);
    if (!m.current()) {
      throw notYours(conv);
    }
  }

  private ConversationId group(String value) {
    if (!groups.supported()) {
      throw new UnsupportedOperationException("groups are not available in this mode yet");
    }
    ConversationId conv =
        ConversationId.parse(value)
            .orElseThrow(
                () ->
                    new MessagingException(
                        MessagingException.Reason.UNKNOWN_CONVERSATION,
                        "'" + value + "' is not a conversation id"));
    if (!conv.isGroup()) {
      throw new MessagingException(
          MessagingException.Reason.INVALID_REQUEST, "'" + value + "' is not a group");
    }
    return conv;
  }

  private static MessagingException notYours(ConversationId conv) {
    return new MessagingException(
        MessagingException.Reason.FORBIDDEN, "conversation '" + conv + "' is not yours");
  }

  /** User ids of {@code handles}, all or nothing: an unknown handle refuses the request. */
  private List<String> resolve(List<String> handles) {
    List<String> users = new ArrayList<>(handles.size());
    for (String handle : handles) {
      UserAccount user =
          accounts
              .userByHandle(handle)
              .orElseThrow(
                  () ->
                      new MessagingException(
                          MessagingException.Reason.UNKNOWN_USER,
                          "no user with handle '" + handle + "'"));
      users.add(user.userId());
    }
    return users;
  }

  private String handleOf(String userId) {
    return accounts.userById(userId).map(UserAccount::handle).orElse(null);
  }

  private synchronized boolean mayCreate(String userId) {
    return creations
        .computeIfAbsent(
            userId,
            u ->
                Bucket.builder()
                    .addLimit(
                        Bandwidth.builder()
                            .capacity(limits.maxCreatedPerHour())
                            .refillGreedy(limits.maxCreatedPerHour(), Duration.ofHours(1))
                            .build())
                    .build())
        .tryConsume(1);
  }

  private static GroupChanged changed(ConversationId conv, GroupChangeResult r) {
    return new GroupChanged(conv, r.seq(), r.ts(), r.duplicate());
  }
}
