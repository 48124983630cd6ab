package io.streamlearn.ingest.core.simulator;

import java.util.Arrays;
import java.util.List;

/**
 * The customers and terminals of a simulation, and which terminals each customer uses: the
 * terminals strictly within {@link SimulatorOptions#terminalRadius()} of the customer, in ascending
 * id order. Immutable once built.
 */
public final class SimulatedWorld {

  static final long CUSTOMER_PROFILE_STREAM = 1;
  static final long TERMINAL_PROFILE_STREAM = 2;
  private static final double SIDE = 100.0;
  private static final int MAX_CELLS_PER_AXIS = 1024;

  private final List<CustomerProfile> customers;
  private final List<TerminalProfile> terminals;
  private final int[][] terminalsByCustomer;

  private SimulatedWorld(
      List<CustomerProfile> customers, List<TerminalProfile> terminals, int[][] byCustomer) {
    this.customers = customers;
    this.terminals = terminals;
    this.terminalsByCustomer = byCustomer;
  }

  /** Draws the world of {@code options}: each customer and terminal from its own stream. */
  public static SimulatedWorld build(SimulatorOptions options) {
    CustomerProfile[] customers = new CustomerProfile[options.customers()];
    for (int c = 0; c < customers.length; c++) {
      RandomStream random = RandomStream.derive(options.seed(), CUSTOMER_PROFILE_STREAM, c);
      double x = random.uniform(0, SIDE);
      double y = random.uniform(0, SIDE);
      double meanAmount = random.uniform(5, 100);
      double meanPerDay = random.uniform(0, 4);
      customers[c] = new CustomerProfile(c, x, y, meanAmount, meanAmount / 2, meanPerDay);
    }
    TerminalProfile[] terminals = new TerminalProfile[options.terminals()];
    for (int t = 0; t < terminals.length; t++) {
      RandomStream random = RandomStream.derive(options.seed(), TERMINAL_PROFILE_STREAM, t);
      double x = random.uniform(0, SIDE);
      double y = random.uniform(0, SIDE);
      terminals[t] = new TerminalProfile(t, x, y);
    }
    return new SimulatedWorld(
        List.of(customers),
        List.of(terminals),
        terminalsWithinRadius(customers, terminals, options.terminalRadius()));
  }

  /** All customers, by id. */
  public List<CustomerProfile> customers() {
    return customers;
  }

  /** All terminals, by id. */
  public List<TerminalProfile> terminals() {
    return terminals;
  }

  /** The ids of the terminals customer {@code customerId} uses, ascending (a copy). */
  public int[] terminalsOf(int customerId) {
    return terminalsByCustomer[customerId].clone();
  }

  /** Number of customers with no terminal within the radius; they make no transactions. */
  public int customersWithoutTerminals() {
    int count = 0;
    for (int[] list : terminalsByCustomer) {
      if (list.length == 0) {
        count++;
      }
    }
    return count;
  }

  int[] terminalsOfShared(int customerId) {
    return terminalsByCustomer[customerId];
  }

  /** A uniform grid with cells at least as wide as the radius: neighbours are in adjacent cells. */
  private static int[][] terminalsWithinRadius(
      CustomerProfile[] customers, TerminalProfile[] terminals, double radius) {
    int cellsPerAxis = (int) Math.max(1, Math.min(MAX_CELLS_PER_AXIS, Math.floor(SIDE / radius)));
    double cellSize = SIDE / cellsPerAxis;
    int cellCount = cellsPerAxis * cellsPerAxis;
    int[] cellStart = new int[cellCount + 1];
    int[] cellOfTerminal = new int[terminals.length];
    for (int t = 0; t < terminals.length; t++) {
      int cell =
          cell(terminals[t].x(), cellSize, cellsPerAxis) * cellsPerAxis
              + cell(terminals[t].y(), cellSize, cellsPerAxis);
      cellOfTerminal[t] = cell;
      cellStart[cell + 1]++;
    }
    for (int i = 0; i < cellCount; i++) {
      cellStart[i + 1] += cellStart[i];
    }
    int[] fill = Arrays.copyOf(cellStart, cellCount);
    int[] terminalsByCell = new int[terminals.length];
    for (int t = 0; t < terminals.length; t++) {
      terminalsByCell[fill[cellOfTerminal[t]]++] = t;
    }
    double radiusSquared = radius * radius;
    int[][] result = new int[customers.length][];
    int[] buffer = new int[16];
    for (CustomerProfile customer : customers) {
      int cx = cell(customer.x(), cellSize, cellsPerAxis);
      int cy = cell(customer.y(), cellSize, cellsPerAxis);
      int found = 0;
      for (int gx = Math.max(0, cx - 1); gx <= Math.min(cellsPerAxis - 1, cx + 1); gx++) {
        for (int gy = Math.max(0, cy - 1); gy <= Math.min(cellsPerAxis - 1, cy + 1); gy++) {
          int cell = gx * cellsPerAxis + gy;
          for (int i = cellStart[cell]; i < cellStart[cell + 1]; i++) {
            TerminalProfile terminal = terminals[terminalsByCell[i]];
            double dx = customer.x() - terminal.x();
            double dy = customer.y() - terminal.y();
            if (dx * dx + dy * dy < radiusSquared) {
              if (found == buffer.length) {
                buffer = Arrays.copyOf(buffer, buffer.length * 2);
              }
              buffer[found++] = terminal.id();
            }
          }
        }
      }
      int[] list = Arrays.copyOf(buffer, found);
      Arrays.sort(list);
      result[customer.id()] = list;
    }
    return result;
  }

  private static int cell(double coordinate, double cellSize, int cellsPerAxis) {
    return Math.min(cellsPerAxis - 1, (int) (coordinate / cellSize));
  }
}
