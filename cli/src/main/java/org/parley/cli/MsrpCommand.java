package org.parley.cli;

import picocli.CommandLine.Command;

/** {@code parley msrp}: talk MSRP directly, without SIP, to test peers and implementations. */
@Command(
    name = "msrp",
    mixinStandardHelpOptions = true,
    description = "Send and receive MSRP messages directly (no SIP).",
    subcommands = {MsrpListenCommand.class, MsrpSendCommand.class})
final class MsrpCommand {}
