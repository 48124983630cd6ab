package io.streamlearn.ingest.core.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

class GroundTruthTest {

  @Test
  void everyChangePointIsWrittenInTimeOrderWithItsPreviousValue() throws IOException {
    SimulatorOptions options =
        SimulatorOptions.DEFAULTS.withDrift(
            List.of(
                DriftChange.parse("150:fraud-rate:1"),
                DriftChange.parse("60:amount-shift:1.5"),
                DriftChange.parse("100:fraud-rate:3"),
                DriftChange.parse("100:new-pattern:5"),
                DriftChange.parse("120:customer-frequency:0.5")));
    StringBuilder csv = new StringBuilder();

    GroundTruth.of(options).writeCsv(csv);

    assertThat(csv.toString())
        .isEqualTo(
            """
            change_id,day,start_time,start_time_millis,full_effect_time_millis,first_label_time_millis,kind,drift_type,parameter,before,after
            1,60,2018-05-31T00:00:00Z,1527724800000,1527724800000,1528329600000,amount-shift,covariate,amount factor,1,1.5
            2,100,2018-07-10T00:00:00Z,1531180800000,1533600000000,1531785600000,fraud-rate,prior,fraud rate factor,1,3
            3,100,2018-07-10T00:00:00Z,1531180800000,1531785600000,1531785600000,new-pattern,concept,stolen cards per day,0,5
            4,120,2018-07-30T00:00:00Z,1532908800000,1532908800000,1533513600000,customer-frequency,covariate,transactions-per-day factor,1,0.5
            5,150,2018-08-29T00:00:00Z,1535500800000,1537920000000,1536105600000,fraud-rate,prior,fraud rate factor,3,1
            """);
  }

  @Test
  void aWorldWithoutDriftHasOnlyTheHeader() throws IOException {
    StringBuilder csv = new StringBuilder();

    GroundTruth.of(SimulatorOptions.DEFAULTS).writeCsv(csv);

    assertThat(csv.toString()).isEqualTo(GroundTruth.CSV_HEADER + "\n");
    assertThat(GroundTruth.of(SimulatorOptions.DEFAULTS).changePoints()).isEmpty();
  }
}
