package org.parley.cli;

import org.parley.sip.SipConfig;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code --as}, {@code --listen} and the {@link RelayOptions} of a command that calls a SIP address
 * for one file ({@code send-file}, {@code pull-file}). A picocli mixin.
 */
final class CallerOptions {
  @Option(
      names = "--as",
      description = "This end's address of record (default: sip:parley@127.0.0.1).")
  String as;

  @Option(names = "--listen", description = "Where to listen, as a SIP URI; default: a free port.")
  String listen;

  @Mixin RelayOptions relay;

  /**
   * The agent's configuration, with {@code target} checked.
   *
   * @throws IllegalArgumentException naming the option (or the target) at fault
   */
  SipConfig config(String target, long diskBudget, int window) {
    SipConfig config = FileCommands.config(as, listen, relay, diskBudget, window);
    AgentAddress.parse(target, "target");
    return config;
  }
}
