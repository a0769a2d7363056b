package dev.carriage.node.cli;

import dev.carriage.node.store.StoreApi;
import java.net.URI;
import picocli.CommandLine.Option;

/** Options every command that talks to the store shares (catalog-import's too). */
public final class StoreOptions {

  @Option(names = "--store", defaultValue = "${env:CARRIAGE_STORE:-http://127.0.0.1:8080}", description = "The store's address (default: ${DEFAULT-VALUE}).")
  URI store;

  @Option(names = "--email", defaultValue = "${env:CARRIAGE_EMAIL}", description = "Your Carriage account (or CARRIAGE_EMAIL).")
  String email;

  @Option(names = "--password", defaultValue = "${env:CARRIAGE_PASSWORD}", description = "Its password (or CARRIAGE_PASSWORD).",
      interactive = false)
  String password;

  public StoreApi api() {
    return new StoreApi(store);
  }

  public String login() {
    return login(api());
  }

  /** Signs in through {@code api}, so one client (and its connection) serves the whole command. */
  public String login(StoreApi api) {
    if (email == null || password == null) {
      throw new IllegalArgumentException("sign in with --email and --password (or CARRIAGE_EMAIL and CARRIAGE_PASSWORD)");
    }
    return api.login(email, password);
  }
}
