package dev.carriage.node.store;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/**
 * The process's JSON mapper for the store's answers, one however many {@link StoreApi}s there
 * are: building it is a tenth of a second of a cold start (Jackson's tables and the java.time
 * module), paid once.
 */
public final class StoreClients {

  private StoreClients() {}

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
