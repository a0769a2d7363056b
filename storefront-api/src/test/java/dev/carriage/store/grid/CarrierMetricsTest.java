package dev.carriage.store.grid;

import static org.assertj.core.api.Assertions.assertThat;

import dev.carriage.node.NodeDaemon;
import dev.carriage.node.client.DownloadProgress;
import dev.carriage.node.serve.MetricsEndpoint;
import dev.carriage.store.support.Admins;
import dev.carriage.store.support.Api;
import dev.carriage.store.support.Api.User;
import dev.carriage.store.support.GridLab;
import dev.carriage.store.support.RawWireClient;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A carrier's own metrics ({@code peer-node serve --metrics}): they exist, they move when it
 * serves and when it refuses a handshake, and they are every carrier metric the operator's
 * alerts and dashboards under {@code ops/monitoring} name.
 */
@QuarkusTest
class CarrierMetricsTest {

  /**
   * Enough pieces that the carrier serves some: a download asks the origin for what no source it
   * has heard from holds, so with six pieces an origin that answered first sometimes took them all.
   */
  private static final int MEDIA_BYTES = 96 * 64 * 1024;

  @TestHTTPResource("/") URL storeUrl;
  @Inject Admins admins;

  private GridLab lab;
  private MetricsEndpoint endpoint;

  @BeforeEach
  void aGrid() throws Exception {
    lab = GridLab.start(URI.create(storeUrl.toString()), admins, 0);
  }

  @AfterEach
  void stop() throws Exception {
    if (endpoint != null) {
      endpoint.close();
    }
    lab.close();
  }

  @Test
  void aCarriersMetrics_moveWhenItServesAndRefuses_andCoverWhatTheOpsFilesName() throws Exception {
    User publisher = Api.signUp("Metrics publisher", "publisher");
    UUID titleId = UUID.fromString(Api.titleOnSale(publisher, 1999, null));
    lab.publish(publisher, titleId, GridLab.randomMedia(lab.newDirectory("media"), MEDIA_BYTES, 7), 64 * 1024);
    NodeDaemon carrier = lab.startCarrier(titleId, 0, false);
    endpoint = MetricsEndpoint.start(carrier, "127.0.0.1", 0);
    Map<String, Double> before = scrape();
    assertThat(before).containsKeys("carriage_node_bytes_served_total", "carriage_node_connections", "carriage_node_disk_used_bytes",
        "carriage_node_disk_limit_bytes", "carriage_node_receipts_held", "carriage_node_pieces_served_total");
    assertThat(before.get("carriage_node_disk_used_bytes")).as("the title's pieces are on disk").isGreaterThanOrEqualTo(MEDIA_BYTES);

    User buyer = Api.signUp("Metrics buyer");
    Api.buy(buyer, titleId.toString());
    lab.prepareDownload(buyer, titleId, lab.newDirectory("out").resolve("t.bin"), DownloadProgress.SILENT)
        .start().get(60, TimeUnit.SECONDS);
    try (RawWireClient stranger = new RawWireClient("127.0.0.1", carrier.port())) {
      stranger.sendRaw(new byte[] {0, 0, 0, 5, 99, 1, 2, 3, 4});
      assertThat(stranger.awaitClose(10)).isTrue();
    }

    Map<String, Double> after = scrape();
    double served = after.get("carriage_node_bytes_served_total") - before.get("carriage_node_bytes_served_total");
    assertThat(served).as("bytes this carrier served").isEqualTo((double) carrier.server().stats().bytesServed(titleId)).isPositive();
    assertThat(after.get("carriage_node_pieces_served_total")).isGreaterThan(before.get("carriage_node_pieces_served_total"));
    assertThat(after.entrySet().stream().filter(series -> series.getKey().startsWith("carriage_node_handshakes_refused_total"))
        .mapToDouble(Map.Entry::getValue).sum()).as("the stranger's frame was refused").isPositive();

    Pattern named = Pattern.compile("\\b(carriage_node_[a-z_]+)");
    for (Path file : new Path[] {Path.of("..", "ops", "monitoring", "prometheus", "carriage-alerts.yml"),
        Path.of("..", "ops", "monitoring", "grafana", "carriage-carrier.json")}) {
      Matcher metric = named.matcher(Files.readString(file));
      while (metric.find()) {
        String name = metric.group(1);
        assertThat(after.keySet().stream().anyMatch(series -> series.equals(name) || series.startsWith(name + "{")))
            .as(file.getFileName() + " names " + name + ", which the carrier exports").isTrue();
      }
    }
  }

  /** The carrier's Prometheus page as series (with labels) to value. */
  private Map<String, Double> scrape() throws Exception {
    HttpResponse<String> page = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + endpoint.port() + "/metrics")).GET().build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain");
    Map<String, Double> series = new HashMap<>();
    for (String line : page.body().split("\n")) {
      if (!line.startsWith("#") && !line.isBlank()) {
        int space = line.lastIndexOf(' ');
        series.put(line.substring(0, space), Double.parseDouble(line.substring(space + 1)));
      }
    }
    return series;
  }
}
