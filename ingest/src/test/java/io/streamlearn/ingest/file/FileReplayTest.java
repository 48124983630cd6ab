package io.streamlearn.ingest.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.streamlearn.ingest.avro.AvroRecordValidator;
import io.streamlearn.ingest.avro.EpochUnit;
import io.streamlearn.ingest.avro.Label;
import io.streamlearn.ingest.avro.RecordMapper;
import io.streamlearn.ingest.avro.Transaction;
import io.streamlearn.ingest.core.validation.EventValidator;
import io.streamlearn.ingest.core.validation.ViolationCode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileReplayTest {

  private static final String HEADER = "transactionId,eventTime,customerId,terminalId,amount";

  @TempDir Path dir;

  private final ReplayTally tally = new ReplayTally();
  private final CollectingSink sink = new CollectingSink(tally);
  private final List<String> notices = new ArrayList<>();

  @Test
  void validCsvRowsAreMappedKeyedAndSent() throws IOException {
    replay(
        "tx.csv",
        HEADER,
        "t1,2018-04-01T00:00:31Z,c1,T9,12.5",
        "t2,1522540832000,c2,T9,0",
        "t3,2018-04-01 00:00:33,c3,T9,7");

    assertThat(sink.sent)
        .extracting(s -> s.key(), s -> s.record().get("eventTime"), s -> s.origin().line())
        .containsExactly(
            tuple("t1", 1_522_540_831_000L, 2L),
            tuple("t2", 1_522_540_832_000L, 3L),
            tuple("t3", 1_522_540_833_000L, 4L));
    assertThat(sink.sent.get(0).record().get("attributes")).isEqualTo(Map.of());
    assertThat(sink.deadLetters).isEmpty();
    assertBalanced(3, 3, 0);
  }

  @Test
  void aMalformedCsvLineIsDeadLetteredAndTheReplayGoesOn() throws IOException {
    replay(
        "tx.csv",
        HEADER,
        "t1,2018-04-01T00:00:31Z,\"c1,T9,12.5",
        "t2,2018-04-01T00:00:32Z,c2,T9,3");

    assertThat(sink.deadLetters)
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.reason())
                  .isEqualTo("line is not valid CSV: Missing closing quote for value");
              assertThat(d.payload()).isEqualTo("t1,2018-04-01T00:00:31Z,\"c1,T9,12.5");
              assertThat(d.origin()).isEqualTo(new RecordOrigin("tx.csv", 2));
              assertThat(d.code()).isEqualTo(ViolationCode.MALFORMED_RECORD);
            });
    assertThat(sink.sent).extracting(s -> s.key()).containsExactly("t2");
    assertBalanced(2, 1, 1);
  }

  @Test
  void aValueOfTheWrongTypeIsDeadLetteredWithTheField() throws IOException {
    replay("tx.csv", HEADER, "t1,2018-04-01T00:00:31Z,c1,T9,twelve", "t2,yesterday,c1,T9,1");

    assertThat(sink.deadLetters)
        .extracting(CollectingSink.DeadLetter::reason)
        .containsExactly(
            "amount: 'twelve' is not a number",
            "eventTime: 'yesterday' is neither an ISO-8601 timestamp nor a number of epoch millis");
    assertThat(sink.deadLetters).allMatch(d -> d.code() == ViolationCode.WRONG_TYPE);
    assertBalanced(2, 0, 2);
  }

  @Test
  void aNaNAmountIsDeadLettered() throws IOException {
    replay("tx.csv", HEADER, "t1,2018-04-01T00:00:31Z,c1,T9,NaN");

    assertThat(sink.deadLetters)
        .extracting(CollectingSink.DeadLetter::reason)
        .containsExactly("amount is NaN, but amounts must be finite and >= 0");
    assertThat(sink.deadLetters.get(0).code()).isEqualTo(ViolationCode.NON_FINITE_AMOUNT);
    assertBalanced(1, 0, 1);
  }

  @Test
  void aNegativeAmountIsDeadLettered() throws IOException {
    replayJson(
        "tx.jsonl",
        Transaction.getClassSchema(),
        "{\"transactionId\":\"t1\",\"eventTime\":1522540831000,\"customerId\":\"c1\",\"terminalId\":\"T9\",\"amount\":-4.2}");

    assertThat(sink.deadLetters)
        .extracting(CollectingSink.DeadLetter::reason)
        .containsExactly("amount is -4.2, but amounts must be finite and >= 0");
    assertThat(sink.deadLetters.get(0).code()).isEqualTo(ViolationCode.NEGATIVE_AMOUNT);
    assertBalanced(1, 0, 1);
  }

  @Test
  void aMissingRequiredFieldIsDeadLetteredAndAMissingColumnIsAnnouncedOnce() throws IOException {
    replay("tx.csv", HEADER, "t1,2018-04-01T00:00:31Z,,T9,1");
    replay(
        "no-terminal.csv",
        "transactionId,eventTime,customerId,amount",
        "t2,2018-04-01T00:00:31Z,c,1",
        "t3,2018-04-01T00:00:31Z,c,1");
    replayJson(
        "tx.jsonl",
        Transaction.getClassSchema(),
        "{\"transactionId\":\"t4\",\"eventTime\":1522540831000,\"customerId\":\"c1\",\"amount\":1}");

    assertThat(sink.deadLetters)
        .extracting(CollectingSink.DeadLetter::reason)
        .containsExactly(
            "missing required field customerId",
            "missing required field terminalId",
            "missing required field terminalId",
            "missing required field terminalId");
    assertThat(sink.deadLetters).allMatch(d -> d.code() == ViolationCode.MISSING_FIELD);
    assertThat(notices)
        .containsExactly(
            "no-terminal.csv: no column gives required field 'terminalId', so every record is dead-lettered");
    assertThat(tally.total()).isEqualTo(new ReplayTally.Counts("total", 4, 0, 4, 0, 0));
  }

  @Test
  void anUnknownColumnIsReportedOnceAndIgnored() throws IOException {
    replay(
        "tx.csv",
        HEADER + ",merchant",
        "t1,2018-04-01T00:00:31Z,c1,T9,1,shop",
        "t2,2018-04-01T00:00:31Z,c1,T9,1,bar");
    replayJson(
        "tx.jsonl",
        Transaction.getClassSchema(),
        "{\"transactionId\":\"t3\",\"eventTime\":1522540831000,\"customerId\":\"c1\",\"terminalId\":\"T9\",\"amount\":1,\"mcc\":5411}",
        "{\"transactionId\":\"t4\",\"eventTime\":1522540831000,\"customerId\":\"c1\",\"terminalId\":\"T9\",\"amount\":1,\"mcc\":5412}");

    assertThat(notices)
        .containsExactly(
            "tx.csv: column 'merchant' is not a field of Transaction and is ignored",
            "tx.jsonl: column 'mcc' is not a field of Transaction and is ignored");
    assertThat(sink.sent).hasSize(4);
    assertBalanced(4, 4, 0);
  }

  @Test
  void aTruncatedFileLosesOnlyItsCutLine() throws IOException {
    Path csv = dir.resolve("cut.csv");
    Files.writeString(csv, HEADER + "\nt1,2018-04-01T00:00:31Z,c1,T9,1\nt2,2018-04-01T00:0");
    Path json = dir.resolve("cut.jsonl");
    Files.writeString(
        json,
        "{\"transactionId\":\"t3\",\"eventTime\":1522540831000,\"customerId\":\"c1\",\"terminalId\":\"T9\",\"amount\":1}\n{\"transactionId\":\"t4\",\"eventTi");

    replay(csv, Transaction.getClassSchema(), InputFormat.CSV);
    replay(json, Transaction.getClassSchema(), InputFormat.JSON_LINES);

    assertThat(sink.deadLetters)
        .extracting(CollectingSink.DeadLetter::reason, CollectingSink.DeadLetter::payload)
        .containsExactly(
            tuple(
                "line has 2 fields but the header has 5 (is the line cut short?)",
                "t2,2018-04-01T00:0"),
            tuple(
                "line is not valid JSON: Unexpected end-of-input in field name",
                "{\"transactionId\":\"t4\",\"eventTi"));
    assertThat(sink.sent).extracting(s -> s.key()).containsExactly("t1", "t3");
    assertBalanced(4, 2, 2);
  }

  @Test
  void anEmptyFileIsAnnouncedAndHoldsNoRecords() throws IOException {
    Path csv = dir.resolve("empty.csv");
    Files.writeString(csv, "");
    Path json = dir.resolve("empty.jsonl");
    Files.writeString(json, "");

    replay(csv, Transaction.getClassSchema(), InputFormat.CSV);
    replay(json, Transaction.getClassSchema(), InputFormat.JSON_LINES);

    assertThat(notices)
        .containsExactly(
            "empty.csv is empty: it holds no records", "empty.jsonl is empty: it holds no records");
    assertThat(tally.counts())
        .extracting(ReplayTally.Counts::source)
        .containsExactly("empty.csv", "empty.jsonl");
    assertBalanced(0, 0, 0);
  }

  @Test
  void aFileWithOnlyAHeaderIsAnnouncedAndHoldsNoRecords() throws IOException {
    replay("header.csv", HEADER);

    assertThat(notices).containsExactly("header.csv has a header but no records");
    assertBalanced(0, 0, 0);
  }

  @Test
  void aJsonLineThatIsNotAnObjectIsDeadLettered() throws IOException {
    replayJson(
        "tx.jsonl",
        Transaction.getClassSchema(),
        "[1,2,3]",
        "42",
        "\"text\"",
        "null",
        "{\"a\":1} {\"b\":2}");

    assertThat(sink.deadLetters)
        .extracting(CollectingSink.DeadLetter::reason)
        .containsExactly(
            "line is a JSON array, not an object",
            "line is a JSON number, not an object",
            "line is a JSON string, not an object",
            "line is a JSON null, not an object",
            "line is not valid JSON: Trailing token (of type START_OBJECT) found after value (bound as `com.fasterxml.jackson.databind.JsonNode`): not allowed as per `DeserializationFeature.FAIL_ON_TRAILING_TOKENS`");
    assertBalanced(5, 0, 5);
  }

  @Test
  void invalidUtf8AndBlankLinesDoNotStopTheReplay() throws IOException {
    Path csv = dir.resolve("bytes.csv");
    byte[] bad = "t1,2018-04-01T00:00:31Z,c\u00e9,T9,1".getBytes(StandardCharsets.ISO_8859_1);
    try (var out = Files.newOutputStream(csv)) {
      out.write((HEADER + "\r\n").getBytes(StandardCharsets.UTF_8));
      out.write(bad);
      out.write(
          "\r\n\r\n   \nt2,2018-04-01T00:00:31Z,c\u00e9,T9,1\n".getBytes(StandardCharsets.UTF_8));
    }

    replay(csv, Transaction.getClassSchema(), InputFormat.CSV);

    assertThat(sink.deadLetters)
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.reason()).isEqualTo("line is not valid UTF-8");
              assertThat(d.origin().line()).isEqualTo(2);
            });
    assertThat(sink.sent)
        .singleElement()
        .satisfies(
            s -> {
              assertThat(s.record().get("customerId")).isEqualTo("c\u00e9");
              assertThat(s.origin().line()).isEqualTo(5);
            });
    assertThat(tally.total()).isEqualTo(new ReplayTally.Counts("total", 2, 1, 1, 0, 2));
  }

  @Test
  void aBadHeaderDeadLettersEveryRecordWithTheReason() throws IOException {
    replay("dup.csv", "transactionId,amount,amount", "t1,1,2");

    assertThat(notices)
        .containsExactly(
            "dup.csv: the header names column 'amount' twice, so every record is dead-lettered");
    assertThat(sink.deadLetters)
        .extracting(CollectingSink.DeadLetter::reason)
        .containsExactly("the header names column 'amount' twice");
    assertBalanced(1, 0, 1);
  }

  @Test
  void labelsAreValidatedAgainstTheirTransactionTime() throws IOException {
    replay(
        dir.resolve("labels.csv"),
        Label.getClassSchema(),
        InputFormat.CSV,
        "transactionId,isFraud,labelTime,transactionTime",
        "t1,true,2018-04-08T00:00:00Z,2018-04-01T00:00:00Z",
        "t2,no,2018-04-08T00:00:00Z,",
        "t3,1,2018-04-01T00:00:00Z,2018-04-08T00:00:00Z");

    assertThat(sink.sent)
        .extracting(
            s -> s.key(), s -> s.record().get("isFraud"), s -> s.record().get("transactionTime"))
        .containsExactly(tuple("t1", true, 1_522_540_800_000L), tuple("t2", false, null));
    assertThat(sink.deadLetters)
        .extracting(CollectingSink.DeadLetter::reason)
        .containsExactly(
            "labelTime 2018-04-01T00:00:00Z is before transactionTime 2018-04-08T00:00:00Z, but a label cannot be known before its transaction happened");
  }

  @Test
  void renamedColumnsAndEpochSecondsReplayTheHandbookCsv() throws IOException {
    Path csv = dir.resolve("handbook.csv");
    Files.writeString(
        csv,
        String.join(
                "\n",
                "TRANSACTION_ID,TX_DATETIME,CUSTOMER_ID,TERMINAL_ID,TX_AMOUNT,TX_TIME_SECONDS,TX_FRAUD",
                "0,2018-04-01 00:00:31,596,3156,57.16,31,0",
                "1,2018-04-01 00:02:10,4961,3412,81.51,130,0")
            + "\n");
    RecordMapper mapper =
        new RecordMapper(
            Transaction.getClassSchema(),
            Map.of(
                "TRANSACTION_ID",
                "transactionId",
                "TX_DATETIME",
                "eventTime",
                "CUSTOMER_ID",
                "customerId",
                "TERMINAL_ID",
                "terminalId",
                "TX_AMOUNT",
                "amount"),
            EpochUnit.SECONDS);
    FileReplay replay =
        new FileReplay(mapper, validatorFor(Transaction.getClassSchema()), "transactionId", ',');

    replay.replay(csv, "handbook.csv", InputFormat.CSV, sink, tally, notices::add);

    assertThat(sink.sent)
        .extracting(s -> s.record().get("eventTime"), s -> s.record().get("amount"))
        .containsExactly(tuple(1_522_540_831_000L, 57.16), tuple(1_522_540_930_000L, 81.51));
    assertThat(notices)
        .containsExactly(
            "handbook.csv: column 'TX_TIME_SECONDS' is not a field of Transaction and is ignored",
            "handbook.csv: column 'TX_FRAUD' is not a field of Transaction and is ignored");
  }

  @Test
  void timestampsOutsideTheAcceptedRangeAreDeadLettered() throws IOException {
    replay("tx.csv", HEADER, "t1,0,c1,T9,1", "t2,2150-01-01T00:00:00Z,c1,T9,1");

    assertThat(sink.deadLetters)
        .extracting(CollectingSink.DeadLetter::reason)
        .containsExactly(
            "eventTime 1970-01-01T00:00:00Z is outside the accepted range [2000-01-01T00:00:00Z, 2100-01-01T00:00:00Z)",
            "eventTime 2150-01-01T00:00:00Z is outside the accepted range [2000-01-01T00:00:00Z, 2100-01-01T00:00:00Z)");
  }

  private void assertBalanced(long read, long produced, long deadLettered) {
    ReplayTally.Counts total = tally.total();
    assertThat(total.read()).isEqualTo(read);
    assertThat(total.produced()).isEqualTo(produced);
    assertThat(total.deadLettered()).isEqualTo(deadLettered);
    assertThat(tally.counts()).allMatch(ReplayTally.Counts::balances);
    assertThat(sink.sent).hasSize((int) produced);
    assertThat(sink.deadLetters).hasSize((int) deadLettered);
  }

  private void replay(String name, String... lines) throws IOException {
    replay(dir.resolve(name), Transaction.getClassSchema(), InputFormat.CSV, lines);
  }

  private void replayJson(String name, Schema schema, String... lines) throws IOException {
    replay(dir.resolve(name), schema, InputFormat.JSON_LINES, lines);
  }

  private void replay(Path file, Schema schema, InputFormat format, String... lines)
      throws IOException {
    Files.writeString(file, String.join("\n", lines) + "\n");
    replay(file, schema, format);
  }

  private void replay(Path file, Schema schema, InputFormat format) throws IOException {
    FileReplay replay =
        new FileReplay(
            new RecordMapper(schema, Map.of(), EpochUnit.MILLIS),
            validatorFor(schema),
            "transactionId",
            ',');
    replay.replay(file, file.getFileName().toString(), format, sink, tally, notices::add);
  }

  private static AvroRecordValidator validatorFor(Schema schema) {
    return AvroRecordValidator.forSchema(schema, EventValidator.withDefaults(), Set.of(), Set.of());
  }
}
