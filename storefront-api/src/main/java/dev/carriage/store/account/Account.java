package dev.carriage.store.account;

import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Set;
import java.util.UUID;

/** A person's account: how they sign in and what their roles let them do. */
@Entity
@Table(name = "account")
public class Account {

  @Id private UUID id;

  /** Stored trimmed and lowercase, so one mailbox is one account. */
  @Column(nullable = false, unique = true)
  private String email;

  @Column(name = "display_name", nullable = false)
  private String displayName;

  /** A PHC-format Argon2id string; never the password. */
  @Column(name = "password_hash", nullable = false)
  private String passwordHash;

  @ElementCollection(fetch = FetchType.EAGER)
  @CollectionTable(name = "account_role", joinColumns = @JoinColumn(name = "account_id"))
  @Enumerated(EnumType.STRING)
  @Column(name = "role", nullable = false)
  private Set<Role> roles = EnumSet.noneOf(Role.class);

  @Column(name = "created_at", nullable = false)
  private Instant createdAt;

  protected Account() {}

  public Account(String email, String displayName, String passwordHash, Set<Role> roles, Instant createdAt) {
    this.id = UUID.randomUUID();
    this.email = email;
    this.displayName = displayName;
    this.passwordHash = passwordHash;
    this.roles = EnumSet.copyOf(roles);
    this.createdAt = createdAt;
  }

  public UUID id() {
    return id;
  }

  public String email() {
    return email;
  }

  public String displayName() {
    return displayName;
  }

  public String passwordHash() {
    return passwordHash;
  }

  public Set<Role> roles() {
    return Set.copyOf(roles);
  }

  /** Gives the account a role (an admin's grant); true when it did not have it. */
  public boolean grant(Role role) {
    return roles.add(role);
  }

  public Instant createdAt() {
    return createdAt;
  }
}
