package dev.carriage.store.account;

import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.Set;

/** The bodies the account endpoints accept. */
public final class AccountRequests {

  private AccountRequests() {}

  public static final int PASSWORD_LENGTH_MIN = 10;
  public static final int PASSWORD_LENGTH_MAX = 128;

  /** Sign-up. Without roles the account is a buyer; every account can buy. */
  public record Register(
      @NotBlank @Email @Size(max = 254) String email,
      @NotNull @Size(min = PASSWORD_LENGTH_MIN, max = PASSWORD_LENGTH_MAX) String password,
      @NotBlank @Size(max = 100) String displayName,
      @Size(max = 5) Set<@NotNull Role> roles) {}

  public record Login(
      @NotBlank @Size(max = 254) String email, @NotNull @Size(max = PASSWORD_LENGTH_MAX) String password) {}
}
