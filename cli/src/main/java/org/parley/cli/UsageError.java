package org.parley.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * A command line that does not parse (a typo, a missing value): one line on stderr saying what is
 * wrong, the option meant when picocli can tell, and where the usage is, instead of the whole
 * usage; exit code {@link Parley#INVALID_INPUT}. A command run without its subcommand ({@code
 * parley}, {@code parley msrp}) gets the list of subcommands, which is what it lacks.
 *
 * <pre>
 * parley chat: unknown option: '--lisen' (did you mean --listen?); see 'parley chat --help'
 * </pre>
 */
final class UsageError implements IParameterExceptionHandler {
  @Override
  public int handleParseException(ParameterException e, String[] args) {
    CommandLine cmd = e.getCommandLine();
    PrintWriter err = cmd.getErr();
    if (!cmd.getSubcommands().isEmpty()
        && e.getMessage().startsWith("Missing required subcommand")) {
      cmd.usage(err);
      err.flush();
      return Parley.INVALID_INPUT;
    }
    err.println(line(e));
    err.flush();
    return Parley.INVALID_INPUT;
  }

  /** The one line: {@code COMMAND: what is wrong[ (did you mean X?)]; see 'COMMAND --help'}. */
  static String line(ParameterException e) {
    String name = e.getCommandLine().getCommandSpec().qualifiedName();
    StringBuilder sb = new StringBuilder(name).append(": ").append(what(e.getMessage()));
    if (e instanceof UnmatchedArgumentException) {
      List<String> meant = ((UnmatchedArgumentException) e).getSuggestions();
      if (!meant.isEmpty()) {
        sb.append(" (did you mean ").append(String.join(" or ", meant)).append("?)");
      }
    }
    return sb.append("; see '").append(name).append(" --help'").toString();
  }

  /**
   * picocli's message on one line, starting lower case ("Unknown option: '-x'" → "unknown ...").
   */
  private static String what(String message) {
    String m = TerminalText.line(message.strip());
    if (m.endsWith(".")) {
      m = m.substring(0, m.length() - 1);
    }
    return m.isEmpty() ? m : m.substring(0, 1).toLowerCase(Locale.ROOT) + m.substring(1);
  }
}
