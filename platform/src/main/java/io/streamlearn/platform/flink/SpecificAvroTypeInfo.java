package io.streamlearn.platform.flink;

import java.util.Objects;
import org.apache.avro.specific.SpecificRecord;
import org.apache.flink.api.common.serialization.SerializerConfig;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.formats.avro.typeutils.AvroSerializer;

/**
 * Flink type information for a generated Avro class, moving records with Flink's {@link
 * AvroSerializer} (Avro binary, schema-evolution-aware state snapshots) instead of Kryo.
 *
 * <p>Flink's own {@code AvroTypeInfo} analyses the class as a POJO and needs setters; our generated
 * classes are immutable (no setters, private fields), so this type information treats the record as
 * one opaque value. Key streams with a {@code KeySelector}, e.g. {@code
 * keyBy(Transaction::getCustomerId)}.
 *
 * @param <T> the generated class
 */
public final class SpecificAvroTypeInfo<T extends SpecificRecord> extends TypeInformation<T> {

  private static final long serialVersionUID = 1L;

  private final Class<T> type;

  private SpecificAvroTypeInfo(Class<T> type) {
    this.type = Objects.requireNonNull(type, "type");
  }

  /** The type information of a generated class, e.g. {@code forClass(Transaction.class)}. */
  public static <T extends SpecificRecord> SpecificAvroTypeInfo<T> forClass(Class<T> type) {
    return new SpecificAvroTypeInfo<>(type);
  }

  @Override
  public boolean isBasicType() {
    return false;
  }

  @Override
  public boolean isTupleType() {
    return false;
  }

  @Override
  public int getArity() {
    return 1;
  }

  @Override
  public int getTotalFields() {
    return 1;
  }

  @Override
  public Class<T> getTypeClass() {
    return type;
  }

  @Override
  public boolean isKeyType() {
    return false;
  }

  @Override
  public TypeSerializer<T> createSerializer(SerializerConfig config) {
    return new AvroSerializer<>(type);
  }

  @Override
  public String toString() {
    return "SpecificAvroTypeInfo<" + type.getName() + ">";
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof SpecificAvroTypeInfo<?> that && that.type.equals(type);
  }

  @Override
  public int hashCode() {
    return type.hashCode();
  }

  @Override
  public boolean canEqual(Object other) {
    return other instanceof SpecificAvroTypeInfo;
  }
}
