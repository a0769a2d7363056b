package dev.carriage.store.grid;

import dev.carriage.grid.crypto.Ed25519Keys;
import io.jsonwebtoken.Claims;
import io.jsonwebtoken.JwtException;
import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.LocatorAdapter;
import io.jsonwebtoken.ProtectedHeader;
import io.jsonwebtoken.security.SecurityException;
import java.security.Key;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Duration;
import java.util.Date;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

/**
 * How a node proves who it is: a short JWT it signs itself with its Ed25519 key, its node id as
 * {@code kid} and {@code sub}, audience {@value #AUDIENCE}, living at most {@link #LIFETIME_MAX}.
 * The store keeps only public keys, so there is no node secret to steal from its database.
 *
 * <p>A token names exactly one node: the key is looked up by {@code kid}, so a {@code sub} that
 * names any other node is refused. Otherwise node A could sign with its own key and speak as B.
 */
public final class NodeTokens {

  public static final String HEADER = "Carriage-Node-Token";
  public static final String AUDIENCE = "carriage-node-api";
  static final Duration LIFETIME_MAX = Duration.ofMinutes(10);
  private static final int LENGTH_MAX = 2048;

  private NodeTokens() {}

  /** The node the token speaks for, if it is genuine and current. */
  static Optional<UUID> verify(String token, Function<UUID, PublicKey> keys, Clock clock) {
    if (token == null || token.length() > LENGTH_MAX) {
      return Optional.empty();
    }
    UUID[] signer = new UUID[1];
    try {
      Claims claims = Jwts.parser()
          .keyLocator(new LocatorAdapter<Key>() {
            @Override
            protected Key locate(ProtectedHeader header) {
              if (!"EdDSA".equals(header.getAlgorithm()) && !"Ed25519".equals(header.getAlgorithm())) {
                throw new SecurityException("node tokens are signed EdDSA");
              }
              signer[0] = UUID.fromString(header.getKeyId());
              PublicKey key = keys.apply(signer[0]);
              if (key == null) {
                throw new SecurityException("unknown node " + header.getKeyId());
              }
              return key;
            }
          })
          .requireAudience(AUDIENCE)
          .clock(() -> Date.from(clock.instant()))
          .clockSkewSeconds(60)
          .build()
          .parseSignedClaims(token)
          .getPayload();
      if (claims.getIssuedAt() == null || claims.getExpiration() == null
          || Duration.between(claims.getIssuedAt().toInstant(), claims.getExpiration().toInstant()).compareTo(LIFETIME_MAX) > 0) {
        return Optional.empty();
      }
      UUID subject = UUID.fromString(claims.getSubject());
      return subject.equals(signer[0]) ? Optional.of(subject) : Optional.empty();
    } catch (JwtException | IllegalArgumentException | NullPointerException refused) {
      return Optional.empty();
    }
  }

  static PublicKey ed25519(byte[] encoded) {
    return Ed25519Keys.decode(encoded);
  }
}
