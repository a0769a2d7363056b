package dev.carriage.node.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The node's data directory: keys, pieces, status and the pause switch. */
final class DataOption {

  @Option(names = "--data", defaultValue = "${env:CARRIAGE_NODE_DATA:-${env:CARRIAGE_HOME:-${sys:user.home}/.carriage}/node}",
      description = "The node's data directory (default: ${DEFAULT-VALUE}).")
  Path directory;
}
