package dev.carriage.store.web;

/** Rules for free text that every feature's requests share. */
public final class TextRules {

  /**
   * Names are one line of text: no control characters (tabs and newlines included), and none of
   * Unicode's bidirectional controls (U+061C, U+200E, U+200F, U+202A to U+202E, U+2066 to U+2069),
   * which can make a name shown to someone else read as another ("Trojan Source").
   */
  public static final String SINGLE_LINE = "[^\\p{Cntrl}\\u061C\\u200E\\u200F\\u202A-\\u202E\\u2066-\\u2069]*";

  public static final String SINGLE_LINE_RULE = "must be one line without control or bidirectional-override characters";

  private TextRules() {}
}
