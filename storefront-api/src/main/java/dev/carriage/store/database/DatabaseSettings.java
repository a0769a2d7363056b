package dev.carriage.store.database;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * Where the store's database is, decided before Quarkus starts: the server named by
 * {@code CARRIAGE_DB_URL} or by the standard Quarkus datasource properties, or else an embedded
 * PostgreSQL in the store's home directory. The embedded one is for local runs and tests: in the
 * production profile ({@code QUARKUS_PROFILE=production}) a store without a configured server
 * refuses to start, rather than start empty with its own signing key beside the real one.
 */
public record DatabaseSettings(Optional<String> configuredUrl, Path home, boolean production) {

  /** The profile a store facing the internet runs in. */
  public static final String PRODUCTION_PROFILE = "production";
  static final String PROFILE_PROPERTY = "quarkus.profile";
  static final String PROFILE_VARIABLE = "QUARKUS_PROFILE";

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
    String profile = firstNonBlank(systemProperties.getProperty(PROFILE_PROPERTY), environment.get(PROFILE_VARIABLE)).orElse("");
    return new DatabaseSettings(url, Path.of(home).toAbsolutePath(), java.util.Arrays.asList(profile.split(",")).contains(PRODUCTION_PROFILE));
  }

  /** Why the store must not start: the production profile with no database server configured. */
  public Optional<String> refusal() {
    if (production && configuredUrl.isEmpty()) {
      return Optional.of("the production profile needs a database server: set " + URL_VARIABLE
          + " (and CARRIAGE_DB_USER, CARRIAGE_DB_PASSWORD); the embedded PostgreSQL is for local runs and tests");
    }
    return Optional.empty();
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
