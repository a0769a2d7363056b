package dev.carriage.node.cli;

import dev.carriage.node.serve.NodeControl;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "resume", mixinStandardHelpOptions = true, description = "Serve again after a pause.")
final class ResumeCommand implements Callable<Integer> {

  @Mixin DataOption data = new DataOption();

  @Override
  public Integer call() {
    new NodeControl(data.directory).resume();
    System.out.println("Resumed.");
    return 0;
  }
}
