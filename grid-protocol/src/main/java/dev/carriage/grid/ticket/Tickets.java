package dev.carriage.grid.ticket;

import dev.carriage.grid.crypto.Ed25519Keys;
import dev.carriage.grid.manifest.Sha256;
import io.jsonwebtoken.Claims;
import io.jsonwebtoken.ExpiredJwtException;
import io.jsonwebtoken.JwtException;
import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.LocatorAdapter;
import io.jsonwebtoken.ProtectedHeader;
import io.jsonwebtoken.security.SecurityException;
import java.security.Key;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.time.Clock;
import java.util.Base64;
import java.util.Date;
import java.util.UUID;
import java.util.function.Function;

/**
 * Download tickets as JWTs (JJWT), signed ES256 by the store. Their audience is the grid, so a
 * ticket is never accepted as a login token, nor a login token as a ticket.
 */
public final class Tickets {

  public static final String AUDIENCE = "carriage-grid";
  public static final int ENCODED_LENGTH_MAX = 4096;
  /** Clocks on people's machines drift; a minute of grace either way. */
  private static final long CLOCK_SKEW_SECONDS = 60;

  private Tickets() {}

  public static String sign(Ticket ticket, PrivateKey storeKey, String keyId, String issuer) {
    return Jwts.builder()
        .header().keyId(keyId).and()
        .issuer(issuer)
        .audience().add(AUDIENCE).and()
        .subject(ticket.sessionId().toString())
        .claim("tid", ticket.titleId().toString())
        .claim("mrt", Base64.getUrlEncoder().withoutPadding().encodeToString(ticket.manifestRoot().bytes()))
        .claim("cpk", Base64.getUrlEncoder().withoutPadding().encodeToString(ticket.clientKey().getEncoded()))
        .claim("cka", ticket.clientKey().getAlgorithm())
        .issuedAt(Date.from(ticket.issuedAt()))
        .expiration(Date.from(ticket.expiresAt()))
        .signWith(storeKey, Jwts.SIG.ES256)
        .compact();
  }

  /**
   * Checks a ticket's signature (ES256 only, a key the store published), issuer, audience and
   * expiry, and reads it. {@code keys} returns null for an unknown key id.
   */
  public static Ticket verify(String encoded, Function<String, PublicKey> keys, String issuer, Clock clock)
      throws InvalidTicketException {
    if (encoded == null || encoded.isEmpty()) {
      throw new InvalidTicketException("no ticket", false);
    }
    if (encoded.length() > ENCODED_LENGTH_MAX) {
      throw new InvalidTicketException("ticket: " + encoded.length() + " characters (expected: <= " + ENCODED_LENGTH_MAX + ")", false);
    }
    try {
      Claims claims = Jwts.parser()
          .keyLocator(new LocatorAdapter<Key>() {
            @Override
            protected Key locate(ProtectedHeader header) {
              if (!"ES256".equals(header.getAlgorithm()) || header.getKeyId() == null) {
                throw new SecurityException("tickets are signed ES256 with a named key");
              }
              PublicKey key = keys.apply(header.getKeyId());
              if (key == null) {
                throw new SecurityException("ticket signed by unknown key " + header.getKeyId());
              }
              return key;
            }
          })
          .requireIssuer(issuer)
          .requireAudience(AUDIENCE)
          .clock(() -> Date.from(clock.instant()))
          .clockSkewSeconds(CLOCK_SKEW_SECONDS)
          .build()
          .parseSignedClaims(encoded)
          .getPayload();
      return new Ticket(
          UUID.fromString(claims.getSubject()),
          UUID.fromString(claims.get("tid", String.class)),
          Sha256.of(Base64.getUrlDecoder().decode(claims.get("mrt", String.class))),
          publicKey(claims.get("cka", String.class), Base64.getUrlDecoder().decode(claims.get("cpk", String.class))),
          claims.getIssuedAt().toInstant(),
          claims.getExpiration().toInstant());
    } catch (ExpiredJwtException expired) {
      throw new InvalidTicketException("ticket expired at " + expired.getClaims().getExpiration().toInstant(), true);
    } catch (JwtException | IllegalArgumentException | NullPointerException | ClassCastException refused) {
      throw new InvalidTicketException("ticket refused: " + refused.getMessage(), false);
    }
  }

  private static PublicKey publicKey(String algorithm, byte[] encoded) {
    if (!"Ed25519".equals(algorithm) && !"EdDSA".equals(algorithm)) {
      throw new IllegalArgumentException("client key algorithm " + algorithm + " is not Ed25519");
    }
    return Ed25519Keys.decode(encoded);
  }
}
