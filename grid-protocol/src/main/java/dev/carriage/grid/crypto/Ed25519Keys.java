package dev.carriage.grid.crypto;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;

/** Ed25519 public keys as the grid sends them: X.509 (SubjectPublicKeyInfo) bytes. Nodes and download clients both use them. */
public final class Ed25519Keys {

  private Ed25519Keys() {}

  /** The key these bytes encode; anything else is an {@link IllegalArgumentException}. */
  public static PublicKey decode(byte[] encoded) {
    try {
      return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(encoded));
    } catch (GeneralSecurityException notEd25519) {
      throw new IllegalArgumentException("not an Ed25519 public key in X.509 form");
    }
  }
}
