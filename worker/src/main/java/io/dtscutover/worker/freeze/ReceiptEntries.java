package io.dtscutover.worker.freeze;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;

/**
 * Writes the privileges a freeze revokes into {@link FreezeReceipt#revokedPrivileges} entries, one
 * small JSON object each, and reads them back. Entries come back from workflow history, so they are
 * parsed into records and SQL is built from their fields with proper quoting, never executed as
 * text.
 */
final class ReceiptEntries {
  private static final ObjectMapper JSON =
      new ObjectMapper()
          .setSerializationInclusion(JsonInclude.Include.NON_NULL)
          .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true);

  private ReceiptEntries() {}

  static String write(Object entry) {
    try {
      return JSON.writeValueAsString(entry);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write receipt entry " + entry, e);
    }
  }

  static <T> List<T> read(List<String> entries, Class<T> type) {
    return entries.stream().map(entry -> read(entry, type)).toList();
  }

  private static <T> T read(String entry, Class<T> type) {
    try {
      return JSON.readValue(entry, type);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(
          "the freeze receipt holds an entry this worker cannot read as "
              + type.getSimpleName()
              + ": "
              + entry,
          e);
    }
  }
}
