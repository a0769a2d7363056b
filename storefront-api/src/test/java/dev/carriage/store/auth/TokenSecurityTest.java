package dev.carriage.store.auth;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import dev.carriage.store.account.Role;
import dev.carriage.store.support.Api;
import io.jsonwebtoken.JwsHeader;
import io.jsonwebtoken.JwtBuilder;
import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.security.JwkSet;
import io.jsonwebtoken.security.Jwks;
import io.jsonwebtoken.security.Keys;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.Key;
import java.security.KeyPair;
import java.security.PublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

@QuarkusTest
class TokenSecurityTest {

  @Inject TokenService tokens;
  @Inject SigningKeys keys;
  @Inject dev.carriage.store.secrets.SecretsAtRest secrets;
  @Inject dev.carriage.store.support.TestClock clock;
  @Inject javax.sql.DataSource database;

  @Test
  void jwks_publishesTheKeyThatVerifiesStoreTokens() {
    Api.User user = Api.signUp("verifier");
    String jwks = given().get("/.well-known/jwks.json").then().statusCode(200).extract().asString();

    JwkSet set = Jwks.setParser().build().parse(jwks);
    assertThat(set.getKeys()).isNotEmpty().allSatisfy(jwk -> assertThat(jwk).doesNotContainKey("d"));
    String subject =
        Jwts.parser()
            .keyLocator(header -> (Key) set.getKeys().stream()
                .filter(jwk -> jwk.getId().equals(((JwsHeader) header).getKeyId()))
                .findFirst().orElseThrow().toKey())
            .build()
            .parseSignedClaims(user.token())
            .getPayload()
            .getSubject();
    assertThat(subject).isEqualTo(user.id());
  }

  /** The control for the forgeries below: the same hand-made claims, signed with the store's key. */
  @Test
  void handMadeToken_signedWithTheStoreKey_isAccepted() {
    Api.User user = Api.signUp("control");
    String genuine = claimsFor(user, TokenService.AUDIENCE, "buyer").signWith(keys.active().privateKey(), Jwts.SIG.ES256).compact();

    given().header("Authorization", "Bearer " + genuine).get("/api/me").then().statusCode(200).body("id", equalTo(user.id()));
  }

  @Test
  void unsignedToken_algNone_is401() {
    Api.User user = Api.signUp("none");
    String[] parts = user.token().split("\\.");
    String unsigned = base64Url("{\"alg\":\"none\"}") + "." + parts[1] + ".";

    assertRefused(unsigned);
  }

  @Test
  void tokenSignedByAnotherKey_sameKeyId_is401() throws Exception {
    Api.User user = Api.signUp("forger");
    KeyPair forgerKeys = Jwts.SIG.ES256.keyPair().build();
    String forged = claimsFor(user, TokenService.AUDIENCE, "admin").signWith(forgerKeys.getPrivate(), Jwts.SIG.ES256).compact();

    assertRefused(forged);
  }

  @Test
  void tokenWithTamperedClaims_is401() {
    Api.User user = Api.signUp("tamper");
    String[] parts = user.token().split("\\.");
    String claims = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
    String tampered = parts[0] + "." + base64Url(claims.replace("\"buyer\"", "\"admin\"")) + "." + parts[2];

    assertRefused(tampered);
  }

  @Test
  void hmacTokenKeyedWithThePublicKey_is401() {
    // The classic algorithm-confusion attack: HS256 with the published public key as secret.
    Api.User user = Api.signUp("confused");
    PublicKey published = keys.publicKey(keys.active().keyId()).orElseThrow();
    String confused =
        claimsFor(user, TokenService.AUDIENCE, "admin").signWith(Keys.hmacShaKeyFor(published.getEncoded()), Jwts.SIG.HS256).compact();

    assertRefused(confused);
  }

  @Test
  void expiredToken_is401() {
    Api.User user = Api.signUp("late");
    Instant longAgo = Instant.now().minus(Duration.ofDays(2));
    String expired = tokens.issue(UUID.fromString(user.id()), user.email(), Set.of(Role.BUYER), longAgo).token();

    assertRefused(expired);
  }

