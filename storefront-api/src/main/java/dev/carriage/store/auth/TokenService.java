package dev.carriage.store.auth;

import dev.carriage.store.StoreConfig;
import dev.carriage.store.account.Role;
import io.jsonwebtoken.JwsHeader;
import io.jsonwebtoken.JwtException;
import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.LocatorAdapter;
import jakarta.enterprise.context.ApplicationScoped;
import java.security.Key;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.Date;
import java.util.EnumSet;
import java.util.Set;
import java.util.UUID;

/**
 * Issues and checks the store's login tokens: ES256 JWTs, signed with the store's own key,
 * addressed to this API only (download tickets, signed by the same key, name another audience
 * and cannot be used to log in).
 */
@ApplicationScoped
public class TokenService {

  public static final String AUDIENCE = "carriage-api";
  /** A token longer than this is refused before any parsing. */
  static final int TOKEN_LENGTH_MAX = 4096;
  private static final long CLOCK_SKEW_SECONDS = 30;

  private final SigningKeys keys;
  private final Clock clock;
  private final StoreConfig config;

  public TokenService(SigningKeys keys, Clock clock, StoreConfig config) {
    this.keys = keys;
    this.clock = clock;
    this.config = config;
  }

  /** A signed token and the moment it stops being accepted. */
  public record IssuedToken(String token, Instant expiresAt) {}

  /** Who a valid token speaks for. */
  public record Caller(UUID accountId, String email, Set<Role> roles) {}

  public IssuedToken issue(UUID accountId, String email, Set<Role> roles) {
    return issue(accountId, email, roles, clock.instant());
  }

  /** Issues as of {@code issuedAt}; tests use a past instant to make an expired token. */
  public IssuedToken issue(UUID accountId, String email, Set<Role> roles, Instant issuedAt) {
    Instant expiresAt = issuedAt.plus(config.auth().tokenLifetime());
    SigningKeys.Active key = keys.active();
    String token =
        Jwts.builder()
            .header().keyId(key.keyId()).and()
            .id(UUID.randomUUID().toString())
            .issuer(config.auth().issuer())
            .audience().add(AUDIENCE).and()
            .subject(accountId.toString())
            .claim("email", email)
            .claim("roles", roles.stream().map(Role::wireName).sorted().toList())
            .issuedAt(Date.from(issuedAt))
            .expiration(Date.from(expiresAt))
            .signWith(key.privateKey(), Jwts.SIG.ES256)
            .compact();
    return new IssuedToken(token, expiresAt);
  }

  /**
   * The caller a token speaks for, or {@link InvalidTokenException} if it is not one of ours:
   * unsigned ({@code alg: none}), signed by another key or algorithm, expired, for another
   * audience or issuer, or naming unknown roles.
   */
  public Caller verify(String token) {
    if (token.length() > TOKEN_LENGTH_MAX) {
      throw new InvalidTokenException("token length: " + token.length() + " (expected: <= " + TOKEN_LENGTH_MAX + ")");
    }
    try {
      var claims =
          Jwts.parser()
              .keyLocator(new StoreKeyLocator())
              .requireIssuer(config.auth().issuer())
              .requireAudience(AUDIENCE)
              .clock(() -> Date.from(clock.instant()))
              .clockSkewSeconds(CLOCK_SKEW_SECONDS)
              .build()
              .parseSignedClaims(token)
              .getPayload();
      if (claims.getSubject() == null) {
        throw new InvalidTokenException("token names no subject");
      }
      return new Caller(
          UUID.fromString(claims.getSubject()), claims.get("email", String.class), rolesOf(claims.get("roles")));
    } catch (JwtException | IllegalArgumentException malformed) {
      // IllegalArgumentException: a subject that is not a UUID, or a role that does not exist.
      throw new InvalidTokenException(malformed.getMessage());
    }
  }

  private static Set<Role> rolesOf(Object claim) {
    if (!(claim instanceof Collection<?> names)) {
      throw new InvalidTokenException("roles claim is missing");
    }
    Set<Role> roles = EnumSet.noneOf(Role.class);
    for (Object name : names) {
      roles.add(Role.valueOf(String.valueOf(name).toUpperCase(java.util.Locale.ROOT)));
    }
    return roles;
  }

  /** Finds the public key a token names, and only for the one algorithm the store signs with. */
  private final class StoreKeyLocator extends LocatorAdapter<Key> {
    @Override
    protected Key locate(JwsHeader header) {
      if (!SigningKeys.ALGORITHM.equals(header.getAlgorithm())) {
        throw new InvalidTokenException("algorithm " + header.getAlgorithm() + " is not accepted");
      }
      String keyId = header.getKeyId();
      if (keyId == null) {
        throw new InvalidTokenException("token names no key");
      }
      return keys.publicKey(keyId).orElseThrow(() -> new InvalidTokenException("unknown key " + keyId));
    }
  }

  /** Why a token was refused; for the log, never for the caller. */
  public static final class InvalidTokenException extends RuntimeException {
    public InvalidTokenException(String reason) {
      super(reason);
    }
  }
}
