package dev.carriage.node.store;

import java.security.PublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.function.Function;

/**
 * The store's public keys, fetched from its JWKS and cached, so tickets and manifests are
 * checked offline. An unknown key id triggers a refresh, at most once a minute, so a node
 * learns a new key quickly but a flood of forged key ids cannot make it hammer the store.
 */
public final class StoreKeys implements Function<String, PublicKey> {

  private static final Duration REFRESH_EVERY = Duration.ofMinutes(10);
  private static final Duration REFRESH_ON_MISS_AFTER = Duration.ofMinutes(1);

  private final StoreApi store;
  private volatile Map<String, PublicKey> keys;
  private volatile Instant fetchedAt;

  public StoreKeys(StoreApi store) {
    this.store = store;
    refresh();
  }

  private synchronized void refresh() {
    keys = Map.copyOf(store.signingKeys());
    fetchedAt = Instant.now();
  }

  @Override
  public PublicKey apply(String keyId) {
    Instant now = Instant.now();
    if (now.isAfter(fetchedAt.plus(REFRESH_EVERY))) {
      refreshQuietly();
    }
    PublicKey key = keys.get(keyId);
    if (key == null && now.isAfter(fetchedAt.plus(REFRESH_ON_MISS_AFTER))) {
      refreshQuietly();
      key = keys.get(keyId);
    }
    return key;
  }

  private void refreshQuietly() {
    try {
      refresh();
    } catch (StoreApiException unreachable) {
      // Keep the keys we have: carriers go on serving while the store is briefly away.
      fetchedAt = Instant.now();
    }
  }
}
