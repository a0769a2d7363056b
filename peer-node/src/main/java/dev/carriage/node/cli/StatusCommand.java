package dev.carriage.node.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.carriage.node.NodeDaemon;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "status", mixinStandardHelpOptions = true, description = "Show what this node holds, serves and has carried.")
final class StatusCommand implements Callable<Integer> {

  @Mixin DataOption data = new DataOption();

  @Override
  public Integer call() throws Exception {
    Path file = data.directory.resolve(NodeDaemon.STATUS_FILE);
    if (!Files.exists(file)) {
      System.err.println("No status in " + data.directory + ": is a node running there? (peer-node serve --data " + data.directory + ")");
      return 1;
    }
    JsonNode status = new ObjectMapper().readTree(file.toFile());
    System.out.printf("node        %s (%s)%s%n", status.path("nodeId").asText(), status.path("name").asText(),
        status.path("origin").asBoolean() ? ", origin" : "");
    System.out.printf("address     %s%n", status.path("address").asText());
    System.out.printf("serving     %s%s, hours %s%n", status.path("servingNow").asBoolean() ? "yes" : "no",
        status.path("paused").asBoolean() ? " (paused by you)" : "", status.path("servingHours").asText());
    System.out.printf("upload cap  %s total, %s per connection%n", rate(status.path("uploadCapBytesPerSecond").asLong()),
        rate(status.path("connectionUploadCapBytesPerSecond").asLong()));
    System.out.printf("disk        %s held, quota %s%n", Sizes.format(status.path("heldBytes").asLong()),
        status.path("diskQuotaBytes").asLong() == 0 ? "none" : Sizes.format(status.path("diskQuotaBytes").asLong()));
    System.out.printf("now         %d connections, %s/s up%n", status.path("activeConnections").asInt(),
        Sizes.format(status.path("uploadBytesPerSecond").asLong()));
    System.out.printf("carried     %s since start%n", Sizes.format(status.path("bytesServed").asLong()));
    for (JsonNode title : status.path("titles")) {
      System.out.printf("  %s  %d/%d pieces%s, served %s%n", title.path("titleId").asText(), title.path("piecesHeld").asInt(),
          title.path("pieceCount").asInt(), title.path("complete").asBoolean() ? " (complete)" : "",
          Sizes.format(title.path("bytesServed").asLong()));
    }
    if (!status.path("lastHeartbeatError").isNull() && !status.path("lastHeartbeatError").isMissingNode()) {
      System.out.printf("store       unreachable: %s%n", status.path("lastHeartbeatError").asText());
    }
    System.out.printf("as of       %s%n", status.path("updatedAt").asText());
    return 0;
  }

  private static String rate(long bytesPerSecond) {
    return bytesPerSecond == 0 ? "none" : Sizes.format(bytesPerSecond) + "/s";
  }
}
