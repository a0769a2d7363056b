package dev.carriage.store.account;

import java.util.Locale;

/** What an account may do. A person can hold several: a fan-site owner who also carries, say. */
public enum Role {
  BUYER,
  CARRIER,
  AFFILIATE,
  PUBLISHER,
  ADMIN;

  /** The role's name in tokens, JSON and {@code @RolesAllowed}. */
  public static final class Names {
    public static final String BUYER = "buyer";
    public static final String CARRIER = "carrier";
    public static final String AFFILIATE = "affiliate";
    public static final String PUBLISHER = "publisher";
    public static final String ADMIN = "admin";

    private Names() {}
  }

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Anyone may sign up as these; admin is granted, never chosen. */
  public boolean isSelfService() {
    return this != ADMIN;
  }

  /** JSON reads and writes enums by this name (see {@code JsonSettings}). */
  @Override
  public String toString() {
    return wireName();
  }
}
