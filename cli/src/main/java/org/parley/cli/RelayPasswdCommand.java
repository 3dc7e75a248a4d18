package org.parley.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.parley.relay.RelayFiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code parley relay passwd USER}: gives a relay account a new random password (made when it is
 * new), in the users file a relay re-reads when it changes, and prints the password once.
 */
@Command(
    name = "passwd",
    mixinStandardHelpOptions = true,
    description = {
      "Set a new random password for a relay account and print it once.",
      "USER is added to the relay's users file when new; a running relay takes the change within",
      "seconds. Output: one JSON line.",
      "  parley relay passwd demo"
    },
    footer = {"", "Exit codes: 0 done, 1 the file could not be written, 2 invalid input."})
final class RelayPasswdCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "USER", description = "The account.")
  String user;

  @Option(
      names = "--users",
      paramLabel = "FILE",
      description = "The users file (default: DATA-DIR/users.htdigest).")
  Path users;

  @Option(
      names = "--data-dir",
      paramLabel = "DIR",
      description = "The relay's data directory (default: ./parley-data).")
  Path dataDir;

  @Option(
      names = "--realm",
      paramLabel = "REALM",
      description = "The account's realm (default: the realm of the file's first account).")
  String realm;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    Path file =
        users != null
            ? users
            : (dataDir != null ? dataDir : RelayCommand.DEFAULT_DATA_DIR).resolve(RelayFiles.USERS);
    try {
      String[] set = RelayFiles.resetPassword(file, user, realm);
      out.println(
          Json.event("password")
              .put("username", user)
              .put("password", set[1])
              .put("realm", set[0])
              .put("users", file.toString())
              .put("note", "the password is shown this once"));
      out.flush();
      return Parley.OK;
    } catch (IllegalArgumentException e) {
      out.println(Json.event("error").put("error", e.getMessage()));
      out.flush();
      return Parley.INVALID_INPUT;
    } catch (IOException e) {
      out.println(Json.event("error").put("error", file + ": " + e.getMessage()));
      out.flush();
      return Parley.FAILED;
    }
  }
}
