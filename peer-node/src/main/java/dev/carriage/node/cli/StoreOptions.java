package dev.carriage.node.cli;

import dev.carriage.node.store.SavedSessions;
import dev.carriage.node.store.StoreApi;
import java.net.URI;
import java.nio.file.Path;
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

  @Option(names = "--sessions", defaultValue = "${env:CARRIAGE_SESSIONS:-${env:CARRIAGE_HOME:-${sys:user.home}/.carriage}/sessions}",
      description = "Where the sessions you stay signed in with are kept, one per store and account (default: ${DEFAULT-VALUE}).")
  Path sessions;

  public StoreApi api() {
    return new StoreApi(store);
  }

  public String login() {
    return login(api());
  }

  /** Signs in through {@code api} (or stays signed in: {@link SavedSessions}), so one client serves the whole command. */
  public String login(StoreApi api) {
    if (email == null) {
      throw new IllegalArgumentException("sign in with --email and --password (or CARRIAGE_EMAIL and CARRIAGE_PASSWORD)");
    }
    return new SavedSessions(sessions).signIn(api, email, password);
  }
}
