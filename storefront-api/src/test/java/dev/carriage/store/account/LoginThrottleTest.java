package dev.carriage.store.account;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import dev.carriage.store.support.Api;
import dev.carriage.store.support.TestClock;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The login flood: wrong passwords for one account, then the right one. Past a few failures each
 * attempt is refused with 429 and Retry-After before any password is checked, with delays that
 * grow; the account's own block stays short, and a success clears it.
 */
@QuarkusTest
class LoginThrottleTest {

  /** The rule as the throttle documents it: 5 free failures per account, then 1 s, 2 s, 4 s ... at most 30 s. */
  private static final int ACCOUNT_FREE = 5;
  private static final long ACCOUNT_CAP_SECONDS = 30;
  private static final int ADDRESS_FREE = 20;

  @Inject TestClock clock;
  @Inject EntityManager entityManager;

  @org.junit.jupiter.api.BeforeEach
  @AfterEach
  void forgetTheFlood() {
    clock.reset();
    // Every test signs in from 127.0.0.1: the flood's count against the address must not outlive this test.
    QuarkusTransaction.requiringNew().run(() -> entityManager.createNativeQuery("delete from login_failure").executeUpdate());
  }

  private static Response login(String email, String password) {
    return given().contentType(ContentType.JSON).body(Map.of("email", email, "password", password)).post("/api/auth/login");
  }

  @Test
  void twoHundredWrongPasswords_thenTheRightOne_isRefusedWithGrowingDelays_untilTheBlockPasses() {
    Api.User victim = Api.signUp("Flooded");
    List<Integer> statuses = new ArrayList<>();
    List<Long> retryAfter = new ArrayList<>();
    for (int attempt = 1; attempt <= 200; attempt++) {
      // As if from ever new addresses (a botnet, or the owner elsewhere): only the account's own rule holds.
      forgetTheAddress();
      Response answer = login(victim.email(), "wrong password " + attempt);
      statuses.add(answer.statusCode());
      if (answer.statusCode() == 429) {
        retryAfter.add(Long.parseLong(answer.header("Retry-After")));
        assertThat(answer.contentType()).startsWith("application/problem+json");
        // Blocked: wait out the block as a patient guesser would, then fail again.
        clock.advance(Duration.ofSeconds(Long.parseLong(answer.header("Retry-After"))));
      }
    }

    assertThat(statuses.subList(0, ACCOUNT_FREE)).containsOnly(401);
    assertThat(statuses).contains(429);
    assertThat(retryAfter).isSortedAccordingTo(Long::compare);
    assertThat(retryAfter.get(0)).isEqualTo(1);
    assertThat(retryAfter).as("a stranger keeps the owner out for seconds, not hours").allMatch(wait -> wait <= ACCOUNT_CAP_SECONDS);
    long guessed = statuses.stream().filter(status -> status == 401).count();
    assertThat(guessed).as("passwords actually checked").isLessThan(200);

    forgetTheAddress();
    login(victim.email(), "wrong once more");
    forgetTheAddress();
    Response blocked = login(victim.email(), Api.PASSWORD);
    assertThat(blocked.statusCode()).isEqualTo(429);
    assertThat(blocked.jsonPath().getString("type")).isEqualTo("/problems/too-many-requests");

    clock.advance(Duration.ofSeconds(Long.parseLong(blocked.header("Retry-After"))));
    forgetTheAddress();
    login(victim.email(), Api.PASSWORD).then().statusCode(200);
    login(victim.email(), "one slip after signing in").then().statusCode(401);
  }

  @Test
  void oneAddressGuessingAcrossManyAccounts_isBlockedForEveryAccount() {
    Api.User bystander = Api.signUp("Bystander");
    for (int i = 0; i < ADDRESS_FREE; i++) {
      login(Api.uniqueEmail("nobody" + i), "guess").then().statusCode(401);
    }
    login(Api.uniqueEmail("one more"), "guess").then().statusCode(401);

    login(bystander.email(), Api.PASSWORD).then().statusCode(429).body("type", equalTo("/problems/too-many-requests"));
  }

  private void forgetTheAddress() {
    QuarkusTransaction.requiringNew().run(() -> entityManager.createNativeQuery("delete from login_failure where throttle_key like 'address:%'")
        .executeUpdate());
  }
}
