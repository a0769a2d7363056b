package dev.carriage.store.grid;

import static org.assertj.core.api.Assertions.assertThat;

import dev.carriage.grid.manifest.Sha256;
import dev.carriage.grid.ticket.Ticket;
import dev.carriage.grid.ticket.Tickets;
import dev.carriage.grid.wire.Frame;
import dev.carriage.grid.wire.RejectReason;
import dev.carriage.grid.wire.WireLimits;
import dev.carriage.node.NodeDaemon;
import dev.carriage.store.auth.SigningKeys;
import dev.carriage.store.support.Admins;
import dev.carriage.store.support.Api;
import dev.carriage.store.support.Api.User;
import dev.carriage.store.support.GridLab;
import dev.carriage.store.support.RawWireClient;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.URL;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A carrier gives pieces only to a connection whose ticket the store signed, still valid, for that content. */
@QuarkusTest
class TicketCheckTest {

  @TestHTTPResource("/") URL storeUrl;
  @Inject Admins admins;
  @Inject SigningKeys keys;

  private GridLab lab;
  private NodeDaemon carrier;
  private UUID heldTitle;
  private UUID otherTitle;
  private User buyer;

  @BeforeEach
  void carrierWithOneTitle() throws Exception {
    lab = GridLab.start(URI.create(storeUrl.toString()), admins, 0);
    User publisher = Api.signUp("Publisher", "publisher");
    heldTitle = UUID.fromString(Api.titleOnSale(publisher, 999, null));
    otherTitle = UUID.fromString(Api.titleOnSale(publisher, 999, null));
    lab.publish(publisher, heldTitle, GridLab.randomMedia(lab.newDirectory("media"), 100_000, 1), 16 * 1024);
    lab.publish(publisher, otherTitle, GridLab.randomMedia(lab.newDirectory("media"), 100_000, 2), 16 * 1024);
    carrier = lab.startCarrier(heldTitle, 0, false);
    carrier.store().get(otherTitle).ifPresent(title -> { throw new AssertionError("the carrier must not hold the other title"); });
    buyer = Api.signUp("Buyer");
  }

  @AfterEach
  void stop() throws Exception {
    lab.close();
  }

  private static final Frame.Request FIRST_BLOCK = new Frame.Request(0, 0, 1024);

  private RawWireClient connect() throws InterruptedException {
    return new RawWireClient("127.0.0.1", carrier.port());
  }

  /** A ticket and the client key pair it names. */
  private record Issued(String ticket, KeyPair key) {}

  private Issued ticketFor(UUID title, Instant issuedAt, Instant expiresAt) throws Exception {
    Sha256 root = lab.origin().store().get(title).orElseThrow().manifest().merkleRoot();
    KeyPair key = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    Ticket ticket = new Ticket(UUID.randomUUID(), title, root, key.getPublic(), issuedAt, expiresAt);
    return new Issued(Tickets.sign(ticket, keys.active().privateKey(), keys.active().keyId(), "carriage"), key);
  }

  private Issued valid() throws Exception {
    return ticketFor(heldTitle, Instant.now(), Instant.now().plus(Duration.ofHours(1)));
  }

  private static Frame.Handshake handshake(RawWireClient client, Issued issued) {
    return client.handshake(issued.ticket(), issued.key().getPrivate());
  }

  private static RejectReason rejection(RawWireClient client) {
    return client.received().stream()
        .filter(frame -> frame instanceof Frame.Reject)
        .map(frame -> ((Frame.Reject) frame).reason())
        .findFirst()
        .orElseThrow(() -> new AssertionError("no reject among " + client.received()));
  }

  @Test
  void validTicket_getsPieces_theControl() throws Exception {
    try (RawWireClient client = connect()) {
      client.send(handshake(client, valid()), FIRST_BLOCK);
      assertThat(client.awaitPiece(5)).isTrue();
      assertThat(client.challenge().nodeId()).isEqualTo(carrier.nodeId().toString());
    }
  }

  /**
   * The relay: a node that holds nothing takes a client's connection and passes the client's
   * handshake on to a real carrier. The client's proof names the node it spoke to and that
   * node's nonce, so the real carrier refuses it, and a proof made for one connection of the
   * real carrier is worthless on the next.
   */
  @Test
  void aHandshakeProvedForAnotherNodeOrConnection_getsNoPiece() throws Exception {
    Issued issued = valid();
    UUID relayNode = UUID.randomUUID();
    try (RawWireClient client = connect()) {
      Frame.Challenge real = client.challenge();
      client.send(RawWireClient.handshake(issued.ticket(), issued.key().getPrivate(), real.nonce(), relayNode.toString()), FIRST_BLOCK);
      assertThat(client.awaitClose(5)).isTrue();
      assertThat(rejection(client)).isEqualTo(RejectReason.TICKET_INVALID);
      assertThat(client.receivedAnyPiece()).isFalse();
    }
    byte[] earlierNonce;
    try (RawWireClient first = connect()) {
      earlierNonce = first.challenge().nonce();
    }
    try (RawWireClient replay = connect()) {
      replay.challenge();
      replay.send(RawWireClient.handshake(issued.ticket(), issued.key().getPrivate(), earlierNonce, carrier.nodeId().toString()),
          FIRST_BLOCK);
      assertThat(replay.awaitClose(5)).isTrue();
      assertThat(rejection(replay)).isEqualTo(RejectReason.TICKET_INVALID);
      assertThat(replay.receivedAnyPiece()).isFalse();
    }
    try (RawWireClient wrongKey = connect()) {
      wrongKey.send(wrongKey.handshake(issued.ticket(), KeyPairGenerator.getInstance("Ed25519").generateKeyPair().getPrivate()),
          FIRST_BLOCK);
      assertThat(wrongKey.awaitClose(5)).isTrue();
      assertThat(rejection(wrongKey)).isEqualTo(RejectReason.TICKET_INVALID);
    }
  }

