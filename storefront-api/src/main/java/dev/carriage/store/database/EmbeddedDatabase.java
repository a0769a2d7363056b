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
 *
 * <p>One store owns the directory at a time ({@link DataDirectoryLock}); a server left running by
 * a store that died is stopped before a new one starts ({@link LeftoverServer}); and the server
 * is watched so it stops when its store's process ends, however it ends ({@link Watchdog}).
 */
public final class EmbeddedDatabase implements AutoCloseable {

  private static final Logger LOG = Logger.getLogger(EmbeddedDatabase.class);
  private static final String DATABASE = "postgres";
  private static final String USER = "postgres";

  private final EmbeddedPostgres postgres;
  private final DataDirectoryLock lock;

  private EmbeddedDatabase(EmbeddedPostgres postgres, DataDirectoryLock lock) {
    this.postgres = postgres;
    this.lock = lock;
  }

  /**
   * Starts PostgreSQL on {@code home/postgres/data}, creating the cluster on first start.
   *
   * @param durable false only for throw-away test databases, where fsync buys nothing
   */
  public static EmbeddedDatabase start(Path home, boolean durable) {
    Path dataDirectory = home.resolve("postgres").resolve("data");
    Path binaryDirectory = home.resolve("postgres").resolve("binaries");
    DataDirectoryLock lock;
    try {
      Files.createDirectories(dataDirectory);
      Files.createDirectories(binaryDirectory);
      lock = DataDirectoryLock.take(home.resolve("postgres"));
    } catch (IOException e) {
      throw new UncheckedIOException("could not prepare embedded PostgreSQL in " + dataDirectory, e);
    }
    try {
      boolean leftover = LeftoverServer.clear(dataDirectory, binaryDirectory);
      java.util.Optional<String> crashed = lock.previousEndedUncleanly();
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
      if (leftover || crashed.isPresent()) {
        // The server accepts connections only once its recovery is done, so the store is ready only after it.
        LOG.warnf("The store did not stop cleanly last time (%s); the embedded database recovered from an unclean stop,"
            + " keeping everything that was committed", crashed.orElse("its database was left running"));
      }
      LOG.infof("Embedded PostgreSQL started on port %d with data in %s", postgres.getPort(), dataDirectory);
      Watchdog.watch(postmasterPid(dataDirectory), dataDirectory);
      return new EmbeddedDatabase(postgres, lock);
    } catch (IOException | RuntimeException e) {
      lock.close();
      if (e instanceof RuntimeException runtime) {
        throw runtime;
      }
      throw new UncheckedIOException("could not start embedded PostgreSQL in " + dataDirectory, (IOException) e);
    }
  }

  /** The process of the server now running on the directory, as its lock file names it. */
  private static long postmasterPid(Path dataDirectory) throws IOException {
    return Long.parseLong(Files.readAllLines(dataDirectory.resolve("postmaster.pid")).get(0).strip());
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
    } finally {
      lock.close();
    }
  }
}
