package dev.carriage.node.cli;

import dev.carriage.node.demo.DemoMedia;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "demo-media", mixinStandardHelpOptions = true,
    description = "Write media that plays, for a demo title: a tune (WAV), an album of tunes (ustar of WAVs) or a short film (MJPEG AVI).")
final class DemoMediaCommand implements Callable<Integer> {

  @Option(names = "--kind", required = true, description = "TRACK, ALBUM or FILM.")
  DemoMedia.Kind kind;

  @Option(names = "--title", required = true, description = "The title's name: drawn into a film, naming an album's tracks, seeding the tune.")
  String title;

  @Parameters(index = "0", description = "The file to write.")
  Path file;

  @Override
  public Integer call() throws Exception {
    DemoMedia.write(kind, title, file);
    System.out.printf("%s: %s of %s, %d bytes%n", file, kind, title, Files.size(file));
    return 0;
  }
}
