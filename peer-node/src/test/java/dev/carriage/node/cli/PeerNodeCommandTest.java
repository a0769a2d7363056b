package dev.carriage.node.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The command line builds only the command asked for, and still helps with the others. */
class PeerNodeCommandTest {

  private static final String[] ALL = {"serve", "get", "status", "pause", "resume", "publish", "play", "demo-media"};

  @Test
  void aKnownCommand_isTheOnlyOneBuilt() {
    assertThat(PeerNodeCommand.commandLine(new String[] {"play", "some title"}).getSubcommands()).containsOnlyKeys("play");
  }

  @Test
  void helpAndNoArguments_listEveryCommand() {
    for (String[] args : new String[][] {{}, {"--help"}}) {
      CommandLine commandLine = PeerNodeCommand.commandLine(args);
      StringWriter out = new StringWriter();
      commandLine.setOut(new PrintWriter(out, true));
      assertThat(commandLine.execute(args)).isZero();
      commandLine.getOut().flush();
      assertThat(commandLine.getSubcommands()).containsOnlyKeys(ALL);
      for (String command : ALL) {
        assertThat(out.toString()).contains("  " + command + " ");
      }
    }
  }

  @Test
  void aMistypedCommand_isRefused_withTheNearestName() {
    String[] args = {"pley", "x"};
    CommandLine commandLine = PeerNodeCommand.commandLine(args);
    StringWriter err = new StringWriter();
    commandLine.setErr(new PrintWriter(err, true));
    assertThat(commandLine.execute(args)).isNotZero();
    commandLine.getErr().flush();
    assertThat(err.toString()).contains("Unmatched arguments from index 0: 'pley'").contains("Did you mean: peer-node play?");
  }

  @Test
  void aCommandsOwnHelp_comesFromThatCommand() {
    String[] args = {"play", "--help"};
    CommandLine commandLine = PeerNodeCommand.commandLine(args);
    StringWriter out = new StringWriter();
    commandLine.setOut(new PrintWriter(out, true));
    assertThat(commandLine.execute(args)).isZero();
    commandLine.getOut().flush();
    assertThat(out.toString()).contains("Usage: peer-node play").contains("--bitrate");
  }
}
