package dev.carriage.store.grid;

/**
 * Where a buyer's own node plays what it fetched: its loopback address, a port and the random
 * token that guards it, as the node says in its heartbeat. Only that shape is kept, so a page
 * that embeds it can point a media element at nothing but the viewer's own machine.
 */
public final class PlayerAddress {

  public static final String PATTERN = "http://127\\.0\\.0\\.1:[1-9][0-9]{0,4}/[A-Za-z0-9_-]{16,64}/";
  public static final String RULE = "must be the node's player on this machine: http://127.0.0.1:PORT/TOKEN/";

  private PlayerAddress() {}
}
