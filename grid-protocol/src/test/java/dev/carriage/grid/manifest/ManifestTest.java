package dev.carriage.grid.manifest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class ManifestTest {

  private static final UUID TITLE = UUID.fromString("3f1a2b4c-0000-4000-8000-00000000abcd");

  static List<Sha256> hashes(int count) {
    List<Sha256> hashes = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      hashes.add(Sha256.hash(ByteBuffer.wrap(("piece " + i).getBytes())));
    }
    return hashes;
  }

  static KeyPair storeKey() throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(new ECGenParameterSpec("secp256r1"));
    return generator.generateKeyPair();
  }

  @Test
  void pieceLayout_followsSizeAndPieceSize() {
    Manifest manifest = Manifest.of(TITLE, 2 * 16384 + 100, 16384, hashes(3), Instant.now());

    assertThat(manifest.pieceCount()).isEqualTo(3);
    assertThat(manifest.plainLength(0)).isEqualTo(16384);
    assertThat(manifest.plainLength(2)).isEqualTo(100);
    assertThat(manifest.storedLength(2)).isEqualTo(116);
    assertThat(manifest.storedOffset(1)).isEqualTo(16384 + 16);
    assertThat(manifest.storedSizeBytes()).isEqualTo(2 * 16384 + 100 + 3 * 16);
  }

  @Test
  void inconsistentManifests_cannotBeBuilt() {
    assertThatThrownBy(() -> Manifest.of(TITLE, 3 * 16384, 16384, hashes(2), Instant.now()))
        .hasMessageContaining("piece hashes: 2 (expected: 3");
    assertThatThrownBy(() -> Manifest.of(TITLE, 100, 20000, hashes(1), Instant.now())).hasMessageContaining("power of two");
    assertThatThrownBy(() -> Manifest.of(TITLE, 0, 16384, hashes(1), Instant.now())).hasMessageContaining("content size");
    assertThatThrownBy(() -> new Manifest(TITLE, 100, 16384, hashes(1), hashes(2).get(1), Instant.now()))
        .hasMessageContaining("merkle root");
  }

  @Test
  void pieceSizeFor_keepsThePieceCountBounded() {
    assertThat(Manifest.pieceSizeFor(10)).isEqualTo(Manifest.PIECE_SIZE_DEFAULT);
    assertThat(Manifest.pieceSizeFor(Manifest.CONTENT_SIZE_MAX)).isEqualTo(1 << 20);
    assertThat(Manifest.pieceSizeFor(Manifest.CONTENT_SIZE_MAX) * (long) Manifest.PIECE_COUNT_MAX)
        .isGreaterThanOrEqualTo(Manifest.CONTENT_SIZE_MAX);
  }

  @Test
  void merkleRoot_changesWithAnyPiece_andFollowsRfc6962ForTwoLeaves() {
    List<Sha256> leaves = hashes(5);
    List<Sha256> changed = new ArrayList<>(leaves);
    changed.set(4, Sha256.hash(ByteBuffer.wrap(new byte[] {1})));
    assertThat(MerkleTree.root(leaves)).isNotEqualTo(MerkleTree.root(changed));

    java.security.MessageDigest leaf0 = Sha256.newDigest();
    leaf0.update((byte) 0);
    leaves.get(0).updateInto(leaf0);
    java.security.MessageDigest leaf1 = Sha256.newDigest();
    leaf1.update((byte) 0);
    leaves.get(1).updateInto(leaf1);
    java.security.MessageDigest node = Sha256.newDigest();
    node.update((byte) 1);
    node.update(leaf0.digest());
    node.update(leaf1.digest());
    assertThat(MerkleTree.root(leaves.subList(0, 2))).isEqualTo(Sha256.of(node.digest()));
  }

  @Test
  void signedManifest_roundTrips_andVerifies() throws Exception {
    KeyPair key = storeKey();
    Manifest manifest = Manifest.of(TITLE, 5 * 16384, 16384, hashes(5), Instant.parse("2026-11-23T10:00:00.123456Z"));

    byte[] encoded = ManifestSigner.sign(manifest, key.getPrivate(), "kid-1").encode();
    Manifest verified = ManifestSigner.verify(encoded, Map.of("kid-1", key.getPublic())::get);

    assertThat(verified).isEqualTo(manifest);
    assertThat(verified.createdAt()).isEqualTo(Instant.parse("2026-11-23T10:00:00.123Z"));
    assertThat(ManifestCodec.decode(ManifestCodec.encode(manifest))).isEqualTo(manifest);
  }

  @Test
  void verification_refusesOtherKeysUnknownKeysAndAnyChangedByte() throws Exception {
    KeyPair key = storeKey();
    Manifest manifest = Manifest.of(TITLE, 3 * 16384, 16384, hashes(3), Instant.now());
    byte[] encoded = ManifestSigner.sign(manifest, key.getPrivate(), "kid-1").encode();

    assertThatThrownBy(() -> ManifestSigner.verify(encoded, Map.of("kid-1", storeKey().getPublic())::get))
        .isInstanceOf(ManifestException.class).hasMessageContaining("does not match");
    assertThatThrownBy(() -> ManifestSigner.verify(encoded, Map.of("kid-2", key.getPublic())::get))
        .isInstanceOf(ManifestException.class).hasMessageContaining("unknown key");
    for (int position = 0; position < encoded.length; position += 7) {
      byte[] changed = encoded.clone();
      changed[position] ^= 0x01;
      assertThatThrownBy(() -> ManifestSigner.verify(changed, Map.of("kid-1", key.getPublic())::get))
          .as("byte " + position).isInstanceOf(ManifestException.class);
    }
  }

  @Test
  void decoding_refusesTruncatedOversizeAndLyingCounts() throws Exception {
    KeyPair key = storeKey();
    Manifest manifest = Manifest.of(TITLE, 3 * 16384, 16384, hashes(3), Instant.now());
    byte[] encoded = ManifestSigner.sign(manifest, key.getPrivate(), "kid-1").encode();

    for (int length = 0; length < encoded.length; length++) {
      byte[] truncated = java.util.Arrays.copyOf(encoded, length);
      assertThatThrownBy(() -> ManifestCodec.decodeSigned(truncated)).isInstanceOf(ManifestException.class);
    }
    byte[] lying = encoded.clone();
    ByteBuffer.wrap(lying).putInt(ManifestCodec.HEADER_LENGTH - 12, Manifest.PIECE_COUNT_MAX);
    assertThatThrownBy(() -> ManifestCodec.decodeSigned(lying)).hasMessageContaining("only");
    assertThatThrownBy(() -> ManifestCodec.decodeSigned(new byte[ManifestCodec.ENCODED_LENGTH_MAX + 1]))
        .hasMessageContaining("expected: <=");
  }
}
