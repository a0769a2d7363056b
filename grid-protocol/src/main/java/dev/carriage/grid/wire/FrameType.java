package dev.carriage.grid.wire;

/** The type byte of each frame. Values never change meaning; new kinds get new values. */
public enum FrameType {
  HANDSHAKE(1),
  BITFIELD(2),
  HAVE(3),
  REQUEST(4),
  PIECE(5),
  CANCEL(6),
  REJECT(7),
  KEEP_ALIVE(8),
  RECEIPT(9),
  CHALLENGE(10);

  private final int code;

  FrameType(int code) {
    this.code = code;
  }

  public int code() {
    return code;
  }

  /** The type with this code, or null for a code the protocol does not know. */
  public static FrameType of(int code) {
    for (FrameType type : values()) {
      if (type.code == code) {
        return type;
      }
    }
    return null;
  }
}
