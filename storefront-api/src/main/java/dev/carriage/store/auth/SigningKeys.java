package dev.carriage.store.auth;

import io.jsonwebtoken.security.Jwk;
import io.jsonwebtoken.security.Jwks;
import io.quarkus.runtime.Startup;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import io.quarkus.narayana.jta.QuarkusTransaction;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * The store's ES256 signing keys. The first start generates one; every later start, and every
 * other replica, loads the same one from the database.
 */
@Startup
@ApplicationScoped
public class SigningKeys {

  private static final Logger LOG = Logger.getLogger(SigningKeys.class);
  static final String ALGORITHM = "ES256";
  /** Any constant shared by all replicas: it serialises the first start's key generation. */
  private static final long GENERATION_LOCK = 0x43415252_4B455953L;

  @Inject EntityManager entityManager;
  @Inject Clock clock;

  private volatile Active active;
  private volatile Map<String, PublicKey> publishedKeys = Map.of();
  /** Built once per load: the keys change only when they are loaded. */
  private volatile Map<String, Object> jwks = Map.of("keys", List.of());

  /** The key new tokens are signed with. */
  public record Active(String keyId, PrivateKey privateKey) {}

  @PostConstruct
  void load() {
    // Interceptors such as @Transactional do not apply to lifecycle callbacks.
    QuarkusTransaction.requiringNew().run(this::loadOrGenerate);
  }

  private void loadOrGenerate() {
    entityManager.createNativeQuery("select pg_advisory_xact_lock(?1)").setParameter(1, GENERATION_LOCK).getSingleResult();
    List<SigningKey> keys =
        entityManager.createQuery("from SigningKey order by createdAt desc", SigningKey.class).getResultList();
    if (keys.stream().noneMatch(key -> key.retiredAt() == null)) {
      SigningKey generated = generate();
      entityManager.persist(generated);
      keys = List.of(generated);
      LOG.infof("Generated the store's token signing key %s", generated.keyId());
    }
    SigningKey newest = keys.stream().filter(key -> key.retiredAt() == null).findFirst().orElseThrow();
    active = new Active(newest.keyId(), privateKeyOf(newest));
    publishedKeys = keys.stream().collect(Collectors.toUnmodifiableMap(SigningKey::keyId, SigningKeys::publicKeyOf));
    jwks = toJwkSet(publishedKeys);
  }

  public Active active() {
    return active;
  }

  public Optional<PublicKey> publicKey(String keyId) {
    return Optional.ofNullable(publishedKeys.get(keyId));
  }

  /** The public half of every published key, as a JWK set for {@code /.well-known/jwks.json}. */
  public Map<String, Object> jwks() {
    return jwks;
  }

  private static Map<String, Object> toJwkSet(Map<String, PublicKey> keys) {
    List<Map<String, ?>> jwkList =
        keys.entrySet().stream()
            .sorted(Map.Entry.comparingByKey())
            .map(entry -> toJwk(entry.getKey(), entry.getValue()))
            .collect(Collectors.toList());
    return Map.of("keys", List.copyOf(jwkList));
  }

  private static Map<String, ?> toJwk(String keyId, PublicKey key) {
    Jwk<?> jwk = Jwks.builder().key(key).id(keyId).algorithm(ALGORITHM).publicKeyUse("sig").build();
    return jwk.entrySet().stream()
        .collect(Collectors.toMap(Map.Entry::getKey, entry -> String.valueOf(entry.getValue()), (a, b) -> a, java.util.TreeMap::new));
  }

  private SigningKey generate() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec("secp256r1"));
      KeyPair pair = generator.generateKeyPair();
      String thumbprint = Jwks.builder().key(pair.getPublic()).idFromThumbprint().build().getId();
      return new SigningKey(
          thumbprint, ALGORITHM, pair.getPrivate().getEncoded(), pair.getPublic().getEncoded(), clock.instant());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("this JVM cannot make P-256 keys", e);
    }
  }

  private static PrivateKey privateKeyOf(SigningKey key) {
    return decode(key, factory -> factory.generatePrivate(new PKCS8EncodedKeySpec(key.privateKey())));
  }

  private static PublicKey publicKeyOf(SigningKey key) {
    return decode(key, factory -> factory.generatePublic(new X509EncodedKeySpec(key.publicKey())));
  }

  private interface KeyDecoder<K> {
    K decode(KeyFactory factory) throws GeneralSecurityException;
  }

  private static <K> K decode(SigningKey key, KeyDecoder<K> decoder) {
    try {
      return decoder.decode(KeyFactory.getInstance("EC"));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("signing key " + key.keyId() + " is unreadable", e);
    }
  }
}
