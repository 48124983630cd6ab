package io.streamlearn.monitoring.dashboard;

/**
 * Writes the little JSON the dashboard serves: objects, arrays, texts, numbers (NaN and infinities
 * as null, since JSON has no such numbers). Texts escape {@code <}, {@code >} and {@code &} as
 * {@code \\u} escapes, so the JSON can sit inside an HTML {@code <script>} element.
 */
final class JsonWriter {

  private final StringBuilder out = new StringBuilder();
  private boolean needsComma;

  JsonWriter beginObject() {
    comma();
    out.append('{');
    needsComma = false;
    return this;
  }

  JsonWriter endObject() {
    out.append('}');
    needsComma = true;
    return this;
  }

  JsonWriter beginArray() {
    comma();
    out.append('[');
    needsComma = false;
    return this;
  }

  JsonWriter endArray() {
    out.append(']');
    needsComma = true;
    return this;
  }

  JsonWriter name(String name) {
    comma();
    string(name);
    out.append(':');
    needsComma = false;
    return this;
  }

  JsonWriter value(String text) {
    comma();
    if (text == null) {
      out.append("null");
    } else {
      string(text);
    }
    needsComma = true;
    return this;
  }

  JsonWriter value(double number) {
    comma();
    if (Double.isFinite(number)) {
      if (number == Math.rint(number) && Math.abs(number) < 1e15) {
        out.append((long) number);
      } else {
        out.append(number);
      }
    } else {
      out.append("null");
    }
    needsComma = true;
    return this;
  }

  JsonWriter value(long number) {
    comma();
    out.append(number);
    needsComma = true;
    return this;
  }

  private void comma() {
    if (needsComma) {
      out.append(',');
    }
  }

  private void string(String text) {
    out.append('"');
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        case '<', '>', '&' -> out.append(String.format("\\u%04x", (int) c));
        default -> {
          if (c < 0x20 || c == 0x2028 || c == 0x2029) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
  }

  @Override
  public String toString() {
    return out.toString();
  }
}
