package dev.carriage.store.support;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.List;
import java.util.Map;

/** Runs the store with Stripe configured, its API pointed at {@link FakeStripe}. */
public class StripeProfile implements QuarkusTestProfile {

  public static final String WEBHOOK_SECRET = "whsec_test_carriage";

  /** The running fake, for tests to inspect; set while the profile's store is up. */
  private static volatile FakeStripe fake;

  public static FakeStripe fake() {
    return fake;
  }

  @Override
  public List<TestResourceEntry> testResources() {
    return List.of(new TestResourceEntry(FakeStripeResource.class));
  }

  public static class FakeStripeResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
      fake = new FakeStripe();
      fake.start();
      return Map.of(
          "carriage.payments.stripe.api-key", "sk_test_fake",
          "carriage.payments.stripe.webhook-secret", WEBHOOK_SECRET,
          "carriage.payments.stripe.api-base", fake.baseUrl(),
          "carriage.payments.stripe.publishable-key", "pk_test_carriage");
    }

    @Override
    public void stop() {
      fake.stop();
    }
  }
}
