package io.streamlearn.monitoring.core.drift;

import io.streamlearn.monitoring.core.state.StateFormat;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * HDDM<sub>A</sub>, the drift detection method based on Hoeffding's bound with moving averages: I.
 * Frías-Blanco, J. del Campo-Ávila, G. Ramos-Jiménez, R. Morales-Bueno, A. Ortiz-Díaz and Y.
 * Caballero-Mota, "Online and Non-Parametric Drift Detection Methods Based on Hoeffding's Bounds",
 * IEEE Transactions on Knowledge and Data Engineering 27(3), 2015.
 *
 * <p>Values must lie in [0, 1] (Hoeffding's bound assumes a bounded range; an error stream is the
 * intended input). The detector keeps the running sum since the last reset and the cut point where
 * the mean's lower (upper) confidence bound was lowest (highest). It flags a drift when the mean
 * since the reset exceeds the mean up to the low cut point by Hoeffding's bound at {@code
 * driftConfidence} (warning at {@code warningConfidence}), then restarts its statistics at once.
 * When {@code twoSided}, a significant decrease also restarts the statistics, without a drift being
 * reported. This is MOA 2024.07.0's {@code HDDM_A_Test}, update for update (MOA's "two-sided"
 * default).
 */
public final class HddmA implements ChangeDetector {

  /** MOA's default confidence of a drift, 0.001. */
  public static final double DEFAULT_DRIFT_CONFIDENCE = 0.001;

  /** MOA's default confidence of a warning, 0.005. */
  public static final double DEFAULT_WARNING_CONFIDENCE = 0.005;

  private static final String KIND = "hddm-a";
  private static final int VERSION = 1;

  private final double driftConfidence;
  private final double warningConfidence;
  private final boolean twoSided;
  private final double logInverseDrift;
  private final double logTwiceInverseDrift;
  private final double logTwiceInverseWarning;

  private long nMin;
  private double cMin;
  private long totalN;
  private double totalC;
  private long nMax;
  private double cMax;
  private long nEstimation;
  private double cEstimation;
  private double estimation;
  private boolean warning;
  private boolean drift;

  /** HDDM_A with MOA's defaults (drift 0.001, warning 0.005, two-sided). */
  public HddmA() {
    this(DEFAULT_DRIFT_CONFIDENCE, DEFAULT_WARNING_CONFIDENCE, true);
  }

  /**
   * HDDM_A with the given hyper-parameters.
   *
   * @param driftConfidence significance of a drift, in (0, 1)
   * @param warningConfidence significance of a warning, in [driftConfidence, 1)
   * @param twoSided also restart the statistics (without reporting a drift) when the mean falls
   */
  public HddmA(double driftConfidence, double warningConfidence, boolean twoSided) {
    StringBuilder errors = new StringBuilder();
    if (!(driftConfidence > 0 && driftConfidence < 1)) {
      errors.append(" driftConfidence must be in (0, 1), got ").append(driftConfidence);
      errors.append(';');
    }
    if (!(warningConfidence >= driftConfidence && warningConfidence < 1)) {
      errors.append(" warningConfidence must be in [driftConfidence, 1), got ");
      errors.append(warningConfidence).append(';');
    }
    if (errors.length() > 0) {
      throw new IllegalArgumentException("invalid HDDM_A settings:" + errors);
    }
    this.driftConfidence = driftConfidence;
    this.warningConfidence = warningConfidence;
    this.twoSided = twoSided;
    this.logInverseDrift = Math.log(1.0 / driftConfidence);
    this.logTwiceInverseDrift = Math.log(2.0 / driftConfidence);
    this.logTwiceInverseWarning = Math.log(2.0 / warningConfidence);
    reset();
  }

  /**
   * Feeds the next value.
   *
   * @param value a value in [0, 1], e.g. 1 for an error and 0 for a correct prediction
   * @throws IllegalArgumentException if the value is outside [0, 1]: Hoeffding's bound would not
   *     hold (MOA accepts such values and then alarms constantly or never)
   */
  @Override
  public void update(double value) {
    if (!(value >= 0 && value <= 1)) {
      throw new IllegalArgumentException("HDDM_A takes values in [0, 1], got " + value);
    }
    totalN++;
    totalC += value;
    if (nMin == 0) {
      nMin = totalN;
      cMin = totalC;
    }
    if (nMax == 0) {
      nMax = totalN;
      cMax = totalC;
    }
    double boundMin = Math.sqrt(1.0 / (2 * nMin) * logInverseDrift);
    double boundTotal = Math.sqrt(1.0 / (2 * totalN) * logInverseDrift);
    if (cMin / nMin + boundMin >= totalC / totalN + boundTotal) {
      cMin = totalC;
      nMin = totalN;
    }
    double boundMax = Math.sqrt(1.0 / (2 * nMax) * logInverseDrift);
    if (cMax / nMax - boundMax <= totalC / totalN - boundTotal) {
      cMax = totalC;
      nMax = totalN;
    }
    if (meanIncreased(logTwiceInverseDrift)) {
      nEstimation = totalN - nMin;
      cEstimation = totalC - cMin;
      restartStatistics();
      drift = true;
      warning = false;
    } else {
      drift = false;
      warning = meanIncreased(logTwiceInverseWarning);
    }
    if (twoSided && meanDecreased()) {
      nEstimation = totalN - nMax;
      cEstimation = totalC - cMax;
      restartStatistics();
    }
    if (totalN >= nEstimation) {
      nEstimation = 0;
      cEstimation = 0;
      estimation = totalC / totalN;
    } else {
      estimation = cEstimation / nEstimation;
    }
  }

