package org.parley.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import org.parley.sip.SipConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code parley chat}: a chat by SIP address. With a target it invites (or, with {@code --pager},
 * sends MESSAGEs); with {@code --listen} and no target it waits for one invitation (or takes
 * MESSAGEs and answers the last sender). In a terminal it is interactive ({@link TerminalChat}:
 * conversation, typing state, delivery marks, {@code /file}; pager mode too); otherwise, or with
 * {@code --json} or {@code --plain}, lines from stdin are messages and what happens goes to stdout
 * ({@link LineChat}), until the end of stdin (BYE), Ctrl-C (BYE, exit 130) or the peer hangs up.
 * The options and the agent's configuration are here and in {@link ChatConfig}; the session is run
 * by {@link ChatRun}.
 */
@Command(
    name = "chat",
    resourceBundle = "org.parley.cli.ChatHelp",
    mixinStandardHelpOptions = true,
    description = {
      "Chat by SIP address: full screen on a terminal, a line per message in scripts.",
      "  parley chat sip:bob@127.0.0.1:5062 --as sip:alice@127.0.0.1",
      "  parley chat --listen sip:bob@127.0.0.1:5062        (waits for one session)",
      "A listener ends after one session that ran (a message crossed it, or this end hung up);"
          + " a set-up that never got going (no ACK, no MSRP connection, CANCEL, BYE before the"
          + " first message, an offer refused) is reported ('setup_failed') and it waits on."
          + " It is open to anyone by default: --allow and --password restrict who may call.",
      "Sessions are MSRP by default (--mode sip-message: the 2001 MESSAGE form), through an"
          + " MSRP relay with --relay MSRP-URI --relay-auth USER:PASSWORD; --pager sends SIP"
          + " MESSAGEs without a session. In a terminal the chat is interactive, pager mode too"
          + " (/help or F1 lists its commands; /quit exits 0, Ctrl-C 130); --plain or --json keep"
          + " the line mode: each line of stdin is a message, each message received a line."
    })
