package io.dtscutover.worker.dts;

/**
 * The credentials one SDK client signs with. {@link #toString()} never shows the secret or the
 * token.
 *
 * @param securityToken the STS token, or {@code null} for a long-lived access key
 */
record DtsCredentials(String accessKeyId, String accessKeySecret, String securityToken) {
  @Override
  public String toString() {
    return "DtsCredentials[accessKeyId="
        + accessKeyId
        + ", accessKeySecret=***, securityToken="
        + (securityToken == null ? "none" : "***")
        + "]";
  }
}
