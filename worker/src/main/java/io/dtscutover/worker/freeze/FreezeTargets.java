package io.dtscutover.worker.freeze;

import io.dtscutover.freeze.FreezeFailures;
import io.temporal.failure.ApplicationFailure;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Pattern;

/**
 * The freeze targets this worker knows, read from its own configuration so that a cutover request
 * only ever carries a target's name.
 *
 * <p>For a target named {@code orders-db} the settings are the environment variables {@code
 * CUTOVER_TARGET_ORDERS_DB_<SETTING>} (name upper-cased, {@code -} and {@code .} turned into {@code
 * _}):
 *
 * <ul>
 *   <li>{@code JDBC_URL} (required): {@code jdbc:mariadb://}, {@code jdbc:mysql://} or {@code
 *       jdbc:postgresql://}, without a password; TLS options go here ({@code sslMode=verify-full}
 *       or {@code sslmode=verify-full}) and are verified by the driver;
 *   <li>{@code USER} and {@code PASSWORD} or {@code PASSWORD_FILE} (required): the account that
 *       applies the freeze;
 *   <li>{@code APP_ACCOUNTS}: comma-separated application accounts (MySQL user names, every host)
 *       or roles (PostgreSQL), required by every strategy but {@code mysql-read-only};
 *   <li>{@code PROBE_USER} and {@code PROBE_PASSWORD} or {@code PROBE_PASSWORD_FILE} (optional): an
 *       application account the freeze logs in as to prove that a write fails;
 *   <li>{@code SCHEMAS} (optional, {@code pg-revoke}): the migrated schemas, comma-separated.
 * </ul>
 *
 * A properties file named by {@code CUTOVER_TARGETS_FILE} may hold the same keys; an environment
 * variable wins over the file. Password files are read at each use, so a rotated password is picked
 * up without a restart.
 */
final class FreezeTargets {
  static final String FILE_VARIABLE = "CUTOVER_TARGETS_FILE";
  static final String JDBC_URL = "JDBC_URL";
  static final String USER = "USER";
  static final String PASSWORD = "PASSWORD";
  static final String PASSWORD_FILE = "PASSWORD_FILE";
  static final String APP_ACCOUNTS = "APP_ACCOUNTS";
  static final String PROBE_USER = "PROBE_USER";
  static final String PROBE_PASSWORD = "PROBE_PASSWORD";
  static final String PROBE_PASSWORD_FILE = "PROBE_PASSWORD_FILE";
  static final String SCHEMAS = "SCHEMAS";

