package dev.carriage.store.database;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jboss.logging.Logger;

/**
 * A real PostgreSQL server run from binaries shipped in a Maven dependency, for a store that has
 * no database server configured. Its data lives in a directory of the store's home, survives
 * restarts and is written durably (fsync on), because it holds buyers' purchases and money.
 */
public final class EmbeddedDatabase implements AutoCloseable {

  private static final Logger LOG = Logger.getLogger(EmbeddedDatabase.class);
  private static final String DATABASE = "postgres";
  private static final String USER = "postgres";

  private final EmbeddedPostgres postgres;

  private EmbeddedDatabase(EmbeddedPostgres postgres) {
    this.postgres = postgres;
  }

  /**
   * Starts PostgreSQL on {@code home/postgres/data}, creating the cluster on first start.
   *
   * @param durable false only for throw-away test databases, where fsync buys nothing
   */
  public static EmbeddedDatabase start(Path home, boolean durable) {
    Path dataDirectory = home.resolve("postgres").resolve("data");
    Path binaryDirectory = home.resolve("postgres").resolve("binaries");
    try {
      Files.createDirectories(dataDirectory);
      Files.createDirectories(binaryDirectory);
      String onWhenDurable = durable ? "on" : "off";
      EmbeddedPostgres postgres =
          EmbeddedPostgres.builder()
              .setDataDirectory(dataDirectory)
              .setOverrideWorkingDirectory(binaryDirectory.toFile())
              .setCleanDataDirectory(false)
              // The owner decides when to stop it: StoreMain on JVM exit, tests when they end.
              .setRegisterShutdownHook(false)
              // Only this machine may connect: the embedded cluster trusts local users.
              .setServerConfig("listen_addresses", "localhost")
              .setServerConfig("fsync", onWhenDurable)
              .setServerConfig("synchronous_commit", onWhenDurable)
              .setServerConfig("full_page_writes", onWhenDurable)
              .start();
      LOG.infof("Embedded PostgreSQL started on port %d with data in %s", postgres.getPort(), dataDirectory);
      return new EmbeddedDatabase(postgres);
    } catch (IOException e) {
      throw new UncheckedIOException("could not start embedded PostgreSQL in " + dataDirectory, e);
    }
  }

  public String jdbcUrl() {
    return "jdbc:postgresql://localhost:" + postgres.getPort() + "/" + DATABASE;
  }

  public String username() {
    return USER;
  }

  @Override
  public void close() {
    try {
      postgres.close();
    } catch (IOException e) {
      throw new UncheckedIOException("could not stop embedded PostgreSQL", e);
    }
  }
}
