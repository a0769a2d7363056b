package dev.carriage.node.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code peer-node}: run a carrier, fetch a title, see and steer a running node. */
@Command(
    name = "peer-node",
    mixinStandardHelpOptions = true,
    version = "peer-node 0.1.0",
    description = "Carriage's carrier node and download client.",
    subcommands = {ServeCommand.class, GetCommand.class, StatusCommand.class, PauseCommand.class, ResumeCommand.class,
        PublishCommand.class, PlayCommand.class, DemoMediaCommand.class})
public final class PeerNodeCommand implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    CommandLine commandLine = new CommandLine(new PeerNodeCommand())
        .setExecutionExceptionHandler((failure, command, parsed) -> {
          // The store's refusals and bad options are for people: their message, not a stack trace.
          command.getErr().println("peer-node: " + (failure.getMessage() == null ? failure.toString() : failure.getMessage()));
          return 1;
        });
    System.exit(commandLine.execute(args));
  }

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }
}
