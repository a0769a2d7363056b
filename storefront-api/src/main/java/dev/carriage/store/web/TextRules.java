package dev.carriage.store.web;

/** Rules for free text that every feature's requests share. */
public final class TextRules {

  /** Names are one line of text: no control characters (tabs and newlines included). */
  public static final String SINGLE_LINE = "[^\\p{Cntrl}]*";

  public static final String SINGLE_LINE_RULE = "must be one line without control characters";

  private TextRules() {}
}
