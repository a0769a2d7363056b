package dev.carriage.node.store;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/**
 * The process's JSON mapper for the store's answers, one however many {@link StoreApi}s there
 * are. Building it is a quarter second of CPU on a cold start (Jackson's tables and the
 * java.time module), so {@link #warmUp} builds it on a thread of its own while the command line
 * is still being parsed, instead of a cold {@code play} waiting for it at its first answer.
 */
public final class StoreClients {

  private StoreClients() {}

  /** Starts building it in the background; whoever needs it first waits only for what is left. */
  public static void warmUp() {
    Thread thread = new Thread(() -> Json.MAPPER.getTypeFactory(), "warm-up-json");
    thread.setDaemon(true);
    thread.start();
  }

  static ObjectMapper json() {
    return Json.MAPPER;
  }

  // A holder class: the JVM builds it once, on first use, and other threads wait for that build.
  private static final class Json {
    static final ObjectMapper MAPPER = new ObjectMapper()
        .registerModule(new JavaTimeModule())
        .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
  }
}
