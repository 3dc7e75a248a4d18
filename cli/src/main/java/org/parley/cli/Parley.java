package org.parley.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code parley} command. {@code main} only wires; each subcommand is its own class. */
@Command(
    name = "parley",
    mixinStandardHelpOptions = true,
    versionProvider = BuildVersion.class,
    description = "MSRP sessions, relays and SIP instant messaging.",
    subcommands = {
      MsrpCommand.class,
      ChatCommand.class,
      SendFileCommand.class,
      ReceiveFilesCommand.class,
      PullFileCommand.class,
      LoadCommand.class,
      RelayCommand.class
    })
public final class Parley {
  /** Exit code of a command that did its work. */
  public static final int OK = 0;

  /** Exit code of a command whose work failed (a peer refused, a time-out, a lost connection). */
  public static final int FAILED = 1;

  /** Exit code of a command given bad input (an invalid URI, a missing file). */
  public static final int INVALID_INPUT = 2;

  public static void main(String[] args) {
    CommandLine cmd = commandLine();
    cmd.setOut(TextEncoding.writer(System.out));
    cmd.setErr(TextEncoding.writer(System.err));
    System.exit(cmd.execute(args));
  }

  /**
   * The command line with its subcommands, as tests use it. Help is 100 columns wide: the
   * descriptions are written as lines of up to 100 characters.
   */
  public static CommandLine commandLine() {
    return new CommandLine(new Parley()).setUsageHelpWidth(100);
  }
}
