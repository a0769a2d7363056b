package dev.carriage.grid.manifest;

import java.util.Objects;

/** A manifest with the store's signature over its canonical bytes, and the id of the key that made it. */
public record SignedManifest(Manifest manifest, String keyId, byte[] signature) {

  public SignedManifest {
    Objects.requireNonNull(manifest, "manifest");
    Objects.requireNonNull(keyId, "keyId");
    if (keyId.isEmpty() || keyId.length() > ManifestCodec.KEY_ID_LENGTH_MAX || !keyId.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
      throw new IllegalArgumentException("key id: 1 to " + ManifestCodec.KEY_ID_LENGTH_MAX + " printable ASCII characters");
    }
    if (signature.length != ManifestCodec.SIGNATURE_LENGTH) {
      throw new IllegalArgumentException("signature: " + signature.length + " bytes (expected: " + ManifestCodec.SIGNATURE_LENGTH + ")");
    }
    signature = signature.clone();
  }

  @Override
  public byte[] signature() {
    return signature.clone();
  }

  public byte[] encode() {
    return ManifestCodec.encode(this);
  }
}
