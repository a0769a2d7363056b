package dev.carriage.store.download;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.UUID;

/**
 * {@code POST /api/downloads}: the title, the client's ephemeral Ed25519 public key (X.509,
 * base64; it will sign the client's receipts), and, when the client is itself an enrolled node,
 * its node id and region.
 */
public record DownloadRequest(
    @NotNull UUID titleId,
    @NotBlank @Size(max = 200) String clientKey,
    UUID nodeId,
    @Pattern(regexp = "[a-z0-9-]{1,32}", message = "must be 1 to 32 lowercase letters, digits or '-'") String region) {}
