package org.parley.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The commands as one command line (issue 16 item 8): one option name per meaning with the old
 * names kept hidden, placeholders that say what to type, {@code parley help COMMAND}, one line for
 * a usage error, summaries listed whole, examples that paste into a shell.
 */
@Timeout(value = 1, unit = TimeUnit.MINUTES)
class CommandLineConsistencyTest {
  /** What a run printed and returned. */
  private record Run(int code, String out, String err) {}

  private static Run run(String... args) {
    CommandLine cmd = Parley.commandLine();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cmd.setOut(new PrintWriter(out, true));
    cmd.setErr(new PrintWriter(err, true));
    int code = cmd.execute(args);
    return new Run(code, out.toString(), err.toString());
  }

  /** Every command of {@code parley}, itself included, depth first. */
  private static List<CommandLine> commands() {
    List<CommandLine> all = new ArrayList<>();
    collect(Parley.commandLine(), all);
    return all;
  }

  private static void collect(CommandLine c, List<CommandLine> all) {
    all.add(c);
    for (CommandLine sub : c.getSubcommands().values()) {
      if (!all.contains(sub)) {
        collect(sub, all);
      }
    }
  }

  private static String usage(CommandLine c) {
    StringWriter w = new StringWriter();
    c.usage(new PrintWriter(w, true));
    return w.toString();
  }

  /** The visible option names of {@code c}. */
  private static Set<String> visibleNames(CommandLine c) {
    Set<String> names = new TreeSet<>();
    for (OptionSpec o : c.getCommandSpec().options()) {
      if (!o.hidden()) {
        names.addAll(List.of(o.names()));
      }
    }
    return names;
  }

  @Test
  void everyValueSaysWhatToType() {
    List<String> vague = new ArrayList<>();
    for (CommandLine c : commands()) {
      CommandSpec spec = c.getCommandSpec();
      List<ArgSpec> args = new ArrayList<>(spec.options());
      args.addAll(spec.positionalParameters());
      for (ArgSpec a : args) {
        boolean takesValue = a.arity().max() > 0 && !a.typeInfo().isBoolean();
        if (takesValue && a.paramLabel().startsWith("<")) {
          vague.add(spec.qualifiedName() + " " + a.paramLabel());
        }
      }
    }
    assertThat(vague).isEmpty();
    assertThat(usage(Parley.commandLine().getSubcommands().get("chat")))
        .contains("[--as=SIP-URI]")
        .contains("[SIP-URI]")
        .doesNotContain("<");
  }

  @Test
  void oneNamePerMeaningAndTheOldNamesStillWork() throws Exception {
    for (CommandLine c : commands()) {
      Set<String> names = visibleNames(c);
      String name = c.getCommandSpec().qualifiedName();
      assertThat(names).as(name).doesNotContain("--auth", "--auth-b", "--save-dir");
      if (!name.equals("parley msrp send")) { // there, the peer's certificate, whoever it is
        assertThat(names).as(name).doesNotContain("--fingerprint");
      }
    }
    CommandLine parley = Parley.commandLine();
    for (String relayed : List.of("chat", "send-file", "pull-file", "receive-files", "load")) {
      assertThat(visibleNames(parley.getSubcommands().get(relayed)))
          .as(relayed)
          .contains("--relay", "--relay-auth");
    }
    for (String files : List.of("chat", "pull-file", "receive-files")) {
      assertThat(visibleNames(parley.getSubcommands().get(files))).as(files).contains("--dir");
    }
    assertThat(visibleNames(parley.getSubcommands().get("msrp").getSubcommands().get("listen")))
        .contains("--dir");

    // The old names, which scripts use, set what the new ones set.
    CommandLine.ParseResult load =
        Parley.commandLine()
            .parseArgs("load", "--auth", "a:1", "--auth-b", "b:2", "--fingerprint", "sha-256 AB");
    LoadCommand l = (LoadCommand) load.subcommand().commandSpec().userObject();
    assertThat(l.relayAuth).isEqualTo("a:1");
    assertThat(l.relayAuthB).isEqualTo("b:2");
    assertThat(l.relayFingerprint).isEqualTo("sha-256 AB");
    CommandLine.ParseResult listen =
        Parley.commandLine().parseArgs("msrp", "listen", "--uri", "u", "--save-dir", "/tmp/x");
    MsrpListenCommand m =
        (MsrpListenCommand) listen.subcommand().subcommand().commandSpec().userObject();
    assertThat(m.saveDir).isEqualTo(Path.of("/tmp/x"));
  }

