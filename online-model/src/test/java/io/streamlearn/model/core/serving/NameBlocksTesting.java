package io.streamlearn.model.core.serving;

/** For tests in other packages: the process's feature-name blocks. */
public final class NameBlocksTesting {

  private NameBlocksTesting() {}

  /** Forgets every block of this process, as a new process starts. */
  public static void forgetAll() {
    NameBlocks.SHARED.clear();
  }

  /** How many blocks this process keeps. */
  public static int count() {
    return NameBlocks.SHARED.size();
  }
}
