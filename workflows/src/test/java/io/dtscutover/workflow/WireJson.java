package io.dtscutover.workflow;

import com.google.protobuf.ByteString;
import io.temporal.api.common.v1.Payload;
import io.temporal.common.converter.DefaultDataConverter;
import io.temporal.common.converter.EncodingKeys;
import io.temporal.common.converter.RawValue;
import java.nio.charset.StandardCharsets;

/**
 * JSON as any Temporal client sends it ({@code temporal workflow start --input '{...}'}): a {@code
 * json/plain} payload made from a string, and the string a payload holds. Tests use it to speak the
 * contract without our records.
 */
final class WireJson {
  private WireJson() {}

  /** A payload holding {@code json} exactly. */
  static RawValue of(String json) {
    return new RawValue(
        Payload.newBuilder()
            .putMetadata(EncodingKeys.METADATA_ENCODING_KEY, ByteString.copyFromUtf8("json/plain"))
            .setData(ByteString.copyFromUtf8(json))
            .build());
  }

  /** The JSON text of {@code value}. */
  static String text(RawValue value) {
    return value.getPayload().getData().toString(StandardCharsets.UTF_8);
  }

  /** {@code value} as the default data converter (worker, CLI, any Java client) writes it. */
  static String write(Object value) {
    return DefaultDataConverter.STANDARD_INSTANCE
        .toPayload(value)
        .orElseThrow()
        .getData()
        .toString(StandardCharsets.UTF_8);
  }

  /** {@code json} as the default data converter reads it into {@code type}. */
  static <T> T read(String json, Class<T> type) {
    return DefaultDataConverter.STANDARD_INSTANCE.fromPayload(of(json).getPayload(), type, type);
  }
}
