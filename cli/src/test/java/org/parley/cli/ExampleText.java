package org.parley.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.parley.relay.RelayConfig;

/**
 * A README command made ready to run beside other tests, changed only where a person would have to
 * change it or where the machine is shared: each fixed port on 127.0.0.1 becomes a free one (the
 * same README port always the same free port; {@code ./parley relay}, which listens on its default
 * {@link RelayConfig#DEFAULT_LISTEN}, is given that default's free port with {@code --listen}),
 * {@code /tmp/} is a directory of the test's own, and the placeholders the README asks the reader
 * to fill in ({@code PASSWORD}, {@code 'sha-256 …'}) get what the relay or listener printed.
 */
final class ExampleText {
  private static final Pattern ADDRESS = Pattern.compile("127\\.0\\.0\\.1:([1-9][0-9]*)");
  private static final Pattern TMP = Pattern.compile("(?<=[\\s'\"=])/tmp/");
  private static final Pattern FINGERPRINT =
      Pattern.compile("(--[a-z-]*fingerprint) '(sha-256 [^']*…)'");
  private static final Pattern PASSWORD = Pattern.compile("\\bPASSWORD\\b");

  private final Path tmp;
  private final Map<Integer, Integer> ports = new HashMap<>();
  private String relayPassword;
  private String relayFingerprint;
  private String listenerFingerprint;

  ExampleText(Path tmp) {
    this.tmp = tmp;
  }

  /** The demo account's password, from the relay's {@code demo-account} line. */
  /** Whether a relay printed its demo account's password yet. */
  boolean hasRelayPassword() {
    return relayPassword != null;
  }

  void relayPassword(String password) {
    relayPassword = password;
  }

  /** The relay's certificate fingerprint, for {@code --relay-fingerprint}. */
  void relayFingerprint(String fingerprint) {
    relayFingerprint = fingerprint;
  }

  /** A TLS listener's certificate fingerprint, for {@code --fingerprint}. */
  void listenerFingerprint(String fingerprint) {
    listenerFingerprint = fingerprint;
  }

  /**
   * Forgets the free ports chosen for the README ports of {@code line}, so that the next {@link
   * #substitute} picks others: for a daemon that found one of them taken by another program between
   * the choice and its start.
   */
  void forgetPorts(String line, ExampleKind kind) {
    String s = withDefaultListen(line, kind);
    Matcher m = ADDRESS.matcher(s);
    while (m.find()) {
      ports.remove(Integer.parseInt(m.group(1)));
    }
  }

  private static String withDefaultListen(String line, ExampleKind kind) {
    if (kind == ExampleKind.RELAY && !line.contains("--listen")) {
      return line.replaceFirst(
          "^\\./parley relay", "./parley relay --listen '" + RelayConfig.DEFAULT_LISTEN + "'");
    }
    return line;
  }

  /** {@code line} as it is run. */
  String substitute(String line, ExampleKind kind) throws IOException {
    String s = ports(withDefaultListen(line, kind));
    s = TMP.matcher(s).replaceAll(Matcher.quoteReplacement(tmp + "/"));
    s = fingerprints(s);
    if (PASSWORD.matcher(s).find()) {
      s =
          PASSWORD
              .matcher(s)
              .replaceAll(Matcher.quoteReplacement(known("the demo password", relayPassword)));
    }
    if (s.contains("…")) {
      throw new AssertionError("a placeholder the test does not know how to fill in: " + line);
    }
    return s;
  }

  /** The addresses on 127.0.0.1 that {@code command} names. */
  static Set<String> addresses(String command) {
    Set<String> a = new LinkedHashSet<>();
    Matcher m = ADDRESS.matcher(command);
    while (m.find()) {
      a.add(m.group());
    }
    return a;
  }

  private String ports(String s) throws IOException {
    Matcher m = ADDRESS.matcher(s);
    StringBuilder b = new StringBuilder();
    while (m.find()) {
      int readme = Integer.parseInt(m.group(1));
      Integer free = ports.get(readme);
      while (free == null || (!ports.containsKey(readme) && ports.containsValue(free))) {
        free = ChatCommandTest.freePort();
      }
      ports.put(readme, free);
      m.appendReplacement(b, "127.0.0.1:" + free);
    }
    m.appendTail(b);
    return b.toString();
  }

  private String fingerprints(String s) {
    Matcher m = FINGERPRINT.matcher(s);
    StringBuilder b = new StringBuilder();
    while (m.find()) {
      String fingerprint =
          m.group(1).equals("--relay-fingerprint")
              ? known("the relay's fingerprint", relayFingerprint)
              : known("the listener's fingerprint", listenerFingerprint);
      m.appendReplacement(b, Matcher.quoteReplacement(m.group(1) + " '" + fingerprint + "'"));
    }
    m.appendTail(b);
    return b.toString();
  }

  private static String known(String what, String value) {
    if (value == null) {
      throw new AssertionError(what + " is asked for before anything printed it");
    }
    return value;
  }
}
