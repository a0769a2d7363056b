package dev.carriage.store.affiliate;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.carriage.store.support.Api;
import dev.carriage.store.support.Api.User;
import dev.carriage.store.support.Referrals;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.net.URI;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code GET /r/{code}} with whatever a stranger can put in a link: always a safe redirect, nothing executable kept. */
@QuarkusTest
class ReferralLinkTest {

  @Inject EntityManager entityManager;

  private String titleId;
  private String siteId;
  private String code;

  @BeforeEach
  void setUp() {
    titleId = Api.titleOnSale(Api.signUp("Publisher", "publisher"), 1999, null);
    User fan = Api.signUp("Fan", "affiliate");
    JsonPath site = Referrals.registerSite(fan, "Hostile");
    siteId = site.getString("id");
    code = site.getString("code");
  }

  @Test
  void knownTitle_redirectsToItsPage_withAFirstPartyCookie() {
    Response response = Referrals.follow(code, titleId, "Firefox");

    assertThat(response.statusCode()).isEqualTo(302);
    assertThat(URI.create(response.header("Location")).getPath()).isEqualTo("/titles/" + titleId);
    assertThat(response.header("Cache-Control")).isEqualTo("no-store");
    String setCookie = response.header("Set-Cookie");
    assertThat(setCookie).startsWith(ReferralCookie.NAME + "=").contains("HttpOnly").contains("SameSite=Lax")
        .contains("Max-Age=2592000").contains("Path=/");
    assertThat(clicks()).singleElement().satisfies(row -> assertThat(row[0]).isEqualTo(UUID.fromString(titleId)));
  }

  @Test
  void unknownOrMalformedTitle_isRecordedWithoutATitle_andGoesToTheStoreFront() {
    for (String title : List.of(UUID.randomUUID().toString(), "not-a-uuid", "../../etc/passwd", "<script>alert(1)</script>")) {
      Response response = Referrals.follow(code, title, "Firefox");
      assertThat(response.statusCode()).isEqualTo(302);
      assertThat(URI.create(response.header("Location")).getPath()).isEqualTo("/");
      assertThat(response.cookie(ReferralCookie.NAME)).isNotNull();
    }
    assertThat(clicks()).hasSize(4).allSatisfy(row -> assertThat(row[0]).isNull());
  }

  @Test
  void unknownOrHostileCode_redirectsToTheStoreFront_andRecordsNothing() {
    for (String badCode : List.of("nosuchcode", "<script>", "x".repeat(5000), "%00", "..%2f..")) {
      Response response = given().redirects().follow(false).get("/r/" + badCode);
      assertThat(response.statusCode()).as(badCode).isEqualTo(302);
      assertThat(URI.create(response.header("Location")).getPath()).isEqualTo("/");
      assertThat(response.header("Set-Cookie")).isNull();
    }
    assertThat(clicks()).isEmpty();
  }

  @Test
  void longSubIdsScriptTagsAndHostileHeaders_areStoredShortAndInert() {
    given().redirects().follow(false)
        .queryParam("title", titleId)
        .queryParam("sub", "<script>alert('sub')</script>" + "a".repeat(10_000))
        .header("User-Agent", "Mozilla/5.0 <img src=x onerror=alert(1)> \"quoted\"")
        .header("Referer", "javascript:alert(document.cookie)")
        .get("/r/" + code)
        .then().statusCode(302);
    given().redirects().follow(false)
        .queryParam("sub", "=HYPERLINK(\"http://evil\")")
        .header("User-Agent", "x".repeat(10_000))
        .header("Referer", "https://fans.example/post?id=1")
        .get("/r/" + code)
        .then().statusCode(302);

    List<Object[]> rows = clicks();
    assertThat(rows).hasSize(2);
    for (Object[] row : rows) {
      String sub = (String) row[1];
      String userAgent = (String) row[2];
      assertThat(sub).hasSizeLessThanOrEqualTo(64).doesNotContainPattern("[<>\"'()=]");
      assertThat(userAgent).hasSizeLessThanOrEqualTo(512).doesNotContainPattern("[<>\"']");
    }
    assertThat(rows).extracting(row -> row[3]).containsExactlyInAnyOrder(null, "https://fans.example/post?id=1");
    assertThat(rows).extracting(row -> row[1]).contains("HYPERLINKhttpevil");
  }

  @Test
  void randomHostileLinks_alwaysRedirectToTheStoresOwnPages() {
    Random random = new Random(20261123);
    int recorded = 0;
    for (int i = 0; i < 150; i++) {
      String sub = randomText(random, 1 + random.nextInt(300), true);
      String title = random.nextInt(4) == 0 ? titleId : randomText(random, random.nextInt(60), true);
      String userAgent = randomText(random, random.nextInt(700), false);
      boolean knownCode = random.nextBoolean();
      Response response = given().redirects().follow(false)
          .queryParam("title", title).queryParam("sub", sub).header("User-Agent", userAgent)
          .get("/r/" + (knownCode ? code : "c" + random.nextInt(1_000_000)));
      assertThat(response.statusCode()).isEqualTo(302);
      URI location = URI.create(response.header("Location"));
      assertThat(location.getHost()).isIn("localhost", "127.0.0.1");
      assertThat(location.getPath()).isIn("/", "/titles/" + titleId);
      recorded += knownCode ? 1 : 0;
    }
    assertThat(clicks()).hasSize(recorded)
        .allSatisfy(row -> assertThat(row[1] == null ? "" : (String) row[1]).matches("[A-Za-z0-9._~-]{0,64}"));
  }

  @SuppressWarnings("unchecked")
  private List<Object[]> clicks() {
    return entityManager
        .createNativeQuery("select title_id, sub_id, user_agent, referrer from affiliate_click where site_id = ?1")
        .setParameter(1, UUID.fromString(siteId))
        .getResultList();
  }

  private static String randomText(Random random, int length, boolean anyUnicode) {
    StringBuilder text = new StringBuilder();
    String nasty = "<>\"'&%;/\\`$={}()[]#?";
    for (int i = 0; i < length; i++) {
      int pick = random.nextInt(4);
      if (pick == 0) {
        text.append(nasty.charAt(random.nextInt(nasty.length())));
      } else if (pick == 1 && anyUnicode) {
        text.appendCodePoint(0xA0 + random.nextInt(0x2000));
      } else {
        text.append((char) (0x20 + random.nextInt(0x5f)));
      }
    }
    return text.toString();
  }
}
