package io.streamlearn.model.core.linear;

import io.streamlearn.model.core.IndexedFeatures;
import io.streamlearn.model.core.LearnerFormatException;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Arrays;

/**
 * The weights of a linear model and the per-feature state of the optimizer that moves them, in
 * columns indexed by feature slot. The current weight of every slot is kept in {@link #w}, so a
 * prediction is a plain dot product whatever the optimizer.
 *
 * <p>Byte layout: the intercept state, then an int slot count, then the per-slot columns, each as
 * doubles (see the subclasses and {@code docs/LEARNERS.md}).
 */
abstract class WeightState {

  protected final double l1;
  protected final double l2;
  protected double[] w;
  protected double intercept;

  WeightState(double l1, double l2, int slots) {
    this.l1 = l1;
    this.l2 = l2;
    this.w = new double[Math.max(8, slots)];
  }

  static WeightState create(Optimizer optimizer, double l1, double l2, int slots) {
    if (optimizer instanceof Optimizer.Sgd sgd) {
      return new SgdState(sgd.learningRate(), l1, l2, slots);
    }
    if (optimizer instanceof Optimizer.AdaGrad ada) {
      return new AdaGradState(ada.learningRate(), l1, l2, slots);
    }
    Optimizer.FtrlProximal f = (Optimizer.FtrlProximal) optimizer;
    return new FtrlState(f.alpha(), f.beta(), l1, l2, slots);
  }

  /** The weight of {@code slot}; 0 for a slot never updated. */
  final double weight(int slot) {
    return slot < w.length ? w[slot] : 0.0;
  }

  /** Makes room for slots {@code 0 .. slots - 1}. */
  final void ensureCapacity(int slots) {
    if (slots > w.length) {
      int n = Math.max(slots, w.length * 2);
      w = Arrays.copyOf(w, n);
      grow(n);
    }
  }

  /**
   * One step along the log-loss gradient {@code g * x_f} of every gathered feature {@code f}
   * (penalties added here); one virtual call per example, the loop inside each optimizer.
   */
  abstract void step(IndexedFeatures features, double g);

  /** One unpenalised step of the intercept along {@code g}. */
  abstract void stepIntercept(double g);

  abstract void grow(int slots);

  abstract void write(DataOutput out, int slots) throws IOException;

  abstract void read(DataInput in, int slots) throws IOException;

  static double readFinite(DataInput in, String what) throws IOException {
    double v = in.readDouble();
    if (!Double.isFinite(v)) {
      throw new LearnerFormatException("non-finite " + what + ": " + v);
    }
    return v;
  }

  static void readSlotCount(DataInput in, int slots) throws IOException {
    int n = in.readInt();
    if (n != slots) {
      throw new LearnerFormatException("expected weights of " + slots + " slots, found " + n);
    }
  }

  /** Plain SGD; L1 by Tsuruoka et al.'s cumulative penalty. */
  static final class SgdState extends WeightState {
    private final double rate;
    private double[] applied; // q_i: the L1 penalty actually applied to w_i so far
    private double total; // u: the L1 penalty each weight could have received so far

    SgdState(double rate, double l1, double l2, int slots) {
      super(l1, l2, slots);
      this.rate = rate;
      this.applied = new double[w.length];
    }

    @Override
    void step(IndexedFeatures features, double g) {
      total += rate * l1;
      double[] weights = w;
      for (int i = 0, n = features.size(); i < n; i++) {
        int slot = features.slot(i);
        double wi = weights[slot] - rate * (g * features.value(i) + l2 * weights[slot]);
        if (l1 > 0.0) {
          double before = wi;
          if (wi > 0.0) {
            wi = Math.max(0.0, wi - (total + applied[slot]));
          } else if (wi < 0.0) {
            wi = Math.min(0.0, wi + (total - applied[slot]));
          }
          applied[slot] += wi - before;
        }
        weights[slot] = wi;
      }
    }

    @Override
    void stepIntercept(double g) {
      intercept -= rate * g;
    }

    @Override
    void grow(int slots) {
      applied = Arrays.copyOf(applied, slots);
    }

    @Override
    void write(DataOutput out, int slots) throws IOException {
      out.writeDouble(intercept);
      out.writeDouble(total);
      out.writeInt(slots);
      for (int s = 0; s < slots; s++) {
        out.writeDouble(w[s]);
        out.writeDouble(applied[s]);
      }
    }

    @Override
    void read(DataInput in, int slots) throws IOException {
      intercept = readFinite(in, "intercept");
      total = readFinite(in, "cumulative L1 penalty");
      readSlotCount(in, slots);
      ensureCapacity(slots);
      for (int s = 0; s < slots; s++) {
        w[s] = readFinite(in, "weight");
        applied[s] = readFinite(in, "applied L1 penalty");
      }
    }
  }

  /** AdaGrad; L1 by a soft threshold scaled by each feature's step size. */
  static final class AdaGradState extends WeightState {
    private static final double EPSILON = 1e-8;
    private final double rate;
    private double[] squares; // G_i: sum of squared gradients
    private double interceptSquares;

