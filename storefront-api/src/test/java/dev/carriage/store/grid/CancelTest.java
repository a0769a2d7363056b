package dev.carriage.store.grid;

import static org.assertj.core.api.Assertions.assertThat;

import dev.carriage.grid.manifest.Sha256;
import dev.carriage.grid.ticket.Ticket;
import dev.carriage.grid.ticket.Tickets;
import dev.carriage.grid.wire.Frame;
import dev.carriage.node.NodeDaemon;
import dev.carriage.store.auth.SigningKeys;
import dev.carriage.store.support.Admins;
import dev.carriage.store.support.Api;
import dev.carriage.store.support.GridLab;
import dev.carriage.store.support.RawWireClient;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.URL;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Carriers honour Cancel: a block the client cancels before the carrier has started writing it
 * is never sent, so endgame duplicates cost no upload. The carrier's connection is capped at
 * 64 KiB/s, so each 16 KiB block takes a quarter of a second to leave and the cancels, sent a
 * moment after the requests, arrive while the later blocks still wait.
 */
@QuarkusTest
class CancelTest {

  private static final int BLOCK = 16 * 1024;

  @TestHTTPResource("/") URL storeUrl;
  @Inject Admins admins;
  @Inject SigningKeys keys;

  private GridLab lab;

  @AfterEach
  void stop() throws Exception {
    lab.close();
  }

  @Test
  void cancelledBlocksNotYetWritten_areNeverSent_andTheRestArriveInOrder() throws Exception {
    lab = GridLab.start(URI.create(storeUrl.toString()), admins, 0);
    Api.User publisher = Api.signUp("Cancel publisher", "publisher");
    UUID titleId = UUID.fromString(Api.titleOnSale(publisher, 999, null));
    lab.publish(publisher, titleId, GridLab.randomMedia(lab.newDirectory("media"), 8 * BLOCK, 3), BLOCK);
    NodeDaemon carrier = lab.startCarrier(titleId, 4L * BLOCK, false);
    Sha256 root = lab.origin().store().get(titleId).orElseThrow().manifest().merkleRoot();
    KeyPair key = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    String ticket = Tickets.sign(new Ticket(UUID.randomUUID(), titleId, root, key.getPublic(), Instant.now(),
        Instant.now().plus(Duration.ofHours(1))), keys.active().privateKey(), keys.active().keyId(), "carriage");

    try (RawWireClient client = new RawWireClient("127.0.0.1", carrier.port())) {
      client.send(client.handshake(ticket, key.getPrivate()));
      for (int piece = 0; piece < 6; piece++) {
        client.send(new Frame.Request(piece, 0, BLOCK));
      }
      client.send(new Frame.Cancel(3, 0, BLOCK), new Frame.Cancel(4, 0, BLOCK), new Frame.Cancel(5, 0, BLOCK));
      client.send(new Frame.Request(6, 0, BLOCK));

      // Blocks go out in the order asked: once piece 6 is here, anything not cancelled was sent before it.
      assertThat(client.awaitPieceOf(6, 60)).isTrue();
      assertThat(client.piecesReceived()).containsExactly(0, 1, 2, 6);
    }
    assertThat(carrier.server().stats().bytesServed(titleId)).as("bytes uploaded: four blocks, none cancelled").isEqualTo(4L * BLOCK);
  }
}
