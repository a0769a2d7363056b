package dev.carriage.grid.receipt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.carriage.grid.manifest.Manifest;
import dev.carriage.grid.manifest.Sha256;
import dev.carriage.grid.wire.Frame;
import dev.carriage.grid.wire.Wire;
import io.netty.buffer.ByteBuf;
import io.netty.channel.embedded.EmbeddedChannel;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Instant;
import java.util.BitSet;
import java.util.Collections;
import java.util.UUID;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class ReceiptCodecTest {

  private static final KeyPair CLIENT = keyPair();
  /** 10 pieces of 64 KiB and a last one of 100 bytes. */
  private static final Manifest MANIFEST = Manifest.of(UUID.randomUUID(), 10L * 65536 + 100, 65536,
      Collections.nCopies(11, Sha256.of(new byte[32])), Instant.parse("2026-11-01T00:00:00Z"));

  static KeyPair keyPair() {
    try {
      return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    } catch (java.security.NoSuchAlgorithmException impossible) {
      throw new IllegalStateException(impossible);
    }
  }

  private static BitSet pieces(int... indices) {
    BitSet set = new BitSet();
    for (int index : indices) {
      set.set(index);
    }
    return set;
  }

  @Test
  void aSignedReceipt_roundTripsAndVerifiesWithTheClientKey() {
    Receipt receipt = Receipt.of(UUID.randomUUID(), UUID.randomUUID(), 3, MANIFEST, pieces(0, 7, 10));
    SignedReceipt signed = ReceiptCodec.sign(receipt, CLIENT.getPrivate());

    SignedReceipt read = ReceiptCodec.decode(signed.encode());

    assertThat(read).isEqualTo(signed);
    assertThat(read.receipt().bytes()).isEqualTo(2 * MANIFEST.storedLength(0) + MANIFEST.storedLength(10));
    assertThat(read.verify(CLIENT.getPublic())).isTrue();
  }

  @Test
  void anotherKey_orAChangedField_doesNotVerify() {
    Receipt receipt = Receipt.of(UUID.randomUUID(), UUID.randomUUID(), 1, MANIFEST, pieces(1, 2));
    SignedReceipt signed = ReceiptCodec.sign(receipt, CLIENT.getPrivate());
    assertThat(signed.verify(keyPair().getPublic())).isFalse();

    Receipt inflated = new Receipt(receipt.sessionId(), receipt.titleId(), receipt.carrierId(), 1, receipt.pieceCount(), receipt.pieces(),
        receipt.bytes() + 1);
    assertThat(new SignedReceipt(inflated, signed.signature()).verify(CLIENT.getPublic())).isFalse();
  }

  @Test
  void malformedBytes_areRefusedWithTheFaultNamed() {
    byte[] good = ReceiptCodec.sign(Receipt.of(UUID.randomUUID(), UUID.randomUUID(), 1, MANIFEST, pieces(0)), CLIENT.getPrivate()).encode();
    assertThatThrownBy(() -> ReceiptCodec.decode(new byte[10])).hasMessageContaining("expected: >=");
    byte[] badMagic = good.clone();
    badMagic[0] = 'X';
    assertThatThrownBy(() -> ReceiptCodec.decode(badMagic)).hasMessageContaining("magic");
    byte[] truncated = java.util.Arrays.copyOf(good, good.length - 1);
    assertThatThrownBy(() -> ReceiptCodec.decode(truncated)).hasMessageContaining("after the header");
    byte[] spareBit = good.clone();
    spareBit[spareBit.length - 64 - 1] |= 0x01; // 11 pieces use 5 bits of the second byte
    assertThatThrownBy(() -> ReceiptCodec.decode(spareBit)).hasMessageContaining("spare bit");
  }

  @Test
  void aReceiptFrame_survivesTheWireCodec() {
    SignedReceipt signed = ReceiptCodec.sign(Receipt.of(UUID.randomUUID(), UUID.randomUUID(), 9, MANIFEST, pieces(4, 5)), CLIENT.getPrivate());
    EmbeddedChannel out = new EmbeddedChannel();
    Wire.addCodec(out.pipeline());
    out.writeOutbound(new Frame.Receipt(signed));
    ByteBuf bytes = out.readOutbound();
    EmbeddedChannel in = new EmbeddedChannel();
    Wire.addCodec(in.pipeline());
    while (bytes.isReadable()) {
      in.writeInbound(bytes.readRetainedSlice(1));
    }
    bytes.release();
    Frame read = in.readInbound();
    assertThat(read).isEqualTo(new Frame.Receipt(signed));
    assertThat(out.finish()).isFalse();
    assertThat(in.finish()).isFalse();
  }

  @Property(tries = 2000)
  void hostileBytes_eitherDecodeOrAreRefused_neverAnythingElse(@ForAll("mutatedReceipts") byte[] bytes) {
    try {
      SignedReceipt read = ReceiptCodec.decode(bytes);
      assertThat(read.receipt().pieces().length()).isLessThanOrEqualTo(read.receipt().pieceCount());
    } catch (IllegalArgumentException refused) {
      assertThat(refused.getMessage()).startsWith("receipt");
    }
  }

  @Provide
  Arbitrary<byte[]> mutatedReceipts() {
    byte[] good = ReceiptCodec.sign(Receipt.of(UUID.randomUUID(), UUID.randomUUID(), 1, MANIFEST, pieces(0, 3, 9)), CLIENT.getPrivate())
        .encode();
    Arbitrary<byte[]> flipped = Arbitraries.integers().between(0, good.length - 1).list().ofMaxSize(6).map(positions -> {
      byte[] copy = good.clone();
      positions.forEach(position -> copy[position] ^= (byte) (position * 31 + 1));
      return copy;
    });
    Arbitrary<byte[]> cut = Arbitraries.integers().between(0, good.length).map(length -> java.util.Arrays.copyOf(good, length));
    Arbitrary<byte[]> random = Arbitraries.bytes().array(byte[].class).ofMaxSize(300);
    return Arbitraries.oneOf(flipped, cut, random);
  }
}