  @Test
  void helpCommandShowsACommandsUsage() {
    Run chat = run("help", "chat");
    assertThat(chat.code()).isEqualTo(Parley.OK);
    assertThat(chat.out()).startsWith("Usage: parley chat ").contains("--relay-auth=USER:PASSWORD");
    assertThat(run("msrp", "help", "listen").out()).startsWith("Usage: parley msrp listen ");
    assertThat(run("relay", "help", "passwd").out()).startsWith("Usage: parley relay passwd ");
    assertThat(run("--help").out()).contains("parley help COMMAND");
  }

  @Test
  void aUsageErrorIsOneLineThatSaysWhereTheHelpIs() {
    Run typo = run("chat", "--lisen", "sip:bob@127.0.0.1");
    assertThat(typo.code()).isEqualTo(Parley.INVALID_INPUT);
    assertThat(typo.out()).isEmpty();
    assertThat(typo.err().lines())
        .containsExactly(
            "parley chat: unknown option: '--lisen' (did you mean --listen?);"
                + " see 'parley chat --help'");

    Run missing = run("pull-file");
    assertThat(missing.code()).isEqualTo(Parley.INVALID_INPUT);
    assertThat(missing.err().lines())
        .singleElement()
        .asString()
        .startsWith("parley pull-file: missing required parameter")
        .contains("'SIP-URI'", "'NAME'")
        .endsWith("; see 'parley pull-file --help'");

    Run noValue = run("msrp", "send", "--text", "hi", "--to");
    assertThat(noValue.code()).isEqualTo(Parley.INVALID_INPUT);
    assertThat(noValue.err().lines())
        .singleElement()
        .asString()
        .startsWith("parley msrp send: ")
        .contains("--to")
        .endsWith("; see 'parley msrp send --help'");

    // A command run without its subcommand gets the list of them.
    Run bare = run();
    assertThat(bare.code()).isEqualTo(Parley.INVALID_INPUT);
    assertThat(bare.err()).contains("Commands:").contains("pull-file");
  }

  @Test
  void everySummaryIsOneWholeSentenceInItsParentsList() {
    for (CommandLine c : commands()) {
      String listing = usage(c);
      for (CommandLine sub : c.getSubcommands().values()) {
        CommandSpec spec = sub.getCommandSpec();
        String[] header = spec.usageMessage().header();
        String summary = header.length > 0 ? header[0] : spec.usageMessage().description()[0];
        assertThat(summary).as(spec.qualifiedName()).endsWith(".");
        assertThat(summary.length()).as(spec.qualifiedName()).isLessThanOrEqualTo(80);
        assertThat(listing.lines().filter(l -> l.contains(summary)))
            .as(spec.qualifiedName() + " in\n" + listing)
            .hasSize(1);
      }
    }
  }

  @Test
  void urisWithParametersAreQuotedSoThatTheyPasteIntoAShell() {
    Pattern uri = Pattern.compile("(msrps?|sips?):[^\\s']*;[^\\s']*'?");
    List<String> bare = new ArrayList<>();
    for (CommandLine c : commands()) {
      String text = usage(c);
      Matcher m = uri.matcher(text);
      while (m.find()) {
        boolean quoted =
            m.start() > 0 && text.charAt(m.start() - 1) == '\'' && m.group().endsWith("'");
        if (!quoted) { // unquoted, or cut by the end of a help line
          bare.add(c.getCommandSpec().qualifiedName() + ": " + m.group());
        }
      }
    }
    assertThat(bare).isEmpty();
  }
}
