package dev.carriage.grid.receipt;

import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.util.Arrays;
import java.util.Objects;

/** A receipt with the Ed25519 signature of the client's ephemeral key over its encoding. */
public record SignedReceipt(Receipt receipt, byte[] signature) {

  public SignedReceipt {
    Objects.requireNonNull(receipt, "receipt");
    Objects.requireNonNull(signature, "signature");
    if (signature.length != ReceiptCodec.SIGNATURE_LENGTH) {
      throw new IllegalArgumentException("signature: " + signature.length + " bytes (expected: " + ReceiptCodec.SIGNATURE_LENGTH + ")");
    }
    signature = signature.clone();
  }

  @Override
  public byte[] signature() {
    return signature.clone();
  }

  /** Whether {@code clientKey} signed exactly this receipt. */
  public boolean verify(PublicKey clientKey) {
    try {
      Signature verifier = Signature.getInstance("Ed25519");
      verifier.initVerify(clientKey);
      verifier.update(ReceiptCodec.encodeBody(receipt));
      return verifier.verify(signature);
    } catch (GeneralSecurityException | IllegalArgumentException unusable) {
      return false;
    }
  }

  public byte[] encode() {
    return ReceiptCodec.encode(this);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof SignedReceipt that && receipt.equals(that.receipt) && Arrays.equals(signature, that.signature);
  }

  @Override
  public int hashCode() {
    return 31 * receipt.hashCode() + Arrays.hashCode(signature);
  }

  @Override
  public String toString() {
    return "SignedReceipt[" + receipt + "]";
  }
}
