package dev.carriage.node.cli;

import dev.carriage.node.serve.NodeControl;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "pause", mixinStandardHelpOptions = true, description = "Stop serving (a running node refuses new requests at once) until resume.")
final class PauseCommand implements Callable<Integer> {

  @Mixin DataOption data = new DataOption();

  @Override
  public Integer call() {
    new NodeControl(data.directory).pause();
    System.out.println("Paused: this node serves nothing until 'peer-node resume'.");
    return 0;
  }
}
