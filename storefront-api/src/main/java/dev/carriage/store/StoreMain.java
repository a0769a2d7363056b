package dev.carriage.store;

import dev.carriage.store.database.DatabaseSettings;
import dev.carriage.store.database.EmbeddedDatabase;
import dev.carriage.store.secrets.MasterKeys;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;

/**
 * Starts the store. When no database server is configured it first starts an embedded
 * PostgreSQL and points the datasource at it, so a fresh clone runs with nothing installed.
 */
@QuarkusMain
public final class StoreMain {

  /** Dev mode re-enters main on every reload; the database must start only once per JVM. */
  private static EmbeddedDatabase embeddedDatabase;

  private StoreMain() {}

  public static void main(String... args) {
    DatabaseSettings settings = DatabaseSettings.from(System.getenv(), System.getProperties());
    java.util.Optional<String> refusal = settings.refusal()
        .or(() -> MasterKeys.refusal(System.getenv(), System.getProperties(), settings.production()));
    if (refusal.isPresent()) {
      System.err.println("Carriage cannot start: " + refusal.get());
      System.exit(1);
    }
    if (settings.configuredUrl().isPresent()) {
      useConfiguredServer(settings.configuredUrl().get());
    } else {
      useEmbeddedDatabase(settings);
    }
    Quarkus.run(args);
  }

  private static void useConfiguredServer(String url) {
    System.setProperty("quarkus.datasource.jdbc.url", url);
    copyVariable("CARRIAGE_DB_USER", "quarkus.datasource.username");
    copyVariable("CARRIAGE_DB_PASSWORD", "quarkus.datasource.password");
  }

  private static synchronized void useEmbeddedDatabase(DatabaseSettings settings) {
    if (embeddedDatabase == null) {
      try {
        embeddedDatabase = EmbeddedDatabase.start(settings.home(), true);
      } catch (IllegalStateException refused) {
        // One line for the operator: which store, or which process, holds the data.
        System.err.println("Carriage cannot start: " + refused.getMessage());
        System.exit(1);
      }
      // PostgreSQL's fast shutdown rolls back what is still open; what was committed is on disk.
      Runtime.getRuntime().addShutdownHook(new Thread(embeddedDatabase::close, "embedded-postgres-stop"));
    }
    System.setProperty("quarkus.datasource.jdbc.url", embeddedDatabase.jdbcUrl());
    System.setProperty("quarkus.datasource.username", embeddedDatabase.username());
  }

  private static void copyVariable(String variable, String property) {
    String value = System.getenv(variable);
    if (value != null && !value.isBlank()) {
      System.setProperty(property, value);
    }
  }
}
