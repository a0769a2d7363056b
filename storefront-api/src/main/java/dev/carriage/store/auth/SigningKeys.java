package dev.carriage.store.auth;

import io.jsonwebtoken.security.Jwk;
import io.jsonwebtoken.security.Jwks;
import dev.carriage.store.StoreConfig;
import dev.carriage.store.secrets.SecretColumn;
import dev.carriage.store.secrets.Sealed;
import dev.carriage.store.secrets.SecretsAtRest;
import io.quarkus.runtime.Startup;
import io.quarkus.scheduler.Scheduled;
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
 * other replica, loads the same ones from the database, where their private halves are sealed
 * under the master key. An admin rotates them ({@link #rotate}): the new key signs from then on,
 * every stored manifest is signed again with it, and the key it replaced stays published for
 * {@code carriage.auth.retired-key-retention} so what it signed stays good. A withdrawn key is
 * dropped at once. Replicas pick up a rotation within a minute, or at once when they meet a
 * token naming a key they have not loaded.
 */
@Startup
@ApplicationScoped
public class SigningKeys {

  private static final Logger LOG = Logger.getLogger(SigningKeys.class);
  static final String ALGORITHM = "ES256";
  /** Any constant shared by all replicas: it serialises key generation and rotation. */
  private static final long GENERATION_LOCK = 0x43415252_4B455953L;
  /** An unknown key id reloads the keys at most this often, so tokens naming random ids cannot make the store hammer its database. */
  private static final java.time.Duration RELOAD_ON_UNKNOWN_AT_MOST_EVERY = java.time.Duration.ofSeconds(5);

  @Inject EntityManager entityManager;
  @Inject Clock clock;
  @Inject SecretsAtRest secrets;
  @Inject StoreConfig config;

  private volatile Active active;
  private volatile Map<String, PublicKey> publishedKeys = Map.of();
  /** Built once per load: the keys change only when they are loaded. */
  private volatile Map<String, Object> jwks = Map.of("keys", List.of());
  private volatile java.time.Instant loadedAt = java.time.Instant.EPOCH;

  /** The key new tokens are signed with. */
  public record Active(String keyId, PrivateKey privateKey) {}

  /** What a rotation did: the key that signs now, and the one it replaced (null on a store that had none). */
  public record Rotation(String current, String replaced, boolean replacedWithdrawn) {}

  @PostConstruct
  void load() {
    secrets.sealEverything();
    // Interceptors such as @Transactional do not apply to lifecycle callbacks.
    QuarkusTransaction.requiringNew().run(this::loadOrGenerate);
  }

  @Scheduled(every = "1m", delayed = "1m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  void reload() {
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
    publishedKeys = published(keys, clock.instant(), config.auth().retiredKeyRetention()).stream()
        .collect(Collectors.toUnmodifiableMap(SigningKey::keyId, SigningKeys::publicKeyOf));
    jwks = toJwkSet(publishedKeys);
    loadedAt = clock.instant();
  }

  /**
   * The keys whose signatures are accepted: the current one, the one retired last, and any other
   * retired within the retention; never a withdrawn one.
   */
  static List<SigningKey> published(List<SigningKey> newestFirst, java.time.Instant now, java.time.Duration retention) {
    Optional<SigningKey> previous = newestFirst.stream().filter(key -> key.retiredAt() != null).findFirst();
    return newestFirst.stream()
        .filter(key -> key.withdrawnAt() == null)
        .filter(key -> key.retiredAt() == null || previous.filter(key::equals).isPresent() || key.retiredAt().plus(retention).isAfter(now))
        .toList();
  }

  /**
   * Replaces the signing key: a new one signs from now on, and the replaced key stays published
   * for the retention (what it signed stays good meanwhile), or is dropped at once when
   * {@code withdraw} (suspected compromise: its tokens stop working, and carriers refuse what it signed).
   */
  public Rotation rotate(boolean withdraw) {
    Rotation rotation = QuarkusTransaction.requiringNew().call(() -> {
      entityManager.createNativeQuery("select pg_advisory_xact_lock(?1)").setParameter(1, GENERATION_LOCK).getSingleResult();
      java.time.Instant now = clock.instant();
      List<SigningKey> unretired = entityManager.createQuery("from SigningKey where retiredAt is null", SigningKey.class).getResultList();
      unretired.forEach(key -> {
        if (withdraw) {
          key.withdraw(now);
        } else {
          key.retire(now);
        }
      });
      SigningKey generated = generate();
      entityManager.persist(generated);
      String replaced = unretired.isEmpty() ? null : unretired.get(0).keyId();
      LOG.infof("Signing key rotated: %s replaces %s (%s)", generated.keyId(), replaced,
          withdraw ? "withdrawn" : "published for " + config.auth().retiredKeyRetention());
      return new Rotation(generated.keyId(), replaced, withdraw);
    });
    reload();
    return rotation;
  }

  public Active active() {
    return active;
  }

  /** A published key by id; an id not loaded makes this replica look again (another may have rotated), at most every few seconds. */
  public Optional<PublicKey> publicKey(String keyId) {
    PublicKey key = publishedKeys.get(keyId);
    java.time.Instant now = clock.instant();
    // A load stamped in the future (the clock was set back) does not hold the next one off.
    boolean loadedJustNow = !loadedAt.isAfter(now) && loadedAt.plus(RELOAD_ON_UNKNOWN_AT_MOST_EVERY).isAfter(now);
    if (key == null && !loadedJustNow) {
      reload();
      key = publishedKeys.get(keyId);
    }
    return Optional.ofNullable(key);
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
      byte[] privateKey = pair.getPrivate().getEncoded();
      Sealed sealed = secrets.seal(SecretColumn.SIGNING_KEY, thumbprint, privateKey);
      java.util.Arrays.fill(privateKey, (byte) 0);
      return new SigningKey(thumbprint, ALGORITHM, sealed, pair.getPublic().getEncoded(), clock.instant());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("this JVM cannot make P-256 keys", e);
    }
  }

  private PrivateKey privateKeyOf(SigningKey key) {
    byte[] encoded = secrets.open(SecretColumn.SIGNING_KEY, key.keyId(), key.sealedPrivateKey());
    try {
      return decode(key, factory -> factory.generatePrivate(new PKCS8EncodedKeySpec(encoded)));
    } finally {
      java.util.Arrays.fill(encoded, (byte) 0);
    }
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
