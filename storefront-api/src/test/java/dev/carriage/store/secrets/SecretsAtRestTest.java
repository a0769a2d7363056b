package dev.carriage.store.secrets;

import static org.assertj.core.api.Assertions.assertThat;

import dev.carriage.store.affiliate.StoreSecrets;
import dev.carriage.store.auth.SigningKeys;
import dev.carriage.store.support.Api;
import dev.carriage.store.support.Api.User;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.StringWriter;
import java.security.interfaces.ECPrivateKey;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;

/**
 * What an attacker holding a copy of the database learns: every table dumped as pg_dump dumps
 * data ({@code COPY ... TO STDOUT}) holds no content key, no signing key and no store secret;
 * and plaintext left from before sealing is sealed and emptied, still opening to the same value.
 */
@QuarkusTest
class SecretsAtRestTest {

  @Inject DataSource database;
  @Inject SigningKeys signingKeys;
  @Inject StoreSecrets storeSecrets;
  @Inject SecretsAtRest secrets;

  @Test
  void aDatabaseDumpAlone_revealsNoContentKey_signingKey_orStoreSecret() throws Exception {
    String titleId = titleWithContent();
    byte[] contentKey = contentKeyAsTheBuyerGetsIt(titleId);
    ECPrivateKey signingKey = (ECPrivateKey) signingKeys.active().privateKey();
    byte[] fingerprintKey = storeSecrets.secret("visitor-fingerprint");

    String dump = dump();

    assertThat(dump).as("the dump holds the title's data").contains(titleId);
    for (byte[] secret : List.of(contentKey, signingKey.getEncoded(), unsigned(signingKey.getS().toByteArray()), fingerprintKey)) {
      assertThat(dump).doesNotContain(HexFormat.of().formatHex(secret)).doesNotContain(Base64.getEncoder().encodeToString(secret));
    }
    assertThat(count("select count(*) from title_content where content_key is not null or content_key_master_key is null")).isZero();
    assertThat(count("select count(*) from signing_key where private_key is not null")).isZero();
    assertThat(count("select count(*) from store_secret where value is not null")).isZero();
  }

  @Test
  void plaintextLeftFromBeforeSealing_isSealedAndEmptied_andOpensToTheSameValue() throws Exception {
    String titleId = titleWithContent();
    byte[] contentKey = contentKeyAsTheBuyerGetsIt(titleId);
    String legacySecret = "legacy-" + UUID.randomUUID();
    byte[] legacyValue = HexFormat.of().parseHex("00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff");
    try (Connection connection = database.getConnection()) {
      update(connection, "update title_content set content_key = ?, content_key_sealed = null, content_key_master_key = null where title_id = ?",
          contentKey, UUID.fromString(titleId));
      update(connection, "insert into store_secret (name, value, created_at) values (?, ?, now())", legacySecret, legacyValue);
    }

    secrets.sealNow();

    assertThat(count("select count(*) from title_content where content_key is not null")).isZero();
    assertThat(count("select count(*) from store_secret where value is not null")).isZero();
    assertThat(contentKeyAsTheBuyerGetsIt(titleId)).isEqualTo(contentKey);
    assertThat(storeSecrets.secret(legacySecret)).isEqualTo(legacyValue);
    assertThat(secrets.census().get(SecretColumn.CONTENT_KEY)).containsOnlyKeys("mk-" + HexFormat.of().formatHex(
        java.security.MessageDigest.getInstance("SHA-256").digest(Base64.getDecoder().decode(
            dev.carriage.store.support.EmbeddedPostgresResource.TEST_MASTER_KEY)), 0, 8));
  }

  @Test
  void aSealedValueMovedToAnotherRow_doesNotOpen() throws Exception {
    String first = titleWithContent();
    String second = titleWithContent();
    try (Connection connection = database.getConnection()) {
      update(connection, "update title_content set content_key_sealed = (select content_key_sealed from title_content where title_id = ?)"
          + " where title_id = ?", UUID.fromString(first), UUID.fromString(second));
    }
    User buyer = Api.signUp("Moved key buyer");
    Api.buy(buyer, second);

    Api.download(buyer, second).then().statusCode(500);
  }

  private String titleWithContent() {
    User publisher = Api.signUp("Sealed publisher", "publisher");
    String titleId = Api.titleOnSale(publisher, 999, null);
    Api.publishContent(publisher, titleId);
    return titleId;
  }

  private static byte[] contentKeyAsTheBuyerGetsIt(String titleId) {
    User buyer = Api.signUp("Sealed buyer");
    Api.buy(buyer, titleId);
    return Base64.getDecoder().decode(Api.download(buyer, titleId).then().statusCode(201).extract().<String>path("contentKey"));
  }

  /** The data part of a pg_dump: every table of the schema copied out as text, bytea as hex. */
  private String dump() throws Exception {
    StringWriter out = new StringWriter();
    try (Connection connection = database.getConnection()) {
      List<String> tables = new ArrayList<>();
      try (ResultSet rows = connection.createStatement().executeQuery("select tablename from pg_tables where schemaname = current_schema()")) {
        while (rows.next()) {
          tables.add(rows.getString(1));
        }
      }
      PGConnection pg = connection.unwrap(PGConnection.class);
      for (String table : tables) {
        out.write("-- " + table + "\n");
        pg.getCopyAPI().copyOut("copy \"" + table + "\" to stdout", out);
      }
    }
    return out.toString();
  }

  private long count(String sql) throws Exception {
    try (Connection connection = database.getConnection(); ResultSet rows = connection.createStatement().executeQuery(sql)) {
      rows.next();
      return rows.getLong(1);
    }
  }

  private static void update(Connection connection, String sql, Object... parameters) throws Exception {
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      for (int i = 0; i < parameters.length; i++) {
        statement.setObject(i + 1, parameters[i]);
      }
      assertThat(statement.executeUpdate()).isEqualTo(1);
    }
  }

  private static byte[] unsigned(byte[] twosComplement) {
    return twosComplement.length > 32 ? java.util.Arrays.copyOfRange(twosComplement, twosComplement.length - 32, twosComplement.length)
        : twosComplement;
  }
}
