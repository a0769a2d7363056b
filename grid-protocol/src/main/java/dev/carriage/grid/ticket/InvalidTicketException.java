package dev.carriage.grid.ticket;

/** A ticket a carrier must not honour; the message says why, for the carrier's log. */
public final class InvalidTicketException extends Exception {

  private final boolean expired;

  public InvalidTicketException(String message, boolean expired) {
    super(message);
    this.expired = expired;
  }

  public boolean expired() {
    return expired;
  }
}
