package dev.carriage.store.database;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * Where the store's database is, decided before Quarkus starts: the server named by
 * {@code CARRIAGE_DB_URL} or by the standard Quarkus datasource properties, or else an embedded
 * PostgreSQL in the store's home directory.
 */
public record DatabaseSettings(Optional<String> configuredUrl, Path home) {

  static final String URL_VARIABLE = "CARRIAGE_DB_URL";
  static final String HOME_VARIABLE = "CARRIAGE_HOME";
  static final String HOME_PROPERTY = "carriage.home";
  static final String QUARKUS_URL_PROPERTY = "quarkus.datasource.jdbc.url";
  static final String QUARKUS_URL_VARIABLE = "QUARKUS_DATASOURCE_JDBC_URL";

  public static DatabaseSettings from(Map<String, String> environment, Properties systemProperties) {
    Optional<String> url =
        firstNonBlank(
            environment.get(URL_VARIABLE),
            systemProperties.getProperty(QUARKUS_URL_PROPERTY),
            environment.get(QUARKUS_URL_VARIABLE));
    String home =
        firstNonBlank(systemProperties.getProperty(HOME_PROPERTY), environment.get(HOME_VARIABLE))
            .orElse(Path.of(systemProperties.getProperty("user.home"), ".carriage").toString());
    return new DatabaseSettings(url, Path.of(home).toAbsolutePath());
  }

  public boolean needsEmbeddedDatabase() {
    return configuredUrl.isEmpty();
  }

  private static Optional<String> firstNonBlank(String... candidates) {
    for (String candidate : candidates) {
      if (candidate != null && !candidate.isBlank()) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }
}
