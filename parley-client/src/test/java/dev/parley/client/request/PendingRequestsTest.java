package dev.parley.client.request;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.protocol.ClientFrame;
import dev.parley.protocol.ServerFrame;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class PendingRequestsTest {
  private final PendingRequests requests = new PendingRequests();
  private final List<ClientFrame> firstSession = new ArrayList<>();
  private final List<ClientFrame> secondSession = new ArrayList<>();

  @Test
  void aGroupCreationInFlightIsSentAgainWithItsKeyOnTheNextSession() {
    String key = UUID.randomUUID().toString();
    requests.onConnected(firstSession::add);
    CompletableFuture<ServerFrame> reply =
        requests.submit(ref -> new ClientFrame.CreateGroup(ref, key, "Trip", List.of("bob")));
    requests.onDisconnected();
    requests.onConnected(secondSession::add);

    assertThat(secondSession).containsExactlyElementsOf(firstSession);
    assertThat(((ClientFrame.CreateGroup) secondSession.get(0)).id()).isEqualTo(key);
    String ref = secondSession.get(0).ref();
    assertThat(requests.complete(ref, new ServerFrame.GroupChanged(ref, "g.x", 1, 5, true)))
        .isTrue();
    assertThat(reply).isCompleted();
  }

  @Test
  void aGroupChangeInFlightWhenTheSessionEndsFailsInsteadOfBeingRepeated() {
    requests.onConnected(firstSession::add);
    CompletableFuture<ServerFrame> inFlight =
        requests.submitOnce(ref -> new ClientFrame.GroupAdd(ref, "g.x", List.of("carol")));
    requests.onDisconnected();
    CompletableFuture<ServerFrame> composedOffline =
        requests.submitOnce(ref -> new ClientFrame.GroupLeave(ref, "g.x"));
    requests.onConnected(secondSession::add);

    assertThat(inFlight)
        .isCompletedExceptionally()
        .failsWithin(java.time.Duration.ZERO)
        .withThrowableOfType(java.util.concurrent.ExecutionException.class)
        .havingCause()
        .isInstanceOfSatisfying(
            ParleyRequestException.class,
            e -> assertThat(e.code()).isEqualTo(ParleyRequestException.CONNECTION_LOST));
    // One that never left waits for the next session and goes then, once.
    assertThat(secondSession).singleElement().isInstanceOf(ClientFrame.GroupLeave.class);
    assertThat(composedOffline).isNotDone();
  }
}
