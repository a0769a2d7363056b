package dev.carriage.store.keys;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import dev.carriage.grid.manifest.ManifestCodec;
import dev.carriage.store.support.Admins;
import dev.carriage.store.support.Api;
import dev.carriage.store.support.Api.User;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Signing keys rotate: tokens name their key, JWKS publishes the current key and the one it
 * replaced, tokens signed before a rotation keep working, stored manifests are signed again with
 * the new key, and a withdrawn key is dropped at once, with everything it signed.
 */
@QuarkusTest
class KeyRotationTest {

  @Inject Admins admins;

  @Test
  void aRotation_publishesCurrentAndPrevious_keepsOldTokens_resignsManifests_andAWithdrawalDropsTheKeyAtOnce() throws Exception {
    User admin = Api.signUp("Key admin");
    admins.grant(admin.id());
    admin = admin.signInAgain();
    User publisher = Api.signUp("Rotation publisher", "publisher");
    String titleId = Api.titleOnSale(publisher, 999, null);
    Api.publishContent(publisher, titleId);
    User before = Api.signUp("Signed in before the rotation");
    String oldKey = kidOf(before.token());
    assertThat(admin.request().get("/api/admin/keys").then().statusCode(200).extract().path("signingKey").toString()).isEqualTo(oldKey);

    JsonPath rotated = admin.request().post("/api/admin/keys/signing/rotate").then().statusCode(200).extract().jsonPath();

    String newKey = rotated.getString("current");
    assertThat(newKey).isNotEqualTo(oldKey);
    assertThat(rotated.getString("replaced")).isEqualTo(oldKey);
    assertThat(rotated.getInt("manifestsResigned")).isPositive();
    assertThat(publishedKeys()).contains(newKey, oldKey);
    before.request().get("/api/me").then().statusCode(200).body("id", equalTo(before.id()));
    User after = Api.signUp("Signed in after the rotation");
    assertThat(kidOf(after.token())).isEqualTo(newKey);
    byte[] manifest = given().get("/api/grid/titles/" + titleId + "/manifest").then().statusCode(200).extract().asByteArray();
    assertThat(ManifestCodec.decodeSigned(manifest).keyId()).isEqualTo(newKey);
    assertThat(admin.request().post("/api/admin/keys/signing/rotate").then().extract().path("manifestsResigned").toString())
        .as("a second rotation signs every manifest again too").isNotEqualTo("0");
    String third = kidOfCurrent(admin);
    String tokenOfTheThird = Api.login(after.email(), Api.PASSWORD);
    assertThat(kidOf(tokenOfTheThird)).isEqualTo(third);

    admin.request().post("/api/admin/keys/signing/rotate?withdraw=maybe").then().statusCode(400).body("detail", containsString("withdraw"));
    JsonPath withdrawn = admin.request().post("/api/admin/keys/signing/rotate?withdraw=true").then().statusCode(200).extract().jsonPath();

    assertThat(withdrawn.getString("replaced")).isEqualTo(third);
    assertThat(withdrawn.getBoolean("replacedWithdrawn")).isTrue();
    assertThat(publishedKeys()).doesNotContain(third).contains(withdrawn.getString("current"));
    given().header("Authorization", "Bearer " + tokenOfTheThird).get("/api/me").then().statusCode(401);
  }

  private String kidOfCurrent(User admin) {
    return admin.signInAgain().request().get("/api/admin/keys").then().statusCode(200).extract().path("signingKey");
  }

  private static List<String> publishedKeys() {
    return given().get("/.well-known/jwks.json").then().statusCode(200).extract().jsonPath().getList("keys.kid", String.class);
  }

  private static String kidOf(String token) {
    String header = new String(Base64.getUrlDecoder().decode(token.substring(0, token.indexOf('.'))), StandardCharsets.UTF_8);
    return io.restassured.path.json.JsonPath.from(header).getString("kid");
  }
}
