package dev.carriage.grid.manifest;

import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.util.Objects;
import java.util.function.Function;

/**
 * Signs manifests with the store's ES256 key and checks them with its published keys. The
 * signature is ECDSA P-256 over SHA-256 of the canonical bytes, in the fixed 64-byte r || s
 * form that JWS uses.
 */
public final class ManifestSigner {

  private static final String ALGORITHM = "SHA256withECDSAinP1363Format";

  private ManifestSigner() {}

  public static SignedManifest sign(Manifest manifest, PrivateKey key, String keyId) {
    try {
      Signature signer = Signature.getInstance(ALGORITHM);
      signer.initSign(key);
      signer.update(ManifestCodec.encode(manifest));
      return new SignedManifest(manifest, keyId, signer.sign());
    } catch (GeneralSecurityException failed) {
      throw new IllegalStateException("could not sign the manifest of title " + manifest.titleId(), failed);
    }
  }

  /**
   * Decodes and verifies a signed manifest; {@code keys} maps a key id to the store's public
   * key, or null for a key it does not know.
   */
  public static Manifest verify(byte[] encoded, Function<String, PublicKey> keys) throws ManifestException {
    SignedManifest signed = ManifestCodec.decodeSigned(encoded);
    return verify(signed, keys);
  }

  public static Manifest verify(SignedManifest signed, Function<String, PublicKey> keys) throws ManifestException {
    PublicKey key = keys.apply(signed.keyId());
    if (key == null) {
      throw new ManifestException("manifest signed by unknown key " + signed.keyId());
    }
    try {
      Signature verifier = Signature.getInstance(ALGORITHM);
      verifier.initVerify(Objects.requireNonNull(key));
      verifier.update(ManifestCodec.encode(signed.manifest()));
      if (!verifier.verify(signed.signature())) {
        throw new ManifestException("manifest signature does not match key " + signed.keyId());
      }
      return signed.manifest();
    } catch (GeneralSecurityException unusable) {
      throw new ManifestException("manifest signature cannot be checked with key " + signed.keyId() + ": " + unusable.getMessage());
    }
  }
}
