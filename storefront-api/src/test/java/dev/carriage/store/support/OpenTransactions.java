package dev.carriage.store.support;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.sql.DataSource;

/**
 * Watches the store's database while the fake Stripe answers: any session left idle inside a
 * transaction at that moment is a transaction held open across a call to Stripe.
 */
public final class OpenTransactions {

  private final DataSource database;
  private final List<String> seen = new CopyOnWriteArrayList<>();

  public OpenTransactions(DataSource database) {
    this.database = database;
  }

  /** "path: n sessions" for every Stripe request answered while a transaction was open. */
  public List<String> heldDuringStripeCalls() {
    return List.copyOf(seen);
  }

  public void look(String stripePath) {
    try (Connection connection = database.getConnection(); Statement statement = connection.createStatement();
        ResultSet open = statement.executeQuery("select count(*) from pg_stat_activity where backend_type = 'client backend'"
            + " and state like 'idle in transaction%' and pid <> pg_backend_pid()")) {
      open.next();
      if (open.getInt(1) > 0) {
        seen.add(stripePath + ": " + open.getInt(1) + " open transaction(s)");
      }
    } catch (java.sql.SQLException failed) {
      seen.add(stripePath + ": could not look (" + failed.getMessage() + ")");
    }
  }
}
