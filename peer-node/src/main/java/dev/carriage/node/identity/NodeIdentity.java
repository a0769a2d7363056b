package dev.carriage.node.identity;

import io.jsonwebtoken.Jwts;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.Optional;
import java.util.UUID;

/**
 * Who this node is: an Ed25519 key pair made on first start and kept in the data directory
 * (owner-only), and the node id the store gave it at enrolment. The private key never leaves
 * the machine; the node proves itself with short tokens it signs.
 */
public final class NodeIdentity {

  private static final String PRIVATE_KEY = "node-key.pkcs8";
  private static final String PUBLIC_KEY = "node-key.x509";
  private static final String NODE_ID = "node-id";
  public static final String TOKEN_AUDIENCE = "carriage-node-api";
  private static final Duration TOKEN_LIFETIME = Duration.ofMinutes(5);

  private final Path directory;
  private final KeyPair keys;
  private volatile UUID nodeId;

  private NodeIdentity(Path directory, KeyPair keys, UUID nodeId) {
    this.directory = directory;
    this.keys = keys;
    this.nodeId = nodeId;
  }

  public static NodeIdentity loadOrCreate(Path dataDirectory) throws IOException {
    Files.createDirectories(dataDirectory);
    Path privateFile = dataDirectory.resolve(PRIVATE_KEY);
    try {
      KeyFactory factory = KeyFactory.getInstance("Ed25519");
      KeyPair keys;
      if (Files.exists(privateFile)) {
        keys = new KeyPair(
            factory.generatePublic(new X509EncodedKeySpec(Files.readAllBytes(dataDirectory.resolve(PUBLIC_KEY)))),
            factory.generatePrivate(new PKCS8EncodedKeySpec(Files.readAllBytes(privateFile))));
      } else {
        keys = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        Files.write(dataDirectory.resolve(PUBLIC_KEY), keys.getPublic().getEncoded());
        Files.write(privateFile, keys.getPrivate().getEncoded());
        restrictToOwner(privateFile);
      }
      Path idFile = dataDirectory.resolve(NODE_ID);
      UUID nodeId = Files.exists(idFile) ? UUID.fromString(Files.readString(idFile, StandardCharsets.US_ASCII).strip()) : null;
      return new NodeIdentity(dataDirectory, keys, nodeId);
    } catch (GeneralSecurityException broken) {
      throw new IOException("the node key in " + dataDirectory + " cannot be read: " + broken.getMessage(), broken);
    }
  }

  private static void restrictToOwner(Path file) throws IOException {
    try {
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    } catch (UnsupportedOperationException notPosix) {
      // Windows: the file inherits the user profile's permissions.
    }
  }

  public Optional<UUID> nodeId() {
    return Optional.ofNullable(nodeId);
  }

  public void enrolled(UUID id) throws IOException {
    Files.writeString(directory.resolve(NODE_ID), id.toString(), StandardCharsets.US_ASCII);
    this.nodeId = id;
  }

  public PublicKey publicKey() {
    return keys.getPublic();
  }

  public PrivateKey privateKey() {
    return keys.getPrivate();
  }

  public String publicKeyBase64() {
    return Base64.getEncoder().encodeToString(keys.getPublic().getEncoded());
  }

  /** A short token that proves this node to the store. */
  public String token() {
    UUID id = nodeId().orElseThrow(() -> new IllegalStateException("the node is not enrolled yet"));
    Instant now = Instant.now();
    return Jwts.builder()
        .header().keyId(id.toString()).and()
        .subject(id.toString())
        .audience().add(TOKEN_AUDIENCE).and()
        .issuedAt(Date.from(now))
        .expiration(Date.from(now.plus(TOKEN_LIFETIME)))
        .signWith(keys.getPrivate(), Jwts.SIG.EdDSA)
        .compact();
  }
}
