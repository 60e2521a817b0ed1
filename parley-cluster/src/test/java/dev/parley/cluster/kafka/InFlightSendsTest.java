package dev.parley.cluster.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.core.conversation.ConversationId;
import dev.parley.core.log.AppendResult;
import dev.parley.core.log.AppendUnconfirmedException;
import dev.parley.core.log.LogUnavailableException;
import dev.parley.core.log.NewMessage;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

class InFlightSendsTest {
  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  private final InFlightSends sends = new InFlightSends(meters, Duration.ofMinutes(5), 3);
  private final List<CompletableFuture<AppendResult>> commands = new ArrayList<>();
  private final ConversationId conv = ConversationId.direct("alice", "bob");
  private final UUID id = UUID.randomUUID();

  private CompletableFuture<AppendResult> command(NewMessage m) {
    CompletableFuture<AppendResult> f = new CompletableFuture<>();
    commands.add(f);
    return f;
  }

  private NewMessage message(String body, Long after) {
    return new NewMessage(conv, "alice", "alice-phone", id, body, after);
  }

  @Test
  void aRetryOfAWaitingSendGetsItsAnswerAsADuplicateWithoutASecondCommand() {
    CompletableFuture<AppendResult> first = sends.send(message("hi", 4L), this::command);
    CompletableFuture<AppendResult> retry = sends.send(message("hi", 4L), this::command);
    assertThat(commands).hasSize(1);
    assertThat(retry).isNotDone();

    commands.get(0).complete(new AppendResult(5, 1_000, false));
    assertThat(first.join()).isEqualTo(new AppendResult(5, 1_000, false));
    assertThat(retry.join()).isEqualTo(new AppendResult(5, 1_000, true));
    assertThat(meters.counter("parley.send.retries.joined").count()).isEqualTo(1);

    sends.send(message("hi", 4L), this::command);
    assertThat(commands).as("once answered, a retry is a command again").hasSize(2);
    commands.get(1).complete(new AppendResult(5, 1_000, true));
    assertThat(sends.size()).isZero();
  }

  @Test
  void aSendThatDiffersIsNotARetry() {
    sends.send(message("hi", 4L), this::command);
    sends.send(message("", 4L), this::command); // giving the message up: empty body, same id
    sends.send(message("hi", null), this::command);
    assertThat(commands).hasSize(3);
  }

  @Test
  void aFailureReachesTheRetriesAndTheNextAttemptIsACommandAgain() {
    CompletableFuture<AppendResult> first = sends.send(message("hi", 4L), this::command);
    CompletableFuture<AppendResult> retry = sends.send(message("hi", 4L), this::command);
    LogUnavailableException busy = new LogUnavailableException("busy", true, null);
    commands.get(0).completeExceptionally(new CompletionException(busy));

    assertThatThrownBy(first::join).hasCause(busy);
    assertThatThrownBy(retry::join).hasCause(busy);
    sends.send(message("hi", 4L), this::command);
    assertThat(commands).hasSize(2);
  }

  @Test
  void aRetryAfterTheWaitRanOutJoinsTheCommandStillUnansweredAndGetsItsLateAnswer() {
    InFlightSends quick = new InFlightSends(meters, Duration.ofMillis(50), 3);
    CompletableFuture<AppendResult> first = quick.send(message("hi", 4L), this::command);
    assertThatThrownBy(first::join).hasCauseInstanceOf(AppendUnconfirmedException.class);

    CompletableFuture<AppendResult> retry = quick.send(message("hi", 4L), this::command);
    assertThat(commands).as("the first command is still on its way: no copy").hasSize(1);
    commands.get(0).complete(new AppendResult(5, 1_000, false));
    assertThat(retry.join()).isEqualTo(new AppendResult(5, 1_000, true));
    assertThat(quick.size()).isZero();
  }

  @Test
  void pastItsCapacityANewSendIsRefusedAtOnceWhileRetriesStillJoin() {
    List<NewMessage> waiting = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      waiting.add(new NewMessage(conv, "alice", "alice-phone", UUID.randomUUID(), "m" + i, 4L));
      sends.send(waiting.get(i), this::command);
    }
    CompletableFuture<AppendResult> fourth = sends.send(message("hi", 4L), this::command);
    assertThatThrownBy(fourth::join)
        .hasCauseInstanceOf(LogUnavailableException.class)
        .cause()
        .matches(e -> ((LogUnavailableException) e).overloaded(), "overloaded");
    assertThat(commands).hasSize(3);
    assertThat(meters.counter("parley.send.refused.backlog").count()).isEqualTo(1);
    CompletableFuture<AppendResult> retry = sends.send(waiting.get(2), this::command);
    assertThat(commands).hasSize(3);
    commands.get(2).complete(new AppendResult(3, 1_000, false));
    assertThat(retry.join().duplicate()).isTrue();

    sends.send(message("hi", 4L), this::command);
    assertThat(commands).as("room again").hasSize(4);
  }
}
