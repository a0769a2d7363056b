package dev.carriage.store.secrets;

/** A secret sealed under one master key: which key (its id, stored beside), and the nonce, ciphertext and tag. */
public record Sealed(String masterKeyId, byte[] bytes) {

  public Sealed {
    bytes = bytes.clone();
  }

  @Override
  public byte[] bytes() {
    return bytes.clone();
  }
}