  /** Before a handshake only a handshake is taken: keep-alives and other frames close the connection. */
  @Test
  void framesBeforeTheHandshake_closeTheConnection() throws Exception {
    for (Frame early : List.<Frame>of(Frame.KeepAlive.INSTANCE, new Frame.Have(0), new Frame.Cancel(0, 0, 10), FIRST_BLOCK)) {
      try (RawWireClient client = connect()) {
        client.challenge();
        client.send(early);
        assertThat(client.awaitClose(5)).as("after a %s", early.type()).isTrue();
        assertThat(rejection(client)).isEqualTo(RejectReason.NO_TICKET);
      }
    }
  }

  @Test
  void noTicket_getsNoPiece() throws Exception {
    try (RawWireClient client = connect()) {
      client.send(FIRST_BLOCK);
      assertThat(client.awaitClose(5)).isTrue();
      assertThat(rejection(client)).isEqualTo(RejectReason.NO_TICKET);
      assertThat(client.receivedAnyPiece()).isFalse();
    }
    try (RawWireClient client = connect()) {
      client.send(client.handshake("", KeyPairGenerator.getInstance("Ed25519").generateKeyPair().getPrivate()), FIRST_BLOCK);
      assertThat(client.awaitClose(5)).isTrue();
      assertThat(rejection(client)).isEqualTo(RejectReason.TICKET_INVALID);
      assertThat(client.receivedAnyPiece()).isFalse();
    }
  }

  @Test
  void expiredTicket_getsNoPiece() throws Exception {
    Issued expired = ticketFor(heldTitle, Instant.now().minus(Duration.ofHours(3)), Instant.now().minus(Duration.ofHours(2)));
    try (RawWireClient client = connect()) {
      client.send(handshake(client, expired), FIRST_BLOCK);
      assertThat(client.awaitClose(5)).isTrue();
      assertThat(rejection(client)).isEqualTo(RejectReason.TICKET_EXPIRED);
      assertThat(client.receivedAnyPiece()).isFalse();
    }
  }

  @Test
  void ticketForAnotherTitle_getsNoPiece() throws Exception {
    Api.buy(buyer, otherTitle.toString());
    KeyPair key = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    String otherTicket = buyer.request()
        .body(java.util.Map.of("titleId", otherTitle.toString(), "clientKey", java.util.Base64.getEncoder().encodeToString(key.getPublic().getEncoded())))
        .post("/api/downloads").then().statusCode(201).extract().path("ticket");
    try (RawWireClient client = connect()) {
      client.send(handshake(client, new Issued(otherTicket, key)), FIRST_BLOCK);
      assertThat(client.awaitClose(5)).isTrue();
      assertThat(rejection(client)).isEqualTo(RejectReason.TITLE_NOT_HELD);
      assertThat(client.receivedAnyPiece()).isFalse();
    }
  }

  @Test
  void ticketSignedByAnyoneButTheStore_getsNoPiece() throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(new ECGenParameterSpec("secp256r1"));
    Sha256 root = lab.origin().store().get(heldTitle).orElseThrow().manifest().merkleRoot();
    KeyPair key = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    Ticket ticket = new Ticket(UUID.randomUUID(), heldTitle, root, key.getPublic(), Instant.now(), Instant.now().plusSeconds(600));
    String forged = Tickets.sign(ticket, generator.generateKeyPair().getPrivate(), keys.active().keyId(), "carriage");
    try (RawWireClient client = connect()) {
      client.send(handshake(client, new Issued(forged, key)), FIRST_BLOCK);
      assertThat(client.awaitClose(5)).isTrue();
      assertThat(rejection(client)).isEqualTo(RejectReason.TICKET_INVALID);
      assertThat(client.receivedAnyPiece()).isFalse();
    }
  }

  @Test
  void malformedFrame_closesOnlyThatConnection() throws Exception {
    try (RawWireClient bad = connect()) {
      bad.sendRaw(new byte[] {0, 0, 0, 1, 99});
      assertThat(bad.awaitClose(5)).isTrue();
      assertThat(bad.receivedAnyPiece()).isFalse();
    }
    validTicket_getsPieces_theControl();
  }
}
