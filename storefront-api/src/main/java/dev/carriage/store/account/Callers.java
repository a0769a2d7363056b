package dev.carriage.store.account;

import io.quarkus.security.identity.SecurityIdentity;
import java.util.UUID;

/** The account behind an authenticated request. */
public final class Callers {

  private Callers() {}

  public static UUID accountId(SecurityIdentity caller) {
    return UUID.fromString(caller.getPrincipal().getName());
  }
}
