package dev.carriage.store.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import javax.crypto.spec.SecretKeySpec;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.constraints.StringLength;

/** Sealing under a master key, against hostile stored bytes: nothing but the value sealed for this row opens. */
class EnvelopeTest {

  private static final SecretKeySpec KEY = new SecretKeySpec(new byte[32], "AES");
  private static final SecretKeySpec OTHER_KEY = new SecretKeySpec(new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16,
      17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32}, "AES");

  @Property
  void aSealedSecret_opensToItself_andDoesNotContainIt(@ForAll @Size(min = 16, max = 256) byte[] secret,
      @ForAll @StringLength(max = 80) String context) {
    byte[] sealed = Envelope.seal(KEY, secret, context);

    assertThat(Envelope.open(KEY, sealed, context)).isEqualTo(secret);
    assertThat(sealed).hasSize(Envelope.NONCE_BYTES + secret.length + 16);
    assertThat(java.util.HexFormat.of().formatHex(sealed)).doesNotContain(java.util.HexFormat.of().formatHex(secret));
  }

  @Property
  void anyFlippedBit_refusesToOpen(@ForAll @Size(min = 1, max = 64) byte[] secret, @ForAll @IntRange(min = 0, max = 10_000) int where) {
    byte[] sealed = Envelope.seal(KEY, secret, "title_content.content_key:t");
    int bit = where % (sealed.length * 8);
    sealed[bit / 8] ^= (byte) (1 << (bit % 8));

    assertThatThrownBy(() -> Envelope.open(KEY, sealed, "title_content.content_key:t")).isInstanceOf(Envelope.SealedValueRefused.class);
  }

  @Property
  void aValueMovedToAnotherRow_orOpenedUnderAnotherKey_refuses(@ForAll @Size(min = 1, max = 64) byte[] secret) {
    byte[] sealed = Envelope.seal(KEY, secret, "title_content.content_key:a");

    assertThatThrownBy(() -> Envelope.open(KEY, sealed, "title_content.content_key:b")).isInstanceOf(Envelope.SealedValueRefused.class)
        .hasMessageContaining("moved from another row");
    assertThatThrownBy(() -> Envelope.open(OTHER_KEY, sealed, "title_content.content_key:a")).isInstanceOf(Envelope.SealedValueRefused.class);
  }

  @Property
  void truncatedBytes_areRefusedByLength(@ForAll @Size(max = 27) byte[] tooShort) {
    assertThatThrownBy(() -> Envelope.open(KEY, tooShort, "x")).isInstanceOf(Envelope.SealedValueRefused.class).hasMessageContaining("too short");
  }

  @Property(tries = 50)
  void aMasterKeyId_namesTheKey_withoutRevealingIt(@ForAll @Size(value = 32) byte[] raw) {
    MasterKey key = MasterKey.of(raw);
    assertThat(key.id()).matches("mk-[0-9a-f]{16}");
    assertThat(MasterKey.parse(java.util.Base64.getEncoder().encodeToString(raw), "setting").id()).isEqualTo(key.id());
    assertThat(java.util.HexFormat.of().formatHex(raw)).doesNotContain(key.id().substring(3));
  }
}
