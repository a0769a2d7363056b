package dev.carriage.catalog.run;

/** What an import does when a row is wrong. */
public enum ErrorPolicy {
  /** Any problem in the feed: write nothing. A row failing during the import: stop there. */
  STOP,
  /** Import the valid rows and report the rest. */
  SKIP
}
