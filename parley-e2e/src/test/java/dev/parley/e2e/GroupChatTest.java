package dev.parley.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.parley.protocol.ClientFrame;
import dev.parley.protocol.FeedEvent;
import dev.parley.protocol.ServerFrame;
import dev.parley.testing.TestDevice;
import dev.parley.testing.TestSocket;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

/**
 * Groups in the web client, against the real server: creating one, chatting with senders shown,
 * membership changes as system lines, group ticks and "Message info", the admin actions, and what a
 * removed member sees.
 */
class GroupChatTest extends WebClientTest {

  @Test
  void aGroupMadeInTheBrowserReachesItsMembersAndItsTicksFollowEveryMember() {
    String alice = handle("alice");
    String bob = handle("bob");
    String carol = handle("carol");
    TestDevice carolDevice = server.register(carol, PASSWORD, "carol's phone");
    try (Browser aliceBrowser = Browser.desktop();
        Browser bobBrowser = Browser.desktop();
        TestSocket carolSocket = TestSocket.connectAndSync(server, carolDevice, null)) {
      ChatPage alicePage = signedUp(aliceBrowser, alice);
      ChatPage bobPage = signedUp(bobBrowser, bob);
      GroupPage aliceGroup = new GroupPage(alicePage);
      GroupPage bobGroup = new GroupPage(bobPage);

      aliceGroup.createGroup("Trip", bob + ", " + carol);
      await().until(() -> aliceGroup.chatStatus().equals("3 members"));
      await()
          .until(
              () ->
                  aliceGroup
                      .systemLines()
                      .equals(
                          List.of("You created the group “Trip” with " + bob + " and " + carol)));

      await().until(() -> bobGroup.hasGroupRow("Trip"));
      bobGroup.openGroup("Trip");
      await()
          .until(
              () ->
                  bobGroup
                      .systemLines()
                      .equals(List.of(alice + " created the group “Trip” with you and " + carol)));

      alicePage.send("Who brings the map?");
      await()
          .until(
              () ->
                  bobGroup.lines().stream()
                      .anyMatch(
                          l ->
                              l.text().equals("Who brings the map?")
                                  && alice.equals(l.sender())
                                  && !l.mine()));
      await().until(() -> "sent".equals(aliceGroup.status("Who brings the map?")));

      // carol's phone receives it: now every member has it.
      FeedEvent.Message atCarol =
          await()
              .until(
                  () ->
                      carolSocket.messages().stream()
                          .filter(m -> m.body().equals("Who brings the map?"))
                          .findFirst(),
                  Optional::isPresent)
              .get();
      carolSocket.send(new ClientFrame.Received(atCarol.conv(), atCarol.seq()));
      await().until(() -> "delivered".equals(aliceGroup.status("Who brings the map?")));

      // bob has the chat on screen, so he has read it; once carol reads too, the ticks turn blue.
      carolSocket.send(new ClientFrame.Read(atCarol.conv(), atCarol.seq()));
      await().until(() -> "read".equals(aliceGroup.status("Who brings the map?")));
      assertThat(alicePage.tickColor("Who brings the map?")).isEqualTo("rgb(11, 87, 208)");

      aliceGroup.openReadBy("Who brings the map?");
      await().until(() -> aliceGroup.readBy().size() == 2);
      assertThat(aliceGroup.readBy()).containsExactlyInAnyOrder(bob, carol);
      assertThat(aliceGroup.deliveredTo()).isEmpty();

      // Typing and replies, with the sender's handle.
      bobPage.findElement(By.id("composer")).sendKeys("I do");
      await().until(() -> aliceGroup.chatStatus().equals(bob + " is typing…"));
      bobPage.send(", and the snacks");
      await()
          .until(
              () ->
                  aliceGroup.lines().stream()
                      .anyMatch(
                          l -> l.text().equals("I do, and the snacks") && bob.equals(l.sender())));
      await().until(() -> aliceGroup.preview("Trip").equals(bob + ": I do, and the snacks"));
      await().until(() -> aliceGroup.chatStatus().equals("3 members"));
    }
  }

