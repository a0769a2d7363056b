package dev.carriage.store.support;

import com.fasterxml.jackson.databind.JsonNode;
import dev.carriage.grid.manifest.Manifest;
import dev.carriage.grid.manifest.ManifestCodec;
import dev.carriage.grid.receipt.Receipt;
import dev.carriage.grid.receipt.ReceiptCodec;
import dev.carriage.node.NodeDaemon;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.Base64;
import java.util.BitSet;
import java.util.Map;
import java.util.UUID;

/** Download sessions opened with a key the test holds, and receipts it signs as that client would. */
public final class Carriage {

  private Carriage() {}

  /** A session of one buyer for one title, with its client key pair and the manifest the store sent. */
  public record Session(UUID sessionId, UUID titleId, KeyPair key, Manifest manifest) {

    /** A receipt for these pieces from this carrier, signed by the session's key. */
    public byte[] receipt(UUID carrier, long sequence, int... pieces) {
      return ReceiptCodec.sign(Receipt.of(sessionId, carrier, sequence, manifest, bits(pieces)), key.getPrivate()).encode();
    }

    /** A receipt signed by this session's key whatever its fields say (bytes, piece count): for hostile cases. */
    public byte[] rawReceipt(UUID session, UUID title, UUID carrier, long sequence, int pieceCount, long bytes, int... pieces) {
      return ReceiptCodec.sign(new Receipt(session, title, carrier, sequence, pieceCount, bits(pieces), bytes), key.getPrivate()).encode();
    }

    public long bytesOf(int... pieces) {
      return Receipt.storedBytes(manifest, bits(pieces));
    }
  }

  public static Session open(Api.User buyer, UUID titleId) {
    try {
      KeyPair key = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
      io.restassured.path.json.JsonPath session = buyer.request()
          .body(Map.of("titleId", titleId.toString(), "clientKey", Base64.getEncoder().encodeToString(key.getPublic().getEncoded())))
          .post("/api/downloads").then().statusCode(201).extract().jsonPath();
      Manifest manifest = ManifestCodec.decodeSigned(Base64.getDecoder().decode(session.getString("manifest"))).manifest();
      return new Session(UUID.fromString(session.getString("sessionId")), titleId, key, manifest);
    } catch (java.security.GeneralSecurityException | dev.carriage.grid.manifest.ManifestException impossible) {
      throw new IllegalStateException(impossible);
    }
  }

  /** Submits a receipt as this node, over HTTP with its own token, as its daemon does. */
  public static JsonNode submit(NodeDaemon node, byte[] receipt) {
    return node.api().submitReceipt(node.identity().token(), receipt);
  }

  public static BitSet bits(int... pieces) {
    BitSet bits = new BitSet();
    for (int piece : pieces) {
      bits.set(piece);
    }
    return bits;
  }
}
