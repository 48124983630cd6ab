package io.streamlearn.ingest.cli;

/** The exit codes of the ingest commands. */
public final class ExitCodes {

  /** Every record was produced (or, without {@code --strict}, produced or dead-lettered). */
  public static final int OK = 0;

  /** The run stopped: a missing file, an unreachable broker or registry, a wrong schema. */
  public static final int FAILED = 1;

  /** Invalid options. */
  public static final int USAGE = 2;

  /** {@code --strict} was given and records were dead-lettered. */
  public static final int REJECTED = 3;

  private ExitCodes() {}
}
