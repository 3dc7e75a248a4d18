package org.parley.cli;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.parley.sip.Admission;
import org.parley.sip.SetupFailure;
import org.parley.sip.SipConfig;
import picocli.CommandLine.Option;

/**
 * {@code --allow} of a listening command ({@code chat}, {@code receive-files}): who may start a
 * session or send a MESSAGE; with the command's {@code --password}, the agent's {@link Admission}.
 * Also the lines that say who may, and the events of what was refused or never got going. A picocli
 * mixin.
 */
final class AccessOptions {
  @Option(
      names = "--allow",
      paramLabel = "WHO",
      description =
          "Who may start a session or send a MESSAGE: a SIP URI (sip:alice@example.com) or"
              + " @domain (anyone there), matched against From; repeatable. Others get 403."
              + " Default: anyone (open, for a lab network; --password proves more than From).")
  List<String> allow = new ArrayList<>();

  /** For tests: seconds a 2xx waits for its ACK ({@link SipConfig#ackTimeout()}). */
  @Option(names = "--ack-timeout", paramLabel = "SECONDS", hidden = true, defaultValue = "32")
  long ackTimeoutSeconds;

  /** For tests: seconds a session waits for the peer's MSRP connection. */
  @Option(names = "--media-timeout", paramLabel = "SECONDS", hidden = true, defaultValue = "30")
  long mediaTimeoutSeconds;

  /**
   * Sets the admission (these patterns, {@code password}) and the listener's timers.
   *
   * @throws IllegalArgumentException naming the option at fault
   */
  SipConfig.Builder apply(SipConfig.Builder b, String password) {
    if (ackTimeoutSeconds < 1 || mediaTimeoutSeconds < 1) {
      throw new IllegalArgumentException("--ack-timeout and --media-timeout are 1 s or more");
    }
    return b.admission(admission(password))
        .ackTimeout(Duration.ofSeconds(ackTimeoutSeconds))
        .mediaTimeout(Duration.ofSeconds(mediaTimeoutSeconds));
  }

  /**
   * The admission for these patterns and {@code password} (null: none).
   *
   * @throws IllegalArgumentException naming {@code --allow} or {@code --password}
   */
  Admission admission(String password) {
    try {
      return Admission.of(allow, password);
    } catch (IllegalArgumentException e) {
      String what = password != null && password.isEmpty() ? "--password" : "--allow";
      throw new IllegalArgumentException(what + ": " + e.getMessage());
    }
  }

  /** The {@code listening} event's fields about who may start a session. */
  static Json listening(Json event, Admission a) {
    return event
        .put("open", a.open())
        .put("allow", a.allow().isEmpty() ? "anyone" : String.join(" ", a.allow()))
        .put("password", a.password() != null);
  }

  /** The same in words, for the plain {@code listening} line. */
  static String describe(Admission a) {
    if (a.open()) {
      return "open: anyone may start a session (--allow and --password restrict it)";
    }
    String who = a.allow().isEmpty() ? "anyone" : "only " + String.join(", ", a.allow());
    return who
        + " may start a session"
        + (a.password() == null ? "" : ", with the password (digest)");
  }

  /** The event of a set-up that never got going: the listener waits on. */
  static Json setupFailed(SetupFailure f) {
    return failure("setup_failed", f);
  }

  static String setupFailedLine(SetupFailure f) {
    return "* a session from " + f.from() + " never got going (" + f.reason() + "); still waiting";
  }

  /** The event of an INVITE or MESSAGE the agent refused itself (403, 488, 503). */
  static Json refused(SetupFailure f) {
    return failure("refused", f);
  }

  static String refusedLine(SetupFailure f) {
    return "* refused " + f.from() + " with " + f.status() + " (" + f.reason() + ")";
  }

  private static Json failure(String event, SetupFailure f) {
    return Json.event(event)
        .put("from", f.from())
        .put("call_id", f.callId())
        .put("status", f.status())
        .put("reason", f.reason());
  }
}
