package io.streamlearn.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The process's CPU time over a span, split by who spent it: the engine's task threads (Flink's
 * task threads, named {@code ... (i/n)#k}, and Kafka Streams' stream threads), the other Java
 * threads (the broker's, the Kafka clients' I/O threads, Flink's own), and what the JVM spends on
 * threads that are not Java threads (the garbage collector, the JIT compilers): the process's time
 * less the Java threads'. On a machine whose load moves the throughput, the task threads' CPU per
 * record is the steadier figure: one task thread cannot go faster than one record per that time.
 *
 * <p>Java threads are polled every 100 ms from a daemon thread (a thread that ends between two
 * polls loses at most its last 100 ms), and once more at {@link #stop}.
 */
public final class ThreadCpu {

  /** CPU time over the span, in nanoseconds. */
  public record Split(long processNanos, long taskNanos, long otherJavaNanos) {
    /** The process's time less its Java threads': the collector's and the compilers'. */
    public long jvmNanos() {
      return Math.max(0, processNanos - taskNanos - otherJavaNanos);
    }
  }

  private static final Pattern TASK_THREAD =
      Pattern.compile(".*\\(\\d+/\\d+\\)#\\d+$|.*-StreamThread-\\d+$");

  private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
  private final Map<Long, Long> atStart = new HashMap<>();
  private final Map<Long, Long> latest = new HashMap<>();
  private final Map<Long, String> names = new HashMap<>();
  private final long processAtStart;
  private final Thread poller;
  private volatile boolean running = true;

  private ThreadCpu() {
    for (long id : threads.getAllThreadIds()) {
      long cpu = threads.getThreadCpuTime(id);
      if (cpu >= 0) {
        atStart.put(id, cpu);
      }
    }
    processAtStart = processCpuNanos();
    poller =
        new Thread(
            () -> {
              while (running) {
                poll();
                try {
                  Thread.sleep(100);
                } catch (InterruptedException e) {
                  return;
                }
              }
            },
            "bench-thread-cpu");
    poller.setDaemon(true);
    poller.start();
  }

  /** Starts measuring. */
  public static ThreadCpu start() {
    return new ThreadCpu();
  }

  private synchronized void poll() {
    long[] ids = threads.getAllThreadIds();
    ThreadInfo[] infos = threads.getThreadInfo(ids);
    for (int i = 0; i < ids.length; i++) {
      long cpu = threads.getThreadCpuTime(ids[i]);
      if (cpu >= 0 && infos[i] != null) {
        latest.put(ids[i], cpu);
        names.put(ids[i], infos[i].getThreadName());
      }
    }
  }

  /** Stops measuring: the CPU time since {@link #start}, split. */
  public Split stop() {
    running = false;
    poller.interrupt();
    poll();
    long process = processCpuNanos() - processAtStart;
    long task = 0;
    long other = 0;
    synchronized (this) {
      for (Map.Entry<Long, Long> thread : latest.entrySet()) {
        long spent = thread.getValue() - atStart.getOrDefault(thread.getKey(), 0L);
        if (thread.getKey() == poller.getId()) {
          continue; // the measure's own
        }
        if (TASK_THREAD.matcher(names.get(thread.getKey())).matches()) {
          task += spent;
        } else {
          other += spent;
        }
      }
    }
    return new Split(process, task, other);
  }

  /** The process's CPU time so far, in nanoseconds. */
  public static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }
}
