package dev.carriage.store.account;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** An account as its owner sees it; never the password hash. */
public record AccountView(UUID id, String email, String displayName, List<Role> roles, Instant createdAt) {

  static AccountView of(Account account) {
    return new AccountView(
        account.id(), account.email(), account.displayName(), account.roles().stream().sorted().toList(), account.createdAt());
  }
}
