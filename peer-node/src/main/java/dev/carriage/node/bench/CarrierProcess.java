package dev.carriage.node.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** The bench carrier as its own JVM, started cold as a user starts a node, holding the grid's title. */
final class CarrierProcess implements AutoCloseable {

  private final Process process;
  private final int port;

  private CarrierProcess(Process process, int port) {
    this.process = process;
    this.port = port;
  }

  /** Seeds a store named {@code name} with the grid's title and serves it from a new JVM. */
  static CarrierProcess start(BenchGrid grid, String name) throws Exception {
    grid.seededStore(name).close();
    Path keyFile = Files.write(grid.root.resolve("store-key.x509"), grid.storeKey.getPublic().getEncoded());
    Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
        System.getProperty("java.class.path"), BenchCarrierMain.class.getName(), grid.root.resolve(name).toString(), keyFile.toString())
        .redirectError(ProcessBuilder.Redirect.DISCARD)
        .start();
    BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    String line = lines.readLine();
    if (line == null || !line.startsWith("port=")) {
      process.destroyForcibly();
      throw new IOException("the carrier process did not start: " + line);
    }
    return new CarrierProcess(process, Integer.parseInt(line.substring(5)));
  }

  int port() {
    return port;
  }

  /** The carrier's resident memory now, in KiB (0 once it is gone). */
  long rssKib() {
    return rssKib(process.pid());
  }

  /** A process's resident memory now, in KiB, from /proc (0 once it is gone). */
  static long rssKib(long pid) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", ""));
        }
      }
    } catch (IOException gone) {
      return 0;
    }
    return 0;
  }

  @Override
  public void close() throws InterruptedException {
    process.destroyForcibly().waitFor();
  }
}