  @Test
  void adminsManageTheGroupAndARemovedMemberCanNoLongerWrite() {
    String alice = handle("alice");
    String bob = handle("bob");
    String carol = handle("carol");
    String dave = handle("dave");
    server.register(bob, PASSWORD, "bob's phone");
    server.register(dave, PASSWORD, "dave's phone");
    try (Browser aliceBrowser = Browser.desktop();
        Browser carolBrowser = Browser.desktop()) {
      ChatPage alicePage = signedUp(aliceBrowser, alice);
      ChatPage carolPage = signedUp(carolBrowser, carol);
      GroupPage aliceGroup = new GroupPage(alicePage);
      GroupPage carolGroup = new GroupPage(carolPage);

      aliceGroup.createGroup("Crew", bob + " " + carol);
      carolGroup.openGroup("Crew");
      assertThat(carolGroup.canWrite()).isTrue();

      aliceGroup.openMembers();
      await().until(() -> aliceGroup.members().size() == 3);
      assertThat(aliceGroup.members())
          .containsEntry(alice, "admin")
          .containsEntry(bob, "member")
          .containsEntry(carol, "member");
      assertThat(aliceGroup.adminControlsShown()).isTrue();

      aliceGroup.addMembers(dave);
      await().until(() -> aliceGroup.members().containsKey(dave));
      await().until(() -> aliceGroup.systemLines().contains("You added " + dave));
      await().until(() -> aliceGroup.chatStatus().equals("4 members"));

      aliceGroup.memberAction(dave, "promote");
      await().until(() -> "admin".equals(aliceGroup.members().get(dave)));
      await().until(() -> aliceGroup.systemLines().contains("You made " + dave + " an admin"));

      aliceGroup.memberAction(carol, "remove");
      await().until(() -> !aliceGroup.members().containsKey(carol));
      await().until(() -> aliceGroup.systemLines().contains("You removed " + carol));

      // carol's browser: the removal arrives, the chat stays readable but cannot be written to.
      await().until(() -> carolGroup.systemLines().contains(alice + " removed you"));
      await().until(() -> !carolGroup.canWrite());
      assertThat(carolGroup.composerNote()).contains("no longer a member");
      assertThat(carolGroup.chatStatus()).isEqualTo("You are no longer a member");
      // The removal is read on screen; the server takes no receipt from her now, the count clears
      // here.
      await().until(() -> carolGroup.unread("Crew") == 0);

      aliceGroup.rename("Crew 2");
      await().until(() -> "Crew 2".equals(aliceGroup.chatTitle()));
      await().until(() -> aliceGroup.systemLines().contains("You renamed the group to “Crew 2”"));
      assertThat(aliceGroup.hasGroupRow("Crew 2")).isTrue();
      // Not a member any more: carol does not learn the new title.
      assertThat(carolGroup.systemLines()).doesNotContain(alice + " renamed the group to “Crew 2”");
    }

    // bob is a member but no admin: he sees the members, without the controls.
    try (Browser bobBrowser = Browser.desktop()) {
      ChatPage bobPage = ChatPage.open(bobBrowser, server.httpUri());
      bobPage.logIn(bob, PASSWORD);
      GroupPage bobGroup = new GroupPage(bobPage);
      bobGroup.openGroup("Crew 2");
      bobGroup.openMembers();
      await().until(() -> bobGroup.members().size() == 3);
      assertThat(bobGroup.members()).containsKeys(alice, bob, dave).doesNotContainKey(carol);
      assertThat(bobGroup.adminControlsShown()).isFalse();
      assertThat(bobPage.findElement(By.id("leave-group")).isDisplayed()).isTrue();
      assertThat(bobGroup.canWrite()).isTrue();

      // Anyone may leave; afterwards the group is read-only for him.
      bobPage.findElement(By.id("leave-group")).click();
      await().until(() -> bobGroup.systemLines().contains("You left"));
      await().until(() -> !bobGroup.canWrite());
      assertThat(bobGroup.chatStatus()).isEqualTo("You are no longer a member");
    }
  }

