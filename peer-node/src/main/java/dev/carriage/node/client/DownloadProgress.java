package dev.carriage.node.client;

/** Where a download stands; called often, so implementations keep it cheap. */
public interface DownloadProgress {

  void update(long bytesHeld, long bytesTotal, long bytesPerSecond, int sourcesInUse);

  default void message(String line) {}

  DownloadProgress SILENT = (held, total, rate, sources) -> { };
}
