package org.parley.cli;

import org.parley.sip.SipConfig;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code --as}, {@code --listen}, {@code --password} and the {@link RelayOptions} of a command that
 * calls a SIP address for one file ({@code send-file}, {@code pull-file}). A picocli mixin.
 */
final class CallerOptions {
  @Option(
      names = "--as",
      paramLabel = "SIP-URI",
      description = "This end's address of record (default: sip:parley@127.0.0.1).")
  String as;

  @Option(
      names = "--listen",
      paramLabel = "SIP-URI",
      description = "Where to listen, as a SIP URI; default: a free port.")
  String listen;

  @Option(
      names = "--password",
      paramLabel = "PASSWORD",
      description =
          "The password a receiver asks callers for (receive-files --password): its digest"
              + " challenge is answered with it (user: the --as user part).")
  String password;

  @Mixin RelayOptions relay;

  /**
   * The agent's configuration, with {@code target} checked.
   *
   * @throws IllegalArgumentException naming the option (or the target) at fault
   */
  SipConfig config(String target, long diskBudget, int window) {
    SipConfig.Builder b = FileCommands.builder(as, listen, relay, diskBudget, window);
    String host = AgentAddress.parse(target, "target").host();
    if (password != null) {
      // The realm a Parley receiver challenges with: the host it was called at.
      b.credentials(AgentAddress.of(as, listen).aor().user(), password, host);
    }
    return b.build();
  }
}
