package io.streamlearn.app;

/** The entry point of {@code streamlearn} ({@code java -jar streamlearn.jar}). */
public final class Main {

  private Main() {}

  public static void main(String[] args) {
    System.exit(StreamlearnCommand.commandLine(System.getenv()).execute(args));
  }
}
