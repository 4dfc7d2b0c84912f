package io.dtscutover.simulator;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Checks Alibaba Cloud request signatures the way the DTS endpoint does: {@code ACS3-HMAC-SHA256}
 * in the {@code Authorization} header (the SDK's default), or the classic RPC {@code HMAC-SHA1}
 * {@code Signature} query parameter. A request passes only when it was signed with the secret the
 * scenario configured for its access key id.
 */
final class SignatureVerifier {
  private static final String ACS3 = "ACS3-HMAC-SHA256";

  /** The verdict on one request. */
  sealed interface Result permits Accepted, Rejection {}

  /** Signed with the configured secret of {@code accessKeyId}. */
  record Accepted(String accessKeyId) implements Result {}

  /** Why a request was refused: an Alibaba error code and message. */
  record Rejection(String code, String message) implements Result {}

  /** The request as the verifier needs it. Header names are lower case. */
  record SignedRequest(
      String method, String path, String rawQuery, Map<String, String> headers, byte[] body) {}

  private final Map<String, String> secrets;

  SignatureVerifier(Map<String, String> secrets) {
    this.secrets = Map.copyOf(secrets);
  }

  /** Accepts {@code request} with the access key that signed it, or says why not. */
  Result verify(SignedRequest request) {
    String authorization = request.headers().get("authorization");
    if (authorization != null && authorization.startsWith(ACS3 + " ")) {
      return verifyAcs3(request, authorization.substring(ACS3.length() + 1));
    }
    Map<String, String> query = parseQuery(request.rawQuery());
    if (query.containsKey("Signature")) {
      return verifyRpc(request, query);
    }
    return new Rejection(
        "MissingAuthorization", "The request is not signed: no ACS3-HMAC-SHA256 Authorization.");
  }

  private Result verifyAcs3(SignedRequest request, String fields) {
    Map<String, String> parts = new TreeMap<>();
    for (String part : fields.split(",")) {
      int eq = part.indexOf('=');
      if (eq > 0) {
        parts.put(part.substring(0, eq).trim(), part.substring(eq + 1).trim());
      }
    }
    String accessKeyId = parts.get("Credential");
    String signedHeaders = parts.get("SignedHeaders");
    String signature = parts.get("Signature");
    if (accessKeyId == null || signedHeaders == null || signature == null) {
      return new Rejection(
          "IncompleteSignature", "Authorization needs Credential, SignedHeaders and Signature.");
    }
    String secret = secrets.get(accessKeyId);
    if (secret == null) {
      return new Rejection(
          "InvalidAccessKeyId.NotFound", "Specified access key is not found: " + accessKeyId);
    }
    String bodyHash = hex(sha256(request.body()));
    String declaredHash = request.headers().get("x-acs-content-sha256");
    if (declaredHash != null && !declaredHash.equalsIgnoreCase(bodyHash)) {
      return new Rejection("IncompleteSignature", "x-acs-content-sha256 does not match the body.");
    }
    List<String> names = List.of(signedHeaders.split(";"));
    if (!names.contains("host") || !names.contains("x-acs-action")) {
      return new Rejection("IncompleteSignature", "host and x-acs-action must be signed.");
    }
    StringBuilder canonicalHeaders = new StringBuilder();
    for (String name : names) {
      String value = request.headers().get(name);
      canonicalHeaders
          .append(name)
          .append(':')
          .append(value == null ? "" : value.trim())
          .append('\n');
    }
    String canonicalRequest =
        request.method()
            + "\n"
            + request.path()
            + "\n"
            + canonicalQuery(parseQuery(request.rawQuery()))
            + "\n"
            + canonicalHeaders
            + "\n"
            + signedHeaders
            + "\n"
            + (declaredHash != null ? declaredHash : bodyHash);
    String stringToSign =
        ACS3 + "\n" + hex(sha256(canonicalRequest.getBytes(StandardCharsets.UTF_8)));
    String expected = hex(hmac("HmacSHA256", secret, stringToSign));
    if (!MessageDigest.isEqual(
        expected.getBytes(StandardCharsets.US_ASCII),
        signature.toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII))) {
      return new Rejection(
          "SignatureDoesNotMatch",
          "The request signature does not conform to Aliyun standards. Server string to sign is:"
              + stringToSign.replace('\n', ' '));
    }
    return new Accepted(accessKeyId);
  }

  private Result verifyRpc(SignedRequest request, Map<String, String> query) {
    String accessKeyId = query.get("AccessKeyId");
    String secret = accessKeyId == null ? null : secrets.get(accessKeyId);
    if (secret == null) {
      return new Rejection(
          "InvalidAccessKeyId.NotFound", "Specified access key is not found: " + accessKeyId);
    }
    Map<String, String> signed = new TreeMap<>(query);
    String signature = signed.remove("Signature");
    String stringToSign =
        request.method() + "&" + encode("/") + "&" + encode(canonicalQuery(signed));
    String expected =
        Base64.getEncoder().encodeToString(hmac("HmacSHA1", secret + "&", stringToSign));
    if (!MessageDigest.isEqual(
        expected.getBytes(StandardCharsets.US_ASCII),
        signature.getBytes(StandardCharsets.US_ASCII))) {
      return new Rejection(
          "SignatureDoesNotMatch",
          "Specified signature is not matched with our calculation. Server string to sign is:"
              + stringToSign);
    }
    return new Accepted(accessKeyId);
  }

  /** Decodes a raw query string into sorted parameters. */
  static Map<String, String> parseQuery(String rawQuery) {
    Map<String, String> params = new TreeMap<>();
    if (rawQuery == null || rawQuery.isEmpty()) {
      return params;
    }
    for (String pair : rawQuery.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String key = eq < 0 ? pair : pair.substring(0, eq);
      String value = eq < 0 ? "" : pair.substring(eq + 1);
      params.put(decode(key), decode(value));
    }
    return params;
  }

  private static String canonicalQuery(Map<String, String> params) {
    List<String> pairs = new ArrayList<>();
    new TreeMap<>(params).forEach((key, value) -> pairs.add(encode(key) + "=" + encode(value)));
    return String.join("&", pairs);
  }

  private static String decode(String value) {
    return URLDecoder.decode(value.replace("+", "%2B"), StandardCharsets.UTF_8);
  }

  /** RFC 3986 percent-encoding as Alibaba Cloud signs: space %20, '*' %2A, '~' kept. */
  static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8)
        .replace("+", "%20")
        .replace("*", "%2A")
        .replace("%7E", "~");
  }

  private static byte[] sha256(byte[] data) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(data);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK always has SHA-256", e);
    }
  }

  private static byte[] hmac(String algorithm, String key, String data) {
    try {
      Mac mac = Mac.getInstance(algorithm);
      mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), algorithm));
      return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK always has " + algorithm, e);
    }
  }

  private static String hex(byte[] bytes) {
    return HexFormat.of().formatHex(bytes);
  }
}
