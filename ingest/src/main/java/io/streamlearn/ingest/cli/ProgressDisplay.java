package io.streamlearn.ingest.cli;

import java.text.DecimalFormat;
import java.time.temporal.ChronoUnit;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/** A progress bar with rate and ETA on standard error, or nothing when it is turned off. */
final class ProgressDisplay implements AutoCloseable {

  private final ProgressBar bar;

  private ProgressDisplay(ProgressBar bar) {
    this.bar = bar;
  }

  /**
   * @param max the expected total, or -1 when unknown
   * @param unitName what is counted, e.g. {@code events} or {@code MB}
   * @param unitSize how many counted items make one unit
   */
  static ProgressDisplay create(
      boolean enabled, String task, long max, String unitName, long unitSize) {
    if (!enabled) {
      return new ProgressDisplay(null);
    }
    ProgressBar bar =
        new ProgressBarBuilder()
            .setTaskName(task)
            .setInitialMax(max)
            .setUnit(" " + unitName, unitSize)
            .showSpeed(new DecimalFormat("#,##0.0"))
            .setSpeedUnit(ChronoUnit.SECONDS)
            .setStyle(ProgressBarStyle.ASCII)
            .setUpdateIntervalMillis(500)
            .setConsumer(new ConsoleProgressBarConsumer(System.err))
            .build();
    return new ProgressDisplay(bar);
  }

  void stepTo(long done) {
    if (bar != null) {
      if (bar.getMax() >= 0 && done > bar.getMax()) {
        bar.maxHint(done);
      }
      bar.stepTo(done);
    }
  }

  void message(String text) {
    if (bar != null) {
      bar.setExtraMessage(text);
    }
  }

  /** Marks the work complete: the bar ends at 100% with the final count. */
  void complete(long done) {
    if (bar != null) {
      bar.maxHint(done);
      bar.stepTo(done);
    }
  }

  @Override
  public void close() {
    if (bar != null) {
      bar.close();
    }
  }
}
