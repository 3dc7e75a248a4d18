package org.parley.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;

/** {@code parley msrp}: talk MSRP directly, without SIP, to test peers and implementations. */
@Command(
    name = "msrp",
    mixinStandardHelpOptions = true,
    description = "Send and receive MSRP messages directly (no SIP).",
    subcommands = {MsrpListenCommand.class, MsrpSendCommand.class, HelpCommand.class})
final class MsrpCommand {}