  @Test
  void tokenForAnotherAudience_is401() {
    Api.User user = Api.signUp("ticket");
    String ticketLike = claimsFor(user, "carriage-grid", "buyer").signWith(keys.active().privateKey(), Jwts.SIG.ES256).compact();

    assertRefused(ticketLike);
  }

  @Test
  void notABearerToken_is401() {
    given().header("Authorization", "Basic dXNlcjpwYXNz").get("/api/me").then().statusCode(401);
    given().header("Authorization", "Bearer " + "a".repeat(TokenService.TOKEN_LENGTH_MAX + 1)).get("/api/me").then().statusCode(401);
  }

  @Test
  void buyerToken_onPublisherEndpoint_is403() {
    Api.User buyer = Api.signUp("buyer");

    buyer.request()
        .body(Api.titleBody("Not mine to publish"))
        .post("/api/titles")
        .then()
        .statusCode(403)
        .contentType("application/problem+json")
        .body("type", equalTo("/problems/forbidden"));
  }

  @Test
  void anonymous_onPublisherEndpoint_is401() {
    given().contentType(ContentType.JSON).body(Api.titleBody("Anonymous")).post("/api/titles").then().statusCode(401);
  }

  private static void assertRefused(String token) {
    given().header("Authorization", "Bearer " + token)
        .get("/api/me")
        .then()
        .statusCode(401)
        .contentType("application/problem+json")
        .body("detail", equalTo("the bearer token is invalid or expired"));
  }

  private static String base64Url(String json) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
  }

  /** Claims shaped like the store's own, naming the store's key, ready to be signed. */
  /**
   * Another replica rotated the key: a token naming a key this replica has not loaded makes it
   * read the keys again (at most every 5 s), and the token is accepted.
   */
  @Test
  void aTokenSignedByAKeyAnotherReplicaMade_isAccepted_onceThisReplicaLooksAgain() throws Exception {
    Api.User user = Api.signUp("other replica");
    java.security.KeyPairGenerator generator = java.security.KeyPairGenerator.getInstance("EC");
    generator.initialize(new java.security.spec.ECGenParameterSpec("secp256r1"));
    KeyPair pair = generator.generateKeyPair();
    String keyId = "made-by-another-replica-" + java.util.UUID.randomUUID();
    dev.carriage.store.secrets.Sealed sealed =
        secrets.seal(dev.carriage.store.secrets.SecretColumn.SIGNING_KEY, keyId, pair.getPrivate().getEncoded());
    // Stored as the other replica's rotation left it: sealed, and just replaced, so published as the previous key.
    try (java.sql.Connection sql = database.getConnection(); java.sql.PreparedStatement insert = sql.prepareStatement(
        "insert into signing_key (key_id, algorithm, private_key_sealed, private_key_master_key, public_key, created_at, retired_at)"
            + " values (?, 'ES256', ?, ?, ?, now(), now())")) {
      insert.setString(1, keyId);
      insert.setBytes(2, sealed.bytes());
      insert.setString(3, sealed.masterKeyId());
      insert.setBytes(4, pair.getPublic().getEncoded());
      insert.executeUpdate();
    }
    String token = claimsFor(user, TokenService.AUDIENCE, "buyer").header().keyId(keyId).and()
        .signWith(pair.getPrivate(), Jwts.SIG.ES256).compact();
    try {
      clock.advance(Duration.ofSeconds(6)); // past the reload's rate limit since this replica last loaded
      given().header("Authorization", "Bearer " + token).get("/api/me").then().statusCode(200).body("id", equalTo(user.id()));
    } finally {
      clock.reset();
      try (java.sql.Connection sql = database.getConnection()) {
        sql.createStatement().execute("delete from signing_key where key_id = '" + keyId + "'");
      }
      keys.reload();
    }
  }

  private JwtBuilder claimsFor(Api.User user, String audience, String... roles) {
    return Jwts.builder()
        .header().keyId(keys.active().keyId()).and()
        .issuer("carriage")
        .audience().add(audience).and()
        .subject(user.id())
        .claim("email", user.email())
        .claim("roles", List.of(roles))
        .expiration(Date.from(Instant.now().plus(Duration.ofHours(1))));
  }
}
