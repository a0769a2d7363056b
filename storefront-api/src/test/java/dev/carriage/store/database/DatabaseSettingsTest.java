package dev.carriage.store.database;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class DatabaseSettingsTest {

  @Test
  void nothingConfigured_usesEmbeddedDatabaseInTheUsersHome() {
    DatabaseSettings settings = DatabaseSettings.from(Map.of(), properties("user.home", "/home/ada"));

    assertThat(settings.needsEmbeddedDatabase()).isTrue();
    assertThat(settings.home()).isEqualTo(Path.of("/home/ada/.carriage"));
  }

  @Test
  void carriageHome_movesTheData() {
    DatabaseSettings fromVariable = DatabaseSettings.from(Map.of("CARRIAGE_HOME", "/srv/carriage"), properties("user.home", "/home/ada"));
    DatabaseSettings fromProperty =
        DatabaseSettings.from(Map.of("CARRIAGE_HOME", "/srv/carriage"), properties("user.home", "/home/ada", "carriage.home", "/data"));

    assertThat(fromVariable.home()).isEqualTo(Path.of("/srv/carriage"));
    assertThat(fromProperty.home()).isEqualTo(Path.of("/data"));
  }

  @Test
  void carriageDbUrl_orQuarkusUrl_meansAConfiguredServer() {
    String url = "jdbc:postgresql://db.internal:5432/carriage";

    assertThat(DatabaseSettings.from(Map.of("CARRIAGE_DB_URL", url), properties("user.home", "/h")).configuredUrl()).contains(url);
    assertThat(DatabaseSettings.from(Map.of("QUARKUS_DATASOURCE_JDBC_URL", url), properties("user.home", "/h")).configuredUrl()).contains(url);
    assertThat(DatabaseSettings.from(Map.of(), properties("user.home", "/h", "quarkus.datasource.jdbc.url", url)).needsEmbeddedDatabase()).isFalse();
    assertThat(DatabaseSettings.from(Map.of("CARRIAGE_DB_URL", " "), properties("user.home", "/h")).needsEmbeddedDatabase()).isTrue();
  }

  private static Properties properties(String... keysAndValues) {
    Properties properties = new Properties();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      properties.setProperty(keysAndValues[i], keysAndValues[i + 1]);
    }
    return properties;
  }

  @Test
  void theProductionProfile_withoutADatabaseServer_isRefused_inOneLineNamingWhatToSet() {
    assertThat(DatabaseSettings.from(Map.of("QUARKUS_PROFILE", "production"), properties("user.home", "/h")).refusal())
        .hasValueSatisfying(why -> assertThat(why).contains("CARRIAGE_DB_URL").contains("embedded PostgreSQL is for local runs").doesNotContain("\n"));
    assertThat(DatabaseSettings.from(Map.of("QUARKUS_PROFILE", "production", "CARRIAGE_DB_URL", "jdbc:postgresql://db:5432/carriage"),
        properties("user.home", "/h")).refusal()).isEmpty();
    assertThat(DatabaseSettings.from(Map.of(), properties("user.home", "/h")).refusal()).as("a local run").isEmpty();
  }
}
