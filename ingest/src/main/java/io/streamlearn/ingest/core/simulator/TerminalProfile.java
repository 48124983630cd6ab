package io.streamlearn.ingest.core.simulator;

/**
 * A simulated payment terminal.
 *
 * @param id the terminal id, {@code 0..terminals-1}
 * @param x location, uniform in [0, 100)
 * @param y location, uniform in [0, 100)
 */
public record TerminalProfile(int id, double x, double y) {}
