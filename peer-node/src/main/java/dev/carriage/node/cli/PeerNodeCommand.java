package dev.carriage.node.cli;

import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code peer-node}: run a carrier, fetch a title, see and steer a running node. */
@Command(
    name = "peer-node",
    mixinStandardHelpOptions = true,
    version = "peer-node 0.1.0",
    description = "Carriage's carrier node and download client.")
public final class PeerNodeCommand implements Runnable {

  private static final List<Class<?>> COMMANDS = List.of(ServeCommand.class, GetCommand.class, StatusCommand.class,
      PauseCommand.class, ResumeCommand.class, PublishCommand.class, PlayCommand.class, DemoMediaCommand.class);

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    // Nothing is warmed up beside the parsing: on two cores a thread building the JSON mapper or
    // loading the native crypto provider slowed picocli more than it saved (measured on loopback:
    // 0.25 s to parse a cold play with both beside it, 0.1 s alone). Each is made where needed.
    System.exit(commandLine(args).execute(args));
  }

  /**
   * The command line for these arguments. Only the command asked for is built (picocli reads
   * each command's options by reflection, a tenth of a second for them all on a cold start); all
   * of them for help, or for a mistyped name to be told the nearest.
   */
  static CommandLine commandLine(String[] args) {
    CommandLine commandLine = new CommandLine(new PeerNodeCommand());
    String asked = args.length > 0 ? args[0] : "";
    boolean known = COMMANDS.stream().anyMatch(command -> nameOf(command).equals(asked));
    for (Class<?> command : COMMANDS) {
      if (!known || nameOf(command).equals(asked)) {
        commandLine.addSubcommand(command);
      }
    }
    return commandLine.setExecutionExceptionHandler((failure, command, parsed) -> {
      // The store's refusals and bad options are for people: their message, not a stack trace.
      command.getErr().println("peer-node: " + (failure.getMessage() == null ? failure.toString() : failure.getMessage()));
      return 1;
    });
  }

  private static String nameOf(Class<?> command) {
    return command.getAnnotation(Command.class).name();
  }

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