final class ChatCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(
      index = "0",
      arity = "0..1",
      paramLabel = "SIP-URI",
      description = "Who to chat with, e.g. sip:bob@127.0.0.1:5062.")
  String target;

  @Option(
      names = "--as",
      paramLabel = "SIP-URI",
      description =
          "This end's address of record, in From (default: the --listen URI, which peers can"
              + " answer to without a proxy; else sip:parley@127.0.0.1).")
  String as;

  @Option(
      names = "--listen",
      paramLabel = "SIP-URI",
      description = "Where to listen, as a SIP URI (host and port are used); default: a free port.")
  String listen;

  @Option(
      names = "--proxy",
      paramLabel = "SIP-URI",
      description = "Outbound proxy, e.g. sip:127.0.0.1:5060.")
  String proxy;

  @Option(
      names = "--password",
      paramLabel = "PASSWORD",
      description =
          "Digest password (RFC 3261 §22; user: the --as user part). With --proxy or --register,"
              + " this end's account password there. Without (a direct chat), a shared secret:"
              + " this end answers the peer's challenges with it, and incoming INVITE and MESSAGE"
              + " must prove it (401 challenge, qop=auth; any user name).")
  String password;

  @Mixin AccessOptions access;

  @Option(names = "--register", description = "Register with the --as domain first.")
  boolean register;

  @Mixin RelayOptions relay;

  @Option(
      names = "--pager",
      description = "Pager mode: SIP MESSAGE, no session (interactive too on a terminal).")
  boolean pager;

  @Option(
      names = "--mode",
      paramLabel = "MODE",
      defaultValue = "msrp",
      description = "Session mode: msrp or sip-message (the 2001 form).")
  String mode;

  @Option(
      names = "--transport",
      paramLabel = "TRANSPORT",
      defaultValue = "udp",
      description = "udp, tcp or tls (tls needs --tls-keystore).")
  String transport;

  @Mixin WebSocketOptions browsers;

  @Option(
      names = "--tls-trust",
      paramLabel = "FINGERPRINT",
      description =
          "A trusted peer certificate fingerprint, e.g. 'sha-256 4A:AD:...' (repeatable);"
              + " default: the JDK's certificate authorities, and the certificate must name"
              + " the host (RFC 5922).")
  java.util.List<String> tlsTrust;

  @Option(names = "--json", description = "JSON lines on stdout, for scripts.")
  boolean json;

  @Option(
      names = "--plain",
      description = "Line mode even in a terminal: stdin lines are messages, stdout lines events.")
  boolean plain;

  @Option(
      names = "--dir",
      paramLabel = "DIR",
      defaultValue = ".",
      description = "Where files accepted in the interactive chat are saved (default: here).")
  Path dir;

  @Mixin DiskOptions disk;

  @Mixin WindowOptions window;

  private final BufferedReader in;
  private final Terminal terminal;
  private volatile ChatRun running;

  /** Reads stdin; interactive when stdin and stdout are a terminal. */
  ChatCommand() {
    this.in = null;
    this.terminal = null;
  }

  /** Reads the lines to send from {@code in} (tests): line mode. */
  ChatCommand(BufferedReader in) {
    this.in = in;
    this.terminal = null;
  }

  /** Runs interactively on {@code terminal} (tests). */
  ChatCommand(Terminal terminal) {
    this.in = null;
    this.terminal = terminal;
  }

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    BufferedReader stdin =
        in != null
            ? in
            : new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    LineChat lines = new LineChat(stdin, out, json);
    SipConfig config;
    try {
      config = ChatConfig.of(this);
    } catch (IllegalArgumentException e) {
      return lines.error(Parley.INVALID_INPUT, e.getMessage());
    }
    if (target == null && listen == null) {
      return lines.error(Parley.INVALID_INPUT, "give a target, or --listen to wait for one");
    }
    String unusable = SaveDirectory.prepare(dir, "--dir");
    if (unusable != null) {
      return lines.error(Parley.INVALID_INPUT, unusable);
    }
    Terminal t = interactiveTerminal();
    if (t == null) {
      ChatRun run = new ChatRun(this, lines);
      running = run;
      if (in != null) {
        return run.run(config); // a test's input: its process's Ctrl-C is not ours
      }
      CtrlC ctrlC = CtrlC.onInterrupt(this::interrupt);
      try {
        return run.run(config);
      } finally {
        ctrlC.close();
      }
    }
    String title = target != null ? target : "waiting at " + listen;
    // A test's terminal (given to the constructor) raises its signals itself: Ctrl-Z must not stop
    // the test's process.
    Runnable stop = terminal == null ? TerminalChat::stopThisProcess : () -> {};
    try (TerminalChat screen = new TerminalChat(t, config.address().toString(), title, dir, stop)) {
      ChatRun run = new ChatRun(this, screen);
      running = run;
      return run.run(config);
    } finally {
      if (terminal == null) {
        t.close();
      }
    }
  }

  /**
   * Ctrl-C in the line mode ({@link CtrlC}; the interactive chat reads it as a key): the session
   * ends with BYE (an INVITE ringing is cancelled) and the command exits 130.
   */
  void interrupt() {
    ChatRun r = running;
    if (r != null) {
      r.quit(Parley.INTERRUPTED);
    }
  }

  /** The terminal to chat on, or null for the line mode. */
  private Terminal interactiveTerminal() {
    if (terminal != null) {
      return terminal;
    }
    if (in != null || json || plain || !ProgressBar.isTerminal()) {
      return null;
    }
    try {
      Terminal t = TerminalBuilder.builder().system(true).encoding(TextEncoding.terminal()).build();
      if (t.getType().startsWith(Terminal.TYPE_DUMB)) {
        t.close();
        return null;
      }
      return t;
    } catch (IOException e) {
      return null;
    }
  }
}
