package dev.parley.core.push;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The {@link PushStore} contract; implementations extend it with a fresh store per test and may
 * {@link #reopen} it to show what is durable.
 */
public abstract class PushStoreContract {

  protected abstract PushStore store();

  /** Closes and opens the store again on the same data (a restart). */
  protected abstract void reopen();

  private static PushTarget target(String user, String device, String key) {
    return new PushTarget(user, device, "dev", key, 1);
  }

  private static PushNotification notification(String id, PushTarget target, int unread) {
    return new PushNotification(
        id,
        PushNotification.Kind.MESSAGE,
        target,
        "d.u1.u2",
        7,
        "u2",
        "bob",
        unread,
        null,
        100,
        0,
        200);
  }

  @Test
  void aDeviceHasOneTargetAndRegisteringAgainReplacesIt() {
    store().saveTarget(target("u1", "phone", "k1"));
    store().saveTarget(target("u1", "phone", "k2"));
    store().saveTarget(target("u1", "laptop", "k3"));
    reopen();
    assertThat(store().targets())
        .extracting(PushTarget::deviceId, PushTarget::key)
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple("phone", "k2"),
            org.assertj.core.groups.Tuple.tuple("laptop", "k3"));
  }

  @Test
  void aDeadKeyRemovesATargetOnlyWhileTheDeviceStillHasIt() {
    store().saveTarget(target("u1", "phone", "old"));
    store().saveTarget(target("u1", "phone", "new"));
    store().removeTarget("u1", "phone", "old");
    assertThat(store().targets()).extracting(PushTarget::key).containsExactly("new");
    store().removeTarget("u1", "phone", "new");
    assertThat(store().targets()).isEmpty();
    store().saveTarget(target("u1", "phone", "again"));
    store().removeTarget("u1", "phone", null);
    assertThat(store().targets()).isEmpty();
  }

  @Test
  void mutesAreKeptPerUserAndConversation() {
    store().saveMute(new PushStore.Mute("u1", "d.u1.u2", Long.MAX_VALUE));
    store().saveMute(new PushStore.Mute("u1", "d.u1.u3", 5_000));
    store().saveMute(new PushStore.Mute("u1", "d.u1.u3", 9_000));
    store().saveMute(new PushStore.Mute("u2", "d.u1.u2", 5_000));
    store().removeMute("u2", "d.u1.u2");
    reopen();
    assertThat(store().mutes())
        .containsExactlyInAnyOrder(
            new PushStore.Mute("u1", "d.u1.u2", Long.MAX_VALUE),
            new PushStore.Mute("u1", "d.u1.u3", 9_000));
  }

  @Test
  void queuedNotificationsSurviveARestartInTheirLatestVersionUntilRemoved() {
    PushTarget phone = target("u1", "phone", "k1");
    store().saveQueued(notification("n1", phone, 1));
    store().saveQueued(notification("n1", phone, 3));
    store().saveQueued(notification("n2", phone, 1));
    store().removeQueued("n2");
    reopen();
    assertThat(store().queued()).containsExactly(notification("n1", phone, 3));
  }

  @Test
  void aUsersOwnTargetsAndMutesAreReadByUser() {
    store().saveTarget(target("u1", "phone", "k1"));
    store().saveTarget(target("u1", "laptop", "k2"));
    store().saveTarget(target("u10", "phone", "k3"));
    store().saveMute(new PushStore.Mute("u1", "d.u1.u2", 5_000));
    store().saveMute(new PushStore.Mute("u10", "d.u10.u2", 5_000));
    reopen();
    assertThat(store().targets("u1"))
        .extracting(PushTarget::key)
        .containsExactlyInAnyOrder("k1", "k2");
    assertThat(store().targets("u10")).extracting(PushTarget::key).containsExactly("k3");
    assertThat(store().targets("u2")).isEmpty();
    assertThat(store().mutes("u1")).containsExactly(new PushStore.Mute("u1", "d.u1.u2", 5_000));
    assertThat(store().mutes("u2")).isEmpty();
  }

  @Test
  void aRoundsQueueChangesAreWrittenTogetherAndSurviveARestart() {
    PushTarget phone = target("u1", "phone", "k1");
    store().saveQueued(notification("n1", phone, 1));
    store().saveQueued(notification("n2", phone, 1));
    store()
        .writeQueued(
            List.of(notification("n2", phone, 2), notification("n3", phone, 1)),
            List.of("n1", "never-queued"));
    reopen();
    assertThat(store().queued())
        .containsExactlyInAnyOrder(notification("n2", phone, 2), notification("n3", phone, 1));
    store().writeQueued(List.of(), List.of("n2", "n3"));
    assertThat(store().queued()).isEmpty();
  }
}
