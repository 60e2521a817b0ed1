package dev.parley.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class FrameCodecTest {
  private final FrameCodec codec = new FrameCodec();

  @Test
  void decodesSend() throws FrameException {
    ClientFrame frame =
        codec.decodeClient(
            "{\"type\":\"send\",\"ref\":\"r1\",\"id\":\"6f1c2a9e-8b1d-4c3e-9a57-1f1d0e2b3c4d\",\"conv\":\"d.a.b\",\"body\":\"hi\",\"extra\":1}");
    assertThat(frame)
        .isEqualTo(
            new ClientFrame.Send("r1", "6f1c2a9e-8b1d-4c3e-9a57-1f1d0e2b3c4d", "d.a.b", "hi"));
    assertThat(
            codec.decodeClient(
                "{\"type\":\"send\",\"ref\":\"r1\",\"id\":\"6f1c2a9e-8b1d-4c3e-9a57-1f1d0e2b3c4d\",\"conv\":\"d.a.b\",\"body\":\"hi\",\"after\":41}"))
        .isEqualTo(
            new ClientFrame.Send("r1", "6f1c2a9e-8b1d-4c3e-9a57-1f1d0e2b3c4d", "d.a.b", "hi", 41L));
  }

  @Test
  void classifiesBadFrames() {
    assertCode("[1,2]", ErrorCode.BAD_JSON);
    assertCode("{\"type\":", ErrorCode.BAD_JSON);
    assertCode("{\"type\":\"teleport\"}", ErrorCode.UNKNOWN_TYPE);
    assertCode("{\"conv\":\"x\"}", ErrorCode.UNKNOWN_TYPE);
    assertCode(
        "{\"type\":\"send\",\"id\":\"6f1c2a9e-8b1d-4c3e-9a57-1f1d0e2b3c4d\",\"conv\":\"c\",\"body\":\"b\",\"after\":-1}",
        ErrorCode.INVALID_FRAME);
    assertCode(
        "{\"type\":\"send\",\"id\":\"nope\",\"conv\":\"c\",\"body\":\"b\"}",
        ErrorCode.INVALID_FRAME);
    assertCode("{\"type\":\"read\",\"conv\":\"c\"}", ErrorCode.INVALID_FRAME);
    assertCode("{\"type\":\"read\",\"conv\":\"c\",\"seq\":\"x\"}", ErrorCode.INVALID_FRAME);
    assertCode("{\"type\":\"history\",\"conv\":\"c\",\"limit\":1000}", ErrorCode.INVALID_FRAME);
  }

  @Test
  void decodesUsersAndRefusesMalformedIds() throws FrameException {
    assertThat(
            codec.decodeClient(
                "{\"type\":\"users\",\"ref\":\"u1\",\"ids\":[\"6lnogstpa2b3c4d5e6f7\"]}"))
        .isEqualTo(new ClientFrame.Users("u1", List.of("6lnogstpa2b3c4d5e6f7")));
    assertCode("{\"type\":\"users\"}", ErrorCode.INVALID_FRAME);
    assertCode("{\"type\":\"users\",\"ids\":[]}", ErrorCode.INVALID_FRAME);
    assertCode("{\"type\":\"users\",\"ids\":[\"Bob!\"]}", ErrorCode.INVALID_FRAME);
    assertCode("{\"type\":\"users\",\"ids\":[\"\"]}", ErrorCode.INVALID_FRAME);
    assertCode("{\"type\":\"users\",\"ids\":[null]}", ErrorCode.INVALID_FRAME);
    assertCode(
        "{\"type\":\"users\",\"ids\":[\"" + "a".repeat(65) + "\"]}", ErrorCode.INVALID_FRAME);
    String ids = String.join(",", Collections.nCopies(257, "\"abc\""));
    assertCode("{\"type\":\"users\",\"ids\":[" + ids + "]}", ErrorCode.INVALID_FRAME);
    String most = String.join(",", Collections.nCopies(256, "\"abc\""));
    assertThat(codec.decodeClient("{\"type\":\"users\",\"ids\":[" + most + "]}"))
        .isInstanceOfSatisfying(ClientFrame.Users.class, u -> assertThat(u.ids()).hasSize(256));
  }

  @Test
  void usersReplyRoundTripsWithAnEmptyList() throws FrameException {
    ServerFrame none = new ServerFrame.Users("u1", List.of());
    assertThat(codec.encode(none)).contains("\"users\":[]");
    ServerFrame some = new ServerFrame.Users("u1", List.of(new Peer("abc", "alice")));
    assertThat(codec.decodeServer(codec.encode(some))).isEqualTo(some);
  }

  @Test
  void invalidFrameNamesTheField() {
    assertThatThrownBy(
            () ->
                codec.decodeClient(
                    "{\"type\":\"send\",\"id\":\"6f1c2a9e-8b1d-4c3e-9a57-1f1d0e2b3c4d\",\"conv\":\"c\"}"))
        .hasMessageContaining("body");
  }

  @Test
  void serverFramesRoundTrip() throws FrameException {
    ServerFrame feed =
        new ServerFrame.Feed(
            List.of(
                new FeedEvent.Message(
                    "d.a.b", 1, "6f1c2a9e-8b1d-4c3e-9a57-1f1d0e2b3c4d", "a", "dev", 5, "x"),
                new FeedEvent.Receipt("d.a.b", "b", 1, 0)),
            "c1");
    String json = codec.encode(feed);
    assertThat(json).contains("\"type\":\"feed\"").contains("\"kind\":\"message\"");
    assertThat(codec.decodeServer(json)).isEqualTo(feed);
    ServerFrame error = ServerFrame.Error.of("r", ErrorCode.BODY_TOO_LONG, "too long");
    assertThat(codec.encode(error))
        .contains("\"code\":\"body_too_long\"")
        .doesNotContain("retryAfterMs");
  }

  private void assertCode(String json, ErrorCode code) {
    assertThatThrownBy(() -> codec.decodeClient(json))
        .isInstanceOfSatisfying(FrameException.class, e -> assertThat(e.code()).isEqualTo(code));
  }
}
