package dev.carriage.store.support;

import dev.carriage.store.database.EmbeddedDatabase;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Gives every {@code @QuarkusTest} a real PostgreSQL: the embedded one in a throw-away
 * directory, or the server named by {@code quarkus.datasource.jdbc.url} / {@code
 * CARRIAGE_DB_URL} when one is configured, so the same tests run against a production-like server.
 */
@WithTestResource(value = EmbeddedPostgresResource.class, scope = TestResourceScope.GLOBAL)
public class EmbeddedPostgresResource implements QuarkusTestResourceLifecycleManager {

  /** The master key the tests' store seals its secrets under (base64 of 32 bytes); a real store is given its own. */
  public static final String TEST_MASTER_KEY = "Y2FycmlhZ2UtdGVzdHMtbWFzdGVyLWtleS0zMmJ5dGU=";

  private Path home;
  private EmbeddedDatabase database;

  @Override
  public Map<String, String> start() {
    String configuredUrl = System.getenv("CARRIAGE_DB_URL");
    if (System.getProperty("quarkus.datasource.jdbc.url") != null) {
      return Map.of();
    }
    if (configuredUrl != null && !configuredUrl.isBlank()) {
      return Map.of(
          "quarkus.datasource.jdbc.url", configuredUrl,
          "quarkus.datasource.username", System.getenv().getOrDefault("CARRIAGE_DB_USER", "postgres"),
          "quarkus.datasource.password", System.getenv().getOrDefault("CARRIAGE_DB_PASSWORD", ""),
          "carriage.secrets.master-key", TEST_MASTER_KEY);
    }
    try {
      home = Files.createTempDirectory("carriage-test-db");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    database = EmbeddedDatabase.start(home, false);
    return Map.of("quarkus.datasource.jdbc.url", database.jdbcUrl(), "quarkus.datasource.username", database.username(),
        "carriage.secrets.master-key", TEST_MASTER_KEY);
  }

  @Override
  public void stop() {
    if (database != null) {
      database.close();
      deleteRecursively(home);
    }
  }

  private static void deleteRecursively(Path root) {
    try (Stream<Path> paths = Files.walk(root)) {
      paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