  private static final Pattern TARGET_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.@+-]{0,127}");
  private static final Pattern PASSWORD_IN_URL =
      Pattern.compile("(?i)[?&;:]password=|//[^/@]*:[^/@]*@");
  // TLS that does not check the server's certificate: pgjdbc's sslmode allow/prefer/require,
  // MariaDB Connector/J's sslMode=trust and the older trustServerCertificate.
  private static final Pattern UNVERIFIED_TLS =
      Pattern.compile(
          "(?i)[?&;]ssl_?mode=(allow|prefer|require|trust)\\b|trustServerCertificate=true");

  private final Map<String, String> settings;

  private FreezeTargets(Map<String, String> settings) {
    this.settings = Map.copyOf(settings);
  }

  /**
   * Reads the targets from {@code env}, and from the file {@code CUTOVER_TARGETS_FILE} names when
   * it is set.
   *
   * @throws IllegalArgumentException when that file cannot be read, naming it
   */
  static FreezeTargets fromEnvironment(Map<String, String> env) {
    Map<String, String> settings = new HashMap<>();
    String file = env.get(FILE_VARIABLE);
    if (file != null && !file.isBlank()) {
      Properties properties = new Properties();
      try (Reader reader = Files.newBufferedReader(Path.of(file), StandardCharsets.UTF_8)) {
        properties.load(reader);
      } catch (IOException | RuntimeException e) {
        throw new IllegalArgumentException(
            "cannot read the freeze targets file "
                + file
                + " named by "
                + FILE_VARIABLE
                + ": "
                + e.getMessage()
                + "; fix the path or unset "
                + FILE_VARIABLE,
            e);
      }
      properties
          .stringPropertyNames()
          .forEach(key -> settings.put(key, properties.getProperty(key)));
    }
    env.forEach(
        (key, value) -> {
          if (key.startsWith("CUTOVER_TARGET_")) {
            settings.put(key, value);
          }
        });
    return new FreezeTargets(settings);
  }

  /** The variable that holds {@code setting} for target {@code name}. */
  static String variable(String name, String setting) {
    return "CUTOVER_TARGET_"
        + name.toUpperCase(Locale.ROOT).replace('-', '_').replace('.', '_')
        + "_"
        + setting;
  }

  /**
   * The target called {@code name}.
   *
   * @throws ApplicationFailure non-retryable, {@link FreezeFailures#TARGET_UNKNOWN} when nothing is
   *     configured under that name, {@link FreezeFailures#CONFIGURATION} when a setting is missing
   *     or wrong; the message names the variable to set
   */
  FreezeTarget resolve(String name) {
    if (name == null || !TARGET_NAME.matcher(name).matches()) {
      throw ApplicationFailure.newNonRetryableFailure(
          "a freeze target name like orders-db is required (got " + name + ")",
          FreezeFailures.TARGET_UNKNOWN);
    }
    String url = get(name, JDBC_URL);
    if (url == null) {
      throw ApplicationFailure.newNonRetryableFailure(
          "freeze target '"
              + name
              + "' is not configured on this worker: set "
              + variable(name, JDBC_URL)
              + ", "
              + variable(name, USER)
              + " and "
              + variable(name, PASSWORD)
              + " (or "
              + variable(name, PASSWORD_FILE)
              + ") in the worker's environment or in "
              + FILE_VARIABLE,
          FreezeFailures.TARGET_UNKNOWN);
    }
    DatabaseKind kind =
        DatabaseKind.of(url)
            .orElseThrow(
                () ->
                    configuration(
                        variable(name, JDBC_URL)
                            + " must start with jdbc:mariadb://, jdbc:mysql:// or"
                            + " jdbc:postgresql://"));
    if (PASSWORD_IN_URL.matcher(url).find()) {
      throw configuration(
          variable(name, JDBC_URL)
              + " must not carry a password: move it to "
              + variable(name, PASSWORD)
              + " or "
              + variable(name, PASSWORD_FILE));
    }
    if (UNVERIFIED_TLS.matcher(url).find()) {
      throw configuration(
          variable(name, JDBC_URL)
              + " asks for TLS without verifying the server's certificate: use"
              + " sslMode=verify-full (MariaDB/MySQL) or sslmode=verify-full (PostgreSQL), with"
              + " the CA in the driver's trust settings");
    }
    String user = required(name, USER);
    List<String> appAccounts = list(get(name, APP_ACCOUNTS));
    if (appAccounts.contains(user)) {
      throw configuration(
          "the freeze account '"
              + user
              + "' of target '"
              + name
              + "' is also listed as an application account in "
              + variable(name, APP_ACCOUNTS)
              + ": the freeze would lock itself out; use a separate account for "
              + variable(name, USER));
    }
    Secret password = password(name, PASSWORD, PASSWORD_FILE);
    String probeUser = get(name, PROBE_USER);
    Secret probePassword = null;
    if (probeUser != null) {
      probePassword = password(name, PROBE_PASSWORD, PROBE_PASSWORD_FILE);
    }
    return new FreezeTarget(
        name,
        kind,
        url,
        user,
        password,
        appAccounts,
        probeUser,
        probePassword,
        list(get(name, SCHEMAS)));
  }

  private String get(String name, String setting) {
    String value = settings.get(variable(name, setting));
    return value == null || value.isBlank() ? null : value.trim();
  }

  private String required(String name, String setting) {
    String value = get(name, setting);
    if (value == null) {
      throw configuration(
          "freeze target '" + name + "' has no " + setting + ": set " + variable(name, setting));
    }
    return value;
  }

  private Secret password(String name, String inline, String fileSetting) {
    String value = settings.get(variable(name, inline));
    String file = get(name, fileSetting);
    if (value != null && !value.isEmpty() && file != null) {
      throw configuration(
          "set only one of "
              + variable(name, inline)
              + " and "
              + variable(name, fileSetting)
              + " for freeze target '"
              + name
              + "'");
    }
    if (file != null) {
      try {
        String content = Files.readString(Path.of(file), StandardCharsets.UTF_8);
        return new Secret(content.replaceFirst("\\r?\\n$", ""));
      } catch (IOException | RuntimeException e) {
        throw configuration(
            "cannot read the password file "
                + file
                + " named by "
                + variable(name, fileSetting)
                + " ("
                + e.getClass().getSimpleName()
                + "): fix the path or its permissions");
      }
    }
    if (value == null) {
      throw configuration(
          "freeze target '"
              + name
              + "' has no password: set "
              + variable(name, inline)
              + " or "
              + variable(name, fileSetting));
    }
    return new Secret(value);
  }

  private static List<String> list(String value) {
    if (value == null) {
      return List.of();
    }
    return Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
  }

  private static ApplicationFailure configuration(String message) {
    return ApplicationFailure.newNonRetryableFailure(message, FreezeFailures.CONFIGURATION);
  }
}