  /**
   * A removed member and one who wrote and then left are on no member page: a session that never
   * saw them names them anyway (the {@code users} request), in the list and in the chat.
   */
  @Test
  void aFreshSessionNamesRemovedAndDepartedMembersByHandle() {
    String alice = handle("alice");
    String bob = handle("bob");
    String carol = handle("carol");
    String dave = handle("dave");
    TestDevice aliceDevice = server.register(alice, PASSWORD, "alice's phone");
    TestDevice bobDevice = server.register(bob, PASSWORD, "bob's phone");
    TestDevice carolDevice = server.register(carol, PASSWORD, "carol's phone");
    server.register(dave, PASSWORD, "dave's phone");
    try (TestSocket aliceSocket = TestSocket.connectAndSync(server, aliceDevice, null);
        TestSocket carolSocket = TestSocket.connectAndSync(server, carolDevice, null)) {
      ServerFrame created =
          aliceSocket.request(
              new ClientFrame.CreateGroup(
                  "c1", UUID.randomUUID().toString(), "Reunion", List.of(bob, carol, dave)));
      String conv = ((ServerFrame.GroupChanged) created).conv();
      carolSocket.sendMessage(conv, "Sorry, I have to go");
      assertThat(carolSocket.request(new ClientFrame.GroupLeave("l1", conv)))
          .isInstanceOf(ServerFrame.GroupChanged.class);
      assertThat(aliceSocket.request(new ClientFrame.GroupRemove("r1", conv, bobDevice.userId())))
          .isInstanceOf(ServerFrame.GroupChanged.class);
    }

    try (Browser daveBrowser = Browser.desktop()) {
      ChatPage davePage = ChatPage.open(daveBrowser, server.httpUri());
      davePage.logIn(dave, PASSWORD);
      GroupPage daveGroup = new GroupPage(davePage);
      await().until(() -> (alice + " removed " + bob).equals(daveGroup.preview("Reunion")));

      daveGroup.openGroup("Reunion");
      await()
          .until(
              () ->
                  daveGroup
                      .systemLines()
                      .equals(
                          List.of(
                              alice
                                  + " created the group “Reunion” with "
                                  + bob
                                  + ", "
                                  + carol
                                  + " and you",
                              carol + " left",
                              alice + " removed " + bob)));
      await().until(() -> carol.equals(daveGroup.senderOf("Sorry, I have to go")));
      assertThat(daveGroup.lines())
          .noneMatch(
              l -> l.text().contains("user ") || String.valueOf(l.sender()).startsWith("user "));
    }
  }

  @Test
  void aGroupWithAnUnknownHandleIsRefusedAndNothingIsCreated() {
    String alice = handle("alice");
    String bob = handle("bob");
    TestDevice bobDevice = server.register(bob, PASSWORD, "bob's phone");
    try (Browser browser = Browser.desktop();
        TestSocket bobSocket = TestSocket.connectAndSync(server, bobDevice, null)) {
      ChatPage page = signedUp(browser, alice);
      GroupPage group = new GroupPage(page);

      group.submitNewGroup("Ghosts", bob + ", nobody_here");
      await().until(() -> !group.newGroupError().isEmpty());
      assertThat(group.newGroupError())
          .contains("Nobody has the handle “nobody_here”")
          .contains("No group was created");
      assertThat(group.groupRows()).isZero();
      assertThat(group.chatTitle()).isNull();

      ServerFrame reply = bobSocket.request(new ClientFrame.Conversations("c1", null, null));
      assertThat(((ServerFrame.Conversations) reply).items()).isEmpty();
    }
  }
}
