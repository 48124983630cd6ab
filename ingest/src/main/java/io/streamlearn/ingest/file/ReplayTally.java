package io.streamlearn.ingest.file;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Per-source counts of a replay: records read, produced, dead-lettered, and failed (neither could
 * be delivered). When everything has been delivered, read = produced + dead-lettered + failed for
 * every source. Thread-safe: producer callbacks count from their own thread.
 */
public final class ReplayTally {

  private final Map<String, Counters> bySource = new LinkedHashMap<>();

  /** A snapshot of one source's counts. */
  public record Counts(
      String source, long read, long produced, long deadLettered, long failed, long blankLines) {

    /** True when every record read has an outcome. */
    public boolean balances() {
      return read == produced + deadLettered + failed;
    }
  }

  private static final class Counters {
    final AtomicLong read = new AtomicLong();
    final AtomicLong produced = new AtomicLong();
    final AtomicLong deadLettered = new AtomicLong();
    final AtomicLong failed = new AtomicLong();
    final AtomicLong blankLines = new AtomicLong();
  }

  private synchronized Counters of(String source) {
    return bySource.computeIfAbsent(source, s -> new Counters());
  }

  /** Registers a source so it appears in the summary even without records. */
  public void register(String source) {
    of(source);
  }

  public void read(String source) {
    of(source).read.incrementAndGet();
  }

  public void produced(String source) {
    of(source).produced.incrementAndGet();
  }

  public void deadLettered(String source) {
    of(source).deadLettered.incrementAndGet();
  }

  public void failed(String source) {
    of(source).failed.incrementAndGet();
  }

  public void blankLines(String source, long count) {
    of(source).blankLines.addAndGet(count);
  }

  /** The counts of every source, in registration order. */
  public synchronized List<Counts> counts() {
    List<Counts> result = new ArrayList<>();
    bySource.forEach(
        (source, c) ->
            result.add(
                new Counts(
                    source,
                    c.read.get(),
                    c.produced.get(),
                    c.deadLettered.get(),
                    c.failed.get(),
                    c.blankLines.get())));
    return result;
  }

  /** The counts summed over all sources, named {@code total}. */
  public Counts total() {
    long read = 0;
    long produced = 0;
    long deadLettered = 0;
    long failed = 0;
    long blank = 0;
    for (Counts c : counts()) {
      read += c.read();
      produced += c.produced();
      deadLettered += c.deadLettered();
      failed += c.failed();
      blank += c.blankLines();
    }
    return new Counts("total", read, produced, deadLettered, failed, blank);
  }
}
