package dev.carriage.catalog.run;

/** What an import tells whoever watches it; the command draws progress bars, tests ignore it. */
public interface ImportProgress {

  ImportProgress SILENT = new ImportProgress() { };

  default void started(int rows) {}

  default void fileStarted(String name, long bytes) {}

  default void fileBytes(long bytes) {}

  default void fileDone() {}

  default void rowDone(RowOutcome outcome) {}

  default void finished() {}
}
