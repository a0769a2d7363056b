package dev.carriage.catalog.cli;

import dev.carriage.catalog.run.ImportProgress;
import dev.carriage.catalog.run.RowOutcome;
import java.io.PrintStream;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/** Two bars on a terminal (rows overall, bytes of the file being ingested); plain lines otherwise. */
final class ConsoleProgress implements ImportProgress {

  private final boolean terminal;
  private final PrintStream out;
  private ProgressBar overall;
  private ProgressBar file;

  ConsoleProgress(boolean terminal, PrintStream out) {
    this.terminal = terminal;
    this.out = out;
  }

  @Override
  public void started(int rows) {
    if (terminal) {
      overall = new ProgressBarBuilder().setTaskName("rows").setInitialMax(rows).setStyle(ProgressBarStyle.ASCII).build();
    }
  }

  @Override
  public void fileStarted(String name, long bytes) {
    if (terminal) {
      file = new ProgressBarBuilder().setTaskName(name.length() > 24 ? name.substring(0, 24) : name).setInitialMax(bytes)
          .setUnit(" MiB", 1 << 20).setStyle(ProgressBarStyle.ASCII).build();
    } else {
      out.printf("ingesting %s (%d bytes)%n", name, bytes);
    }
  }

  @Override
  public void fileBytes(long bytes) {
    if (file != null) {
      file.stepBy(bytes);
    }
  }

  @Override
  public void fileDone() {
    if (file != null) {
      file.close();
      file = null;
    }
  }

  @Override
  public void rowDone(RowOutcome outcome) {
    if (overall != null) {
      overall.step();
    } else {
      out.printf("row %d %s: %s%s%n", outcome.row(), outcome.externalId() == null ? "" : outcome.externalId(), outcome.action(),
          outcome.media().equals("none") ? "" : ", media " + outcome.media());
    }
  }

  @Override
  public void finished() {
    if (overall != null) {
      overall.close();
    }
  }
}
