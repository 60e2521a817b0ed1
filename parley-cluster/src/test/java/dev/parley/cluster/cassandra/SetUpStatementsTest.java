package dev.parley.cluster.cassandra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.datastax.oss.driver.api.core.DriverTimeoutException;
import com.datastax.oss.driver.api.core.NoNodeAvailableException;
import com.datastax.oss.driver.api.core.servererrors.SyntaxError;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class SetUpStatementsTest {

  @Test
  void aTimedOutOrUnreachableAttemptIsTriedAgain() {
    AtomicInteger calls = new AtomicInteger();
    AtomicInteger pauses = new AtomicInteger();

    String result =
        SetUpStatements.retried(
            () -> {
              switch (calls.incrementAndGet()) {
                case 1 -> throw new DriverTimeoutException("Query timed out after PT2S");
                case 2 -> throw new NoNodeAvailableException();
                default -> {
                  return "applied";
                }
              }
            },
            pauses::incrementAndGet);

    assertThat(result).isEqualTo("applied");
    assertThat(calls).hasValue(3);
    assertThat(pauses).hasValue(2);
  }

  @Test
  void givesUpAfterTheLastAttemptWithTheLastError() {
    AtomicInteger calls = new AtomicInteger();

    assertThatThrownBy(
            () ->
                SetUpStatements.retried(
                    () -> {
                      calls.incrementAndGet();
                      throw new DriverTimeoutException("Query timed out after PT1M");
                    },
                    () -> {}))
        .isInstanceOf(DriverTimeoutException.class);
    assertThat(calls).hasValue(SetUpStatements.ATTEMPTS);
  }

  @Test
  void aStatementTheServerRefusesIsNotRetried() {
    AtomicInteger calls = new AtomicInteger();

    assertThatThrownBy(
            () ->
                SetUpStatements.retried(
                    () -> {
                      calls.incrementAndGet();
                      throw new SyntaxError(null, "line 1:0 no viable alternative");
                    },
                    () -> {}))
        .isInstanceOf(SyntaxError.class);
    assertThat(calls).hasValue(1);
  }
}
