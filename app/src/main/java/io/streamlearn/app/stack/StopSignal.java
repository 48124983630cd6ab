package io.streamlearn.app.stack;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * How {@code stack} learns that it should stop, and says that it has: by default a JVM shutdown
 * hook (Ctrl-C, {@code kill}), which waits until the stack is closed so that the broker shuts down
 * cleanly before the JVM ends.
 */
public interface StopSignal {

  /** Starts listening; called before the stack starts, so an early Ctrl-C still stops it. */
  void arm();

  /** Blocks until the stack should stop. */
  void awaitStop() throws InterruptedException;

  /** Tells that the stack has stopped; called once, whatever happened. */
  void stopped();

  /** Stops on JVM shutdown, waiting up to {@code grace} for the stack to close. */
  static StopSignal onShutdown(Duration grace) {
    return new ShutdownHookSignal(grace);
  }

  /** The JVM shutdown hook behind {@link #onShutdown}. */
  final class ShutdownHookSignal implements StopSignal {
    private final Duration grace;
    private final CountDownLatch requested = new CountDownLatch(1);
    private final CountDownLatch done = new CountDownLatch(1);
    private Thread hook;

    private ShutdownHookSignal(Duration grace) {
      this.grace = grace;
    }

    @Override
    public synchronized void arm() {
      if (hook != null) {
        return;
      }
      hook =
          new Thread(
              () -> {
                requested.countDown();
                try {
                  done.await(grace.toMillis(), TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                }
              },
              "streamlearn-stack-stop");
      Runtime.getRuntime().addShutdownHook(hook);
    }

    @Override
    public void awaitStop() throws InterruptedException {
      requested.await();
    }

    @Override
    public synchronized void stopped() {
      done.countDown();
      if (hook != null && requested.getCount() > 0) {
        try {
          Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
          // shutting down already: the hook runs and finds the stack closed
        }
      }
    }
  }
}
