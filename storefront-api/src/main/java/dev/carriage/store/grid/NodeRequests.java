package dev.carriage.store.grid;

import dev.carriage.store.web.TextRules;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;
import java.util.List;
import java.util.UUID;

/** The bodies nodes send the coordinator. */
public final class NodeRequests {

  private NodeRequests() {}

  /** A node's public key (Ed25519, X.509, base64), chosen name and region. Origin needs an admin. */
  public record Enroll(
      @NotBlank @Size(max = 200) String publicKey,
      @NotBlank @Size(max = 100) @Pattern(regexp = TextRules.SINGLE_LINE, message = TextRules.SINGLE_LINE_RULE) String name,
      @NotBlank @Pattern(regexp = "[a-z0-9-]{1,32}", message = "must be 1 to 32 lowercase letters, digits or '-'") String region,
      boolean origin) {}

  /** What a node says every few seconds: where it listens, whether it serves, its load and holdings. */
  public record Heartbeat(
      @NotBlank @Size(max = 255) @Pattern(regexp = "[A-Za-z0-9.:-]+", message = "must be a host name or address") String host,
      @Min(1) @Max(65535) int port,
      boolean serving,
      @PositiveOrZero int activeConnections,
      @PositiveOrZero long uploadBytesPerSecond,
      @PositiveOrZero long bytesServed,
      @NotNull @Size(max = 10_000) List<@Valid @NotNull Holding> holdings,
      Boolean paused,
      @Size(max = 100) @Pattern(regexp = "[0-9:,\\- a-z]*", message = "must be hours such as 22:00-07:00") String servingHours,
      @PositiveOrZero Long uploadCapBytesPerSecond,
      @PositiveOrZero Long connectionCapBytesPerSecond,
      @Size(max = 120) @Pattern(regexp = PlayerAddress.PATTERN, message = PlayerAddress.RULE) String player) {}

  /** A carrier asking for a title to cache, naming those it recently failed to fetch. */
  public record FillRequest(@NotNull @Size(max = 100) List<@NotNull UUID> skip) {}

  public record Holding(@NotNull UUID titleId, @PositiveOrZero int piecesHeld, boolean complete) {}

  /**
   * A publisher's (or admin's) newly encrypted content: the unsigned manifest and its key,
   * base64, and optionally the SHA-256 of the source media, so a re-import can tell it is the same.
   */
  public record Publish(
      @NotBlank @Size(max = 1_000_000) String manifest,
      @NotBlank @Size(max = 100) String contentKey,
      @Pattern(regexp = "[0-9a-f]{64}", message = "must be a SHA-256 digest in lowercase hex") String sourceDigest) {}

  /** {@code PUT /api/grid/titles/{id}/replicas}: how many carriers should cache the title. */
  public record Replicas(@NotNull @jakarta.validation.constraints.Min(0) @jakarta.validation.constraints.Max(100) Integer target) {}
}