    AdaGradState(double rate, double l1, double l2, int slots) {
      super(l1, l2, slots);
      this.rate = rate;
      this.squares = new double[w.length];
    }

    @Override
    void step(IndexedFeatures features, double g) {
      double[] weights = w;
      double[] sums = squares;
      for (int i = 0, n = features.size(); i < n; i++) {
        int slot = features.slot(i);
        double gi = g * features.value(i) + l2 * weights[slot];
        double sq = sums[slot] + gi * gi;
        sums[slot] = sq;
        double eta = rate / (Math.sqrt(sq) + EPSILON);
        double wi = weights[slot] - eta * gi;
        if (l1 > 0.0) {
          double shrunk = Math.abs(wi) - eta * l1;
          wi = shrunk > 0.0 ? Math.copySign(shrunk, wi) : 0.0;
        }
        weights[slot] = wi;
      }
    }

    @Override
    void stepIntercept(double g) {
      interceptSquares += g * g;
      intercept -= rate / (Math.sqrt(interceptSquares) + EPSILON) * g;
    }

    @Override
    void grow(int slots) {
      squares = Arrays.copyOf(squares, slots);
    }

    @Override
    void write(DataOutput out, int slots) throws IOException {
      out.writeDouble(intercept);
      out.writeDouble(interceptSquares);
      out.writeInt(slots);
      for (int s = 0; s < slots; s++) {
        out.writeDouble(w[s]);
        out.writeDouble(squares[s]);
      }
    }

    @Override
    void read(DataInput in, int slots) throws IOException {
      intercept = readFinite(in, "intercept");
      interceptSquares = readNonNegative(in);
      readSlotCount(in, slots);
      ensureCapacity(slots);
      for (int s = 0; s < slots; s++) {
        w[s] = readFinite(in, "weight");
        squares[s] = readNonNegative(in);
      }
    }
  }

  /** FTRL-Proximal (McMahan et al. 2013, Algorithm 1), one coordinate at a time. */
  static final class FtrlState extends WeightState {
    private final double inverseAlpha;
    private final double beta;
    private double[] z;
    private double[] n;
    private double[] rootN; // sqrt(n), kept to take one square root per step
    private double interceptZ;
    private double interceptN;

    FtrlState(double alpha, double beta, double l1, double l2, int slots) {
      super(l1, l2, slots);
      this.inverseAlpha = 1.0 / alpha;
      this.beta = beta;
      this.z = new double[w.length];
      this.n = new double[w.length];
      this.rootN = new double[w.length];
    }

    @Override
    void step(IndexedFeatures features, double g) {
      double[] weights = w;
      for (int i = 0, count = features.size(); i < count; i++) {
        int slot = features.slot(i);
        double gi = g * features.value(i);
        double ni = n[slot] + gi * gi;
        double root = Math.sqrt(ni);
        double sigma = (root - rootN[slot]) * inverseAlpha;
        double zi = z[slot] + gi - sigma * weights[slot];
        z[slot] = zi;
        n[slot] = ni;
        rootN[slot] = root;
        weights[slot] = solve(zi, root, l1, l2);
      }
    }

    @Override
    void stepIntercept(double g) {
      double previous = Math.sqrt(interceptN);
      interceptN += g * g;
      double root = Math.sqrt(interceptN);
      interceptZ += g - (root - previous) * inverseAlpha * intercept;
      intercept = solve(interceptZ, root, 0.0, 0.0);
    }

    private double solve(double zi, double root, double lambda1, double lambda2) {
      if (Math.abs(zi) <= lambda1) {
        return 0.0;
      }
      return -(zi - Math.copySign(lambda1, zi)) / ((beta + root) * inverseAlpha + lambda2);
    }

    @Override
    void grow(int slots) {
      z = Arrays.copyOf(z, slots);
      n = Arrays.copyOf(n, slots);
      rootN = Arrays.copyOf(rootN, slots);
    }

    @Override
    void write(DataOutput out, int slots) throws IOException {
      out.writeDouble(interceptZ);
      out.writeDouble(interceptN);
      out.writeInt(slots);
      for (int s = 0; s < slots; s++) {
        out.writeDouble(z[s]);
        out.writeDouble(n[s]);
      }
    }

    @Override
    void read(DataInput in, int slots) throws IOException {
      interceptZ = readFinite(in, "intercept z");
      interceptN = readNonNegative(in);
      intercept = solve(interceptZ, Math.sqrt(interceptN), 0.0, 0.0);
      readSlotCount(in, slots);
      ensureCapacity(slots);
      for (int s = 0; s < slots; s++) {
        z[s] = readFinite(in, "z");
        n[s] = readNonNegative(in);
        rootN[s] = Math.sqrt(n[s]);
        w[s] = solve(z[s], rootN[s], l1, l2);
      }
    }
  }

  static double readNonNegative(DataInput in) throws IOException {
    double v = in.readDouble();
    if (!(v >= 0.0) || !Double.isFinite(v)) {
      throw new LearnerFormatException("invalid sum of squared gradients: " + v);
    }
    return v;
  }
}
