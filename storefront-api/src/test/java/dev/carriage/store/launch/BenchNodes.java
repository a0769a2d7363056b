package dev.carriage.store.launch;

import static io.restassured.RestAssured.given;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The real {@code peer-node} processes the namespace benchmarks run, and waiting for the carriers they start to fill. */
final class BenchNodes {

  static final Path LAUNCHER = Path.of("..", "peer-node", "bin", "peer-node").toAbsolutePath();

  private BenchNodes() {}

  /** {@code peer-node serve} (as the origin, or a carrier) on the host's address, as the account {@code email}. */
  static List<String> serve(NamespaceTestbed.Host host, String email, String storeUri, Path data, boolean origin, int port, String namePrefix) {
    List<String> command = new ArrayList<>(List.of(LAUNCHER.toString(), "serve"));
    if (origin) {
      command.add("--origin");
    }
    command.addAll(List.of("--data", data.toString(), "--store", storeUri, "--listen", host.address() + ":" + port,
        "--advertise", host.address(), "--name", namePrefix + host.name(), "--email", email, "--password", BenchStore.PASSWORD));
    return NamespaceTestbed.in(host, command);
  }

  /** Until the store counts this many carriers holding the whole title (they fill on their own heartbeats), at most 3 minutes. */
  static void awaitReplicas(String store, String titleId, int carriers) throws Exception {
    long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
    while (System.nanoTime() < deadline) {
      int complete = given().baseUri(store).get("/api/grid/titles/" + titleId + "/replicas").then().statusCode(200).extract().path("complete");
      if (complete >= carriers) {
        return;
      }
      TimeUnit.MILLISECONDS.sleep(500); // a benchmark's wait for processes outside this JVM, not a test's
    }
    throw new IllegalStateException("the carriers did not fill the title within 3 minutes");
  }
}
