package org.parley.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;

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
      RelayCommand.class,
      HelpCommand.class
    },
    footer = {
      "",
      "'parley help COMMAND' (or 'parley COMMAND --help') lists a command's options.",
      "Exit codes, the same for every command: 0 done; 1 failed (refused, timed out, connection"
          + " lost); 2 invalid input or usage; 130 interrupted by Ctrl-C, once the command has"
          + " wound down (the chat says BYE, the relay stops cleanly). SIGTERM stops the relay"
          + " with 0."
    })
public final class Parley {
  /** Exit code of a command that did its work. */
  public static final int OK = 0;

  /** Exit code of a command whose work failed (a peer refused, a time-out, a lost connection). */
  public static final int FAILED = 1;

  /** Exit code of a command given bad input (an invalid URI, a missing file, a usage error). */
  public static final int INVALID_INPUT = 2;

  /** Exit code of a command interrupted by Ctrl-C (SIGINT), the shell's 128 + 2, every command. */
  public static final int INTERRUPTED = 130;

  public static void main(String[] args) {
    CommandLine cmd = commandLine();
    cmd.setOut(TextEncoding.writer(System.out));
    cmd.setErr(TextEncoding.writer(System.err));
    System.exit(cmd.execute(args));
  }

  /**
   * The command line with its subcommands, as tests use it. Help is 100 columns wide: the
   * descriptions are written as lines of up to 100 characters. A command line that does not parse
   * gets one line ({@link UsageError}).
   */
  public static CommandLine commandLine() {
    return new CommandLine(new Parley())
        .setUsageHelpWidth(100)
        .setParameterExceptionHandler(new UsageError());
  }
}
