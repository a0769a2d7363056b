package dev.carriage.store.account;

import dev.carriage.store.web.TextRules;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.Set;

/** The bodies the account endpoints accept. */
public final class AccountRequests {

  private AccountRequests() {}

  public static final int PASSWORD_LENGTH_MIN = 10;
  public static final int PASSWORD_LENGTH_MAX = 128;

  /** A new password's one rule (sign-up checks the same bounds by annotation): a 400 naming {@code field} otherwise. */
  public static void requireNewPassword(String field, String password) {
    if (password == null || password.length() < PASSWORD_LENGTH_MIN || password.length() > PASSWORD_LENGTH_MAX) {
      throw dev.carriage.store.problem.ProblemException.invalidField(field, "must be " + PASSWORD_LENGTH_MIN + " to " + PASSWORD_LENGTH_MAX
          + " characters");
    }
  }

  /** Sign-up. Without roles the account is a buyer; every account can buy. */
  public record Register(
      @NotBlank @Email @Size(max = 254) String email,
      @NotNull @Size(min = PASSWORD_LENGTH_MIN, max = PASSWORD_LENGTH_MAX) String password,
      @NotBlank @Size(max = 100) @Pattern(regexp = TextRules.SINGLE_LINE, message = TextRules.SINGLE_LINE_RULE)
          String displayName,
      @Size(max = 5) Set<@NotNull Role> roles) {

    public Register {
      // Pasted addresses often carry spaces; they are no part of an address.
      email = email == null ? null : email.strip();
    }
  }

  public record Login(
      @NotBlank @Size(max = 254) String email, @NotNull @Size(max = PASSWORD_LENGTH_MAX) String password) {

    public Login {
      email = email == null ? null : email.strip();
    }
  }

  /** {@code POST /api/auth/password-reset}. */
  public record ResetRequest(String email) {}

  /** {@code POST /api/auth/password-reset/confirm}. */
  public record ResetConfirm(String token, String newPassword) {}
}
