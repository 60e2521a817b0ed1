package dev.parley.bench.load;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.protocol.ClientFrame;
import dev.parley.protocol.FrameCodec;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class WireFramesTest {
  private final FrameCodec codec = new FrameCodec();

  @Test
  void fastPathFramesDecodeToTheProtocolRecords() throws Exception {
    String id = WireFrames.fastUuid();
    String body = new MessageBody(7, 123456789L).encode(100);

    assertThat(codec.decodeClient(WireFrames.send(7, id, "d.a.b", body)))
        .isEqualTo(new ClientFrame.Send("7", id, "d.a.b", body));
    assertThat(codec.decodeClient(WireFrames.send(7, id, "d.a.b", body, 0)))
        .isEqualTo(new ClientFrame.Send("7", id, "d.a.b", body, 0L));
    assertThat(codec.decodeClient(WireFrames.send(7, id, "d.a.b", body, 41)))
        .isEqualTo(new ClientFrame.Send("7", id, "d.a.b", body, 41L));
    assertThat(codec.decodeClient(WireFrames.received("d.a.b", 42)))
        .isEqualTo(new ClientFrame.Received("d.a.b", 42));
    assertThat(codec.decodeClient(WireFrames.read("d.a.b", 42)))
        .isEqualTo(new ClientFrame.Read("d.a.b", 42));
    assertThat(codec.decodeClient(WireFrames.SYNC_FROM_NOW)).isEqualTo(new ClientFrame.Sync(null));
  }

  @Test
  void fastUuidIsAVersion4Uuid() {
    UUID uuid = UUID.fromString(WireFrames.fastUuid());
    assertThat(uuid.version()).isEqualTo(4);
    assertThat(uuid.variant()).isEqualTo(2);
  }

  @Test
  void bodyCarriesCounterAndSendTimeAtTheRequestedSize() {
    String body = new MessageBody(12, 987654321L).encode(64);
    assertThat(body).hasSize(64);
    assertThat(MessageBody.parse(body)).isEqualTo(new MessageBody(12, 987654321L));
  }

  @Test
  void trackerTellsDuplicatesFromLateArrivals() {
    DeliveryTracker tracker = new DeliveryTracker();
    for (long k : new long[] {0, 1, 3, 2, 3, 4}) {
      tracker.accept(k);
    }
    assertThat(tracker.distinct()).isEqualTo(5);
    assertThat(tracker.outOfOrder()).isEqualTo(1);
    assertThat(tracker.duplicated()).isEqualTo(1);
  }
}
