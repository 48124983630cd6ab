package io.streamlearn.app.stack;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/** A stop signal a test triggers, in place of Ctrl-C. */
public final class TestStopSignal implements StopSignal {

  private final CountDownLatch stop = new CountDownLatch(1);
  private final AtomicInteger stopped = new AtomicInteger();

  @Override
  public void arm() {}

  @Override
  public void awaitStop() throws InterruptedException {
    stop.await();
  }

  @Override
  public void stopped() {
    stopped.incrementAndGet();
  }

  /** Asks the stack to stop, as Ctrl-C does. */
  public void stop() {
    stop.countDown();
  }

  /** How often the command said it stopped. */
  public int stoppedCalls() {
    return stopped.get();
  }
}
