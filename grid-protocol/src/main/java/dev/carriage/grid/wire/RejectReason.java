package dev.carriage.grid.wire;

/** Why a carrier refused a connection or a request; sent as one byte. */
public enum RejectReason {
  NO_TICKET(1),
  TICKET_INVALID(2),
  TICKET_EXPIRED(3),
  TITLE_NOT_HELD(4),
  PIECE_NOT_HELD(5),
  PAUSED(6),
  OUTSIDE_SERVING_HOURS(7),
  BAD_REQUEST(8),
  BUSY(9),
  PROTOCOL_VERSION(10);

  private final int code;

  RejectReason(int code) {
    this.code = code;
  }

  public int code() {
    return code;
  }

  public static RejectReason of(int code) {
    for (RejectReason reason : values()) {
      if (reason.code == code) {
        return reason;
      }
    }
    return null;
  }
}
