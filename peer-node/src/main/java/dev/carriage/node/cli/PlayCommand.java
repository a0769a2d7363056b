package dev.carriage.node.cli;

import picocli.CommandLine.Command;

/** {@code peer-node play TITLE}: {@code get --play} under its own name. */
@Command(name = "play", mixinStandardHelpOptions = true,
    description = "Play a title you hold a licence for while it downloads, on a local address for mpv, VLC or a browser.")
final class PlayCommand extends GetCommand {

  @Override
  public Integer call() throws Exception {
    play = true;
    return super.call();
  }
}
