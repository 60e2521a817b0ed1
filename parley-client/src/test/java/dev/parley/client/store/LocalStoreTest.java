package dev.parley.client.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.client.Message;
import dev.parley.client.MessageStatus;
import dev.parley.client.group.MembershipChange;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalStoreTest {
  private static final Identity ME = new Identity("me", "alice", "dev1");

  @TempDir Path dir;

  @Test
  void membershipChangesKeepTheStoredShapeOfTheProtocolsSystemObject() throws Exception {
    Path file = dir.resolve("a.db");
    try (LocalStore store = LocalStore.open(file)) {
      store.insertMessage(
          new Message(
              "g.x",
              2,
              "s2",
              "bob",
              "d",
              5,
              "",
              new MembershipChange(
                  "g.x",
                  2,
                  5,
                  MembershipChange.Action.ADDED,
                  "bob",
                  List.of("carol"),
                  null,
                  null)));
    }
    try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement st = db.createStatement()) {
      try (var rs = st.executeQuery("SELECT system FROM messages WHERE seq = 2")) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getString(1))
            .isEqualTo("{\"action\":\"added\",\"actor\":\"bob\",\"users\":[\"carol\"]}");
      }
      // A row an earlier SDK wrote from the wire's system object.
      st.execute(
          "INSERT INTO messages(conv, seq, id, sender, device, ts, body, system) VALUES('g.x', 1,"
              + " 's1', 'bob', 'd', 4, '', '{\"action\":\"created\",\"actor\":\"bob\","
              + "\"users\":[\"me\"],\"title\":\"Trip\"}')");
    }
    try (LocalStore store = LocalStore.open(file)) {
      assertThat(store.recentMessages("g.x", 10).get(0).membershipChange())
          .isEqualTo(
              new MembershipChange(
                  "g.x",
                  1,
                  4,
                  MembershipChange.Action.CREATED,
                  "bob",
                  List.of("me"),
                  "Trip",
                  null));
    }
  }

  @Test
  void messagesAreKeyedByConversationAndSeq() {
    try (LocalStore store = LocalStore.open(dir.resolve("a.db"))) {
      Message m = new Message("c1", 1, "id1", "bob", "d", 1, "hi");
      assertThat(store.insertMessage(m)).isTrue();
      assertThat(store.insertMessage(m)).isFalse();
      assertThat(store.recentMessages("c1", 10)).hasSize(1);
    }
  }

  @Test
  void positionsOnlyMoveForwardAndDriveStatusAndUnread() {
    try (LocalStore store = LocalStore.open(dir.resolve("a.db"))) {
      store.setIdentity(ME);
      for (long seq = 1; seq <= 4; seq++) {
        store.insertMessage(new Message("c1", seq, "b" + seq, "bob", "d", seq, "m" + seq));
      }
      store.advancePositions("c1", "me", new Positions(4, 2));
      store.advancePositions("c1", "me", new Positions(1, 1));
      assertThat(store.positions("c1", "me")).isEqualTo(new Positions(4, 2));
      assertThat(store.unreadCount("c1", "me")).isEqualTo(2);

      store.advancePositions("c1", "bob", new Positions(9, 5));
      assertThat(store.statusOf("c1", 5)).isEqualTo(MessageStatus.READ);
      assertThat(store.statusOf("c1", 8)).isEqualTo(MessageStatus.DELIVERED);
      assertThat(store.statusOf("c1", 10)).isEqualTo(MessageStatus.SENT);
    }
  }

  @Test
  void aFileWrittenBeforeGroupsIsMigratedKeepingEverything() throws Exception {
    Path file = dir.resolve("old.db");
    // Exactly what the first release created, with no user_version.
    try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement st = db.createStatement()) {
      st.execute("CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL)");
      st.execute(
          "CREATE TABLE outbox(ord INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT NOT NULL UNIQUE,"
              + " conv TEXT NOT NULL, body TEXT NOT NULL, created_at INTEGER NOT NULL,"
              + " state TEXT NOT NULL, seq INTEGER, ts INTEGER, error TEXT)");
      st.execute(
          "CREATE TABLE messages(conv TEXT NOT NULL, seq INTEGER NOT NULL, id TEXT NOT NULL,"
              + " sender TEXT NOT NULL, device TEXT NOT NULL, ts INTEGER NOT NULL,"
              + " body TEXT NOT NULL, PRIMARY KEY(conv, seq))");
      st.execute(
          "CREATE TABLE positions(conv TEXT NOT NULL, user TEXT NOT NULL,"
              + " delivered INTEGER NOT NULL, read INTEGER NOT NULL, PRIMARY KEY(conv, user))");
      st.execute(
          "CREATE TABLE conversations(conv TEXT PRIMARY KEY, peer_user TEXT, peer_handle TEXT)");
      st.execute("INSERT INTO meta VALUES('cursor', 'k9')");
      st.execute(
          "INSERT INTO outbox(id, conv, body, created_at, state)"
              + " VALUES('queued', 'c1', 'still to send', 1, 'pending')");
      st.execute("INSERT INTO messages VALUES('c1', 1, 'id1', 'bob', 'd', 1, 'old message')");
    }

    try (LocalStore store = LocalStore.open(file)) {
      assertThat(store.cursor()).contains("k9");
      assertThat(store.outbox().pending()).extracting(OutboxEntry::id).containsExactly("queued");
      assertThat(store.recentMessages("c1", 10))
          .containsExactly(new Message("c1", 1, "id1", "bob", "d", 1, "old message"));
      Message created =
          new Message(
              "g.x",
              1,
              "s1",
              "bob",
              "d",
              2,
              "",
              new MembershipChange(
                  "g.x",
                  1,
                  2,
                  MembershipChange.Action.CREATED,
                  "bob",
                  List.of("me"),
                  "Trip",
                  null));
      assertThat(store.insertMessage(created)).isTrue();
      assertThat(store.groups().apply(created, "me")).isTrue();
    }
    try (LocalStore store = LocalStore.open(file);
        Connection db = DriverManager.getConnection("jdbc:sqlite:" + file)) {
      assertThat(Schema.version(db)).isEqualTo(Schema.VERSION);
      assertThat(store.recentMessages("g.x", 10))
          .singleElement()
          .extracting(m -> m.membershipChange().title())
          .isEqualTo("Trip");
      assertThat(store.groups().group("g.x")).get().extracting(g -> g.title()).isEqualTo("Trip");
    }
  }

  @Test
  void cursorAndIdentityPersist() {
    Path file = dir.resolve("a.db");
    try (LocalStore store = LocalStore.open(file)) {
      store.setIdentity(ME);
      store.setCursor("abc");
    }
    try (LocalStore store = LocalStore.open(file)) {
      assertThat(store.cursor()).contains("abc");
      assertThat(store.identity()).contains(ME);
    }
  }
}
