package dev.carriage.grid.ticket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.carriage.grid.manifest.Sha256;
import java.nio.ByteBuffer;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class TicketsTest {

  private static KeyPair ec() throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(new ECGenParameterSpec("secp256r1"));
    return generator.generateKeyPair();
  }

  private final Instant now = Instant.parse("2026-11-23T12:00:00Z");
  private final Clock clock = Clock.fixed(now, ZoneOffset.UTC);

  private Ticket ticket(Instant expiresAt) throws Exception {
    return new Ticket(UUID.randomUUID(), UUID.randomUUID(), Sha256.hash(ByteBuffer.wrap(new byte[] {1})),
        KeyPairGenerator.getInstance("Ed25519").generateKeyPair().getPublic(), expiresAt.minus(Duration.ofHours(2)), expiresAt);
  }

  @Test
  void signedTicket_verifiesWithTheStoresKey_andKeepsEveryField() throws Exception {
    KeyPair store = ec();
    Ticket ticket = ticket(now.plus(Duration.ofHours(1)));

    Ticket read = Tickets.verify(Tickets.sign(ticket, store.getPrivate(), "k1", "carriage"), Map.of("k1", store.getPublic())::get,
        "carriage", clock);

    assertThat(read.sessionId()).isEqualTo(ticket.sessionId());
    assertThat(read.titleId()).isEqualTo(ticket.titleId());
    assertThat(read.manifestRoot()).isEqualTo(ticket.manifestRoot());
    assertThat(read.clientKey().getEncoded()).isEqualTo(ticket.clientKey().getEncoded());
    assertThat(read.expiresAt()).isEqualTo(ticket.expiresAt());
  }

  @Test
  void expiredForgedForeignAndGarbageTickets_areRefused() throws Exception {
    KeyPair store = ec();
    Map<String, java.security.PublicKey> keys = Map.of("k1", store.getPublic());

    String expired = Tickets.sign(ticket(now.minusSeconds(61)), store.getPrivate(), "k1", "carriage");
    assertThatThrownBy(() -> Tickets.verify(expired, keys::get, "carriage", clock))
        .isInstanceOfSatisfying(InvalidTicketException.class, refused -> assertThat(refused.expired()).isTrue());

    String forged = Tickets.sign(ticket(now.plusSeconds(600)), ec().getPrivate(), "k1", "carriage");
    assertThatThrownBy(() -> Tickets.verify(forged, keys::get, "carriage", clock)).isInstanceOf(InvalidTicketException.class);

    String unknownKey = Tickets.sign(ticket(now.plusSeconds(600)), store.getPrivate(), "k9", "carriage");
    assertThatThrownBy(() -> Tickets.verify(unknownKey, keys::get, "carriage", clock)).hasMessageContaining("unknown key");

    String otherIssuer = Tickets.sign(ticket(now.plusSeconds(600)), store.getPrivate(), "k1", "elsewhere");
    assertThatThrownBy(() -> Tickets.verify(otherIssuer, keys::get, "carriage", clock)).isInstanceOf(InvalidTicketException.class);

    for (String garbage : new String[] {"", "abc", "a.b.c", "x".repeat(5000), "eyJhbGciOiJub25lIn0.e30."}) {
      assertThatThrownBy(() -> Tickets.verify(garbage, keys::get, "carriage", clock)).isInstanceOf(InvalidTicketException.class);
    }
  }
}