  private boolean meanIncreased(double logTwiceInverseConfidence) {
    if (nMin == totalN) {
      return false;
    }
    double m = (double) (totalN - nMin) / nMin * (1.0 / totalN);
    double bound = Math.sqrt(m / 2 * logTwiceInverseConfidence);
    return totalC / totalN - cMin / nMin >= bound;
  }

  private boolean meanDecreased() {
    if (nMax == totalN) {
      return false;
    }
    double m = (double) (totalN - nMax) / nMax * (1.0 / totalN);
    double bound = Math.sqrt(m / 2 * logTwiceInverseDrift);
    return cMax / nMax - totalC / totalN >= bound;
  }

  private void restartStatistics() {
    nMin = 0;
    nMax = 0;
    totalN = 0;
    cMin = 0;
    cMax = 0;
    totalC = 0;
  }

  @Override
  public boolean driftDetected() {
    return drift;
  }

  @Override
  public boolean warningDetected() {
    return warning;
  }

  @Override
  public void reset() {
    restartStatistics();
    nEstimation = 0;
    cEstimation = 0;
    estimation = 0;
    warning = false;
    drift = false;
  }

  /**
   * The estimated mean: of the values since the last restart, or, until as many values have been
   * seen since, of the values between the cut point and the restart (as MOA does).
   */
  public double estimation() {
    return estimation;
  }

  public double driftConfidence() {
    return driftConfidence;
  }

  public double warningConfidence() {
    return warningConfidence;
  }

  public boolean twoSided() {
    return twoSided;
  }

  /**
   * Layout, version 1, after the header {@code ("hddm-a", 1)}: {@code long} nMin, {@code double}
   * cMin, {@code long} totalN, {@code double} totalC, {@code long} nMax, {@code double} cMax,
   * {@code long} nEstimation, {@code double} cEstimation, {@code double} estimation, {@code
   * boolean} warning, drift.
   */
  @Override
  public void writeState(DataOutput out) throws IOException {
    StateFormat.writeHeader(out, KIND, VERSION);
    out.writeLong(nMin);
    out.writeDouble(cMin);
    out.writeLong(totalN);
    out.writeDouble(totalC);
    out.writeLong(nMax);
    out.writeDouble(cMax);
    out.writeLong(nEstimation);
    out.writeDouble(cEstimation);
    out.writeDouble(estimation);
    out.writeBoolean(warning);
    out.writeBoolean(drift);
  }

  @Override
  public void readState(DataInput in) throws IOException {
    StateFormat.readHeader(in, KIND, VERSION);
    long newNMin = in.readLong();
    double newCMin = in.readDouble();
    long newTotalN = in.readLong();
    double newTotalC = in.readDouble();
    long newNMax = in.readLong();
    double newCMax = in.readDouble();
    long newNEstimation = in.readLong();
    double newCEstimation = in.readDouble();
    double newEstimation = in.readDouble();
    boolean newWarning = in.readBoolean();
    boolean newDrift = in.readBoolean();
    StateFormat.check(
        newTotalN >= 0
            && newNMin >= 0
            && newNMin <= newTotalN
            && newNMax >= 0
            && newNMax <= newTotalN
            && newNEstimation >= 0,
        KIND,
        "counts out of range");
    nMin = newNMin;
    cMin = newCMin;
    totalN = newTotalN;
    totalC = newTotalC;
    nMax = newNMax;
    cMax = newCMax;
    nEstimation = newNEstimation;
    cEstimation = newCEstimation;
    estimation = newEstimation;
    warning = newWarning;
    drift = newDrift;
  }

  @Override
  public String toString() {
    return "HddmA[driftConfidence="
        + driftConfidence
        + ", warningConfidence="
        + warningConfidence
        + ", twoSided="
        + twoSided
        + "]";
  }
}
