package org.parley.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.parley.msrp.transport.Fingerprint;
import org.parley.sdp.SdpParseException;
import org.parley.sdp.SipUri;
import org.parley.sip.ChatListener;
import org.parley.sip.ChatMessage;
import org.parley.sip.ChatMode;
import org.parley.sip.ChatSession;
import org.parley.sip.Invitation;
import org.parley.sip.InviteOptions;
import org.parley.sip.MsrpRelay;
import org.parley.sip.PagerMessage;
import org.parley.sip.Registration;
import org.parley.sip.SessionEnd;
import org.parley.sip.SipAgent;
import org.parley.sip.SipConfig;
import org.parley.sip.SipFailure;
import org.parley.sip.SipListener;
import org.parley.sip.SipTls;
import org.parley.sip.SipTransport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code parley chat}: a chat by SIP address, lines from stdin out, messages received to stdout.
 * With a target it invites (or, with {@code --pager}, sends MESSAGEs); with {@code --listen} and no
 * target it waits for one invitation (or takes MESSAGEs and answers the last sender). Ends at the
 * end of stdin (BYE) or when the peer hangs up.
 */
@Command(
    name = "chat",
    mixinStandardHelpOptions = true,
    description = {
      "Chat by SIP address: each line of stdin is a message, each message received a line.",
      "  parley chat sip:bob@127.0.0.1:5062 --as sip:alice@127.0.0.1",
      "  parley chat --listen sip:bob@127.0.0.1:5062        (waits for one session)",
      "Sessions are MSRP by default (--mode sip-message: the 2001 MESSAGE form), through an",
      "MSRP relay with --relay URI --relay-auth user:password; --pager sends SIP MESSAGEs",
      "without a session."
    })
final class ChatCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(index = "0", arity = "0..1", description = "Who to chat with, e.g. sip:bob@host.")
  String target;

  @Option(
      names = "--as",
      description =
          "This end's address of record, in From (default: the --listen URI, which peers can"
              + " answer to without a proxy; else sip:parley@127.0.0.1).")
  String as;

  @Option(
      names = "--listen",
      description = "Where to listen, as a SIP URI (host and port are used); default: a free port.")
  String listen;

  @Option(names = "--proxy", description = "Outbound proxy, e.g. sip:127.0.0.1:5060.")
  String proxy;

  @Option(names = "--password", description = "Digest password (user: the --as user part).")
  String password;

  @Option(names = "--register", description = "Register with the --as domain first.")
  boolean register;

  @Option(
      names = "--relay",
      description =
          "An MSRP relay for the session (RFC 4976), e.g. msrp://127.0.0.1:2855;tcp: AUTH with it"
              + " first, and offer or answer its Use-Path in a=path.")
  String relay;

  @Option(names = "--relay-auth", description = "The relay account, user:password.")
  String relayAuth;

  @Option(
      names = "--relay-fingerprint",
      description = "The msrps relay's certificate fingerprint, e.g. 'sha-256 4A:AD:...'.")
  String relayFingerprint;

  @Option(names = "--pager", description = "Pager mode: SIP MESSAGE, no session.")
  boolean pager;

  @Option(
      names = "--mode",
      defaultValue = "msrp",
      description = "Session mode: msrp or sip-message (the 2001 form).")
  String mode;

  @Option(
      names = "--transport",
      defaultValue = "udp",
      description = "udp, tcp or tls (tls needs --tls-keystore).")
  String transport;

  @Option(
      names = "--tls-keystore",
      description = "PKCS#12 key store with this end's TLS key and certificate.")
  java.nio.file.Path tlsKeystore;

  @Option(
      names = "--tls-password",
      defaultValue = "changeit",
      description = "Password of the --tls-keystore and its key (default: changeit).")
  String tlsPassword;

  @Option(
      names = "--tls-trust",
      description =
          "A trusted peer certificate fingerprint, e.g. 'sha-256 4A:AD:...' (repeatable);"
              + " default: the JDK's certificate authorities.")
  java.util.List<String> tlsTrust;

  @Option(names = "--json", description = "JSON lines on stdout, for scripts.")
  boolean json;

  private final BufferedReader in;
  private PrintWriter out;

  /** Reads stdin. */
  ChatCommand() {
    this(new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)));
  }

  /** Reads the lines to send from {@code in} (tests). */
  ChatCommand(BufferedReader in) {
    this.in = in;
  }

  @Override
  public Integer call() throws Exception {
    out = spec.commandLine().getOut();
    SipConfig config;
    try {
      config = config();
    } catch (IllegalArgumentException e) {
      return error(Parley.INVALID_INPUT, e.getMessage());
    }
    if (target == null && listen == null) {
      return error(Parley.INVALID_INPUT, "give a target, or --listen to wait for one");
    }
    CompletableFuture<Integer> done = new CompletableFuture<>();
    AtomicReference<ChatSession> session = new AtomicReference<>();
    AtomicReference<String> lastSender = new AtomicReference<>(target);
    AtomicBoolean taken = new AtomicBoolean();
    ChatListener chat = new Printer(done);
    SipListener events =
        new SipListener() {
          @Override
          public void message(PagerMessage m) {
            lastSender.set(m.from());
            print(
                Json.event("message")
                    .put("from", m.from())
                    .put("content_type", m.contentType())
                    .put("text", m.text()),
                m.from() + "> " + m.text());
          }

          @Override
          public void invitation(Invitation i) {
            if (pager || target != null || !taken.compareAndSet(false, true)) {
              i.decline(486);
              return;
            }
            print(
                Json.event("invited").put("from", i.from()).put("mode", mode(i.mode())),
                "* " + i.from() + " invites you (" + mode(i.mode()) + ")");
            i.accept(chat)
                .whenComplete(
                    (s, e) -> {
                      if (e != null) {
                        done.complete(error(Parley.FAILED, cause(e).getMessage()));
                      } else {
                        session.set(s);
                        connected(s);
                      }
                    });
          }
        };
    SipAgent agent;
    try {
      agent = SipAgent.start(config, events);
    } catch (SipFailure e) {
      return error(Parley.FAILED, e.getMessage());
    }
    try (agent) {
      print(
          Json.event("listening").put("uri", agent.uri()).put("address", agent.address()),
          "* listening at " + agent.uri() + " as " + agent.address());
      if (register) {
        try {
          agent.registered().get();
          print(Json.event("registered").put("address", agent.address()), "* registered");
        } catch (ExecutionException e) {
          return error(Parley.FAILED, "registration: " + cause(e).getMessage());
        }
      }
      if (pager) {
        return pagerLoop(agent, lastSender);
      }
      if (target != null) {
        try {
          ChatSession s =
              agent
                  .invite(
                      target,
                      InviteOptions.builder()
                          .mode(mode.equals("sip-message") ? ChatMode.SIP_MESSAGE : ChatMode.MSRP)
                          .build(),
                      chat)
                  .get();
          session.set(s);
          connected(s);
        } catch (ExecutionException e) {
          return error(Parley.FAILED, "invite: " + cause(e).getMessage());
        }
      }
      Thread reader = new Thread(() -> sessionLoop(session, done), "parley-chat-stdin");
      reader.setDaemon(true);
      reader.start();
      return done.get();
    }
  }

  private SipConfig config() {
    SipTransport t = SipTransport.of(transport);
    SipUri listenUri = listen == null ? null : parse(listen, "--listen");
    String address = as != null ? as : listen != null ? listen : "sip:parley@127.0.0.1";
    SipUri aor = parse(address, "--as");
    if (!mode.equals("msrp") && !mode.equals("sip-message")) {
      throw new IllegalArgumentException("--mode is msrp or sip-message");
    }
    SipConfig.Builder b =
        SipConfig.builder(address)
            .transports(t, t == SipTransport.UDP ? SipTransport.TCP : SipTransport.UDP)
            .outboundProxy(proxy);
    if (t == SipTransport.TLS) {
      b.tls(tls());
    } else if (tlsKeystore != null || tlsTrust != null) {
      throw new IllegalArgumentException("--tls-keystore and --tls-trust need --transport tls");
    }
    if (listenUri != null) {
      String host = listenUri.host();
      b.host(host.startsWith("[") ? host.substring(1, host.length() - 1) : host)
          .port(Math.max(listenUri.port(), 0));
    }
    if (password != null) {
      b.credentials(aor.user(), password);
    }
    if (relay != null) {
      b.relay(relay());
    } else if (relayAuth != null || relayFingerprint != null) {
      throw new IllegalArgumentException("--relay-auth and --relay-fingerprint need --relay");
    }
    if (register) {
      b.registration(Registration.at("sip:" + aor.host()));
    }
    if (target != null) {
      parse(target, "target");
    }
    return b.build();
  }

  private SipTls tls() {
    if (tlsKeystore == null) {
      throw new IllegalArgumentException("--transport tls needs --tls-keystore");
    }
    char[] pw = tlsPassword.toCharArray();
    SipTls tls;
    try (java.io.InputStream in = java.nio.file.Files.newInputStream(tlsKeystore)) {
      KeyStore ks = KeyStore.getInstance("PKCS12");
      ks.load(in, pw);
      tls = SipTls.keyStore(ks, pw);
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalArgumentException("--tls-keystore " + tlsKeystore + ": " + e.getMessage());
    }
    if (tlsTrust != null) {
      java.util.List<Fingerprint> fps = new java.util.ArrayList<>();
      for (String f : tlsTrust) {
        fps.add(Fingerprint.parse(f));
      }
      tls = tls.trustFingerprints(fps);
    }
    return tls;
  }

  private MsrpRelay relay() {
    if (relayAuth == null || relayAuth.indexOf(':') < 1) {
      throw new IllegalArgumentException("--relay needs --relay-auth user:password");
    }
    int colon = relayAuth.indexOf(':');
    try {
      MsrpRelay r =
          MsrpRelay.of(relay, relayAuth.substring(0, colon), relayAuth.substring(colon + 1));
      return relayFingerprint == null ? r : r.withFingerprint(relayFingerprint);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("--relay: " + e.getMessage());
    }
  }

  private static SipUri parse(String uri, String what) {
    try {
      return SipUri.parse(uri);
    } catch (SdpParseException e) {
      throw new IllegalArgumentException(what + ": not a SIP URI: " + uri);
    }
  }

  private int pagerLoop(SipAgent agent, AtomicReference<String> to) throws IOException {
    String line;
    int code = Parley.OK;
    while ((line = in.readLine()) != null) {
      String peer = to.get();
      if (peer == null) {
        print(Json.event("error").put("error", "nobody to send to yet"), "* nobody to send to yet");
        continue;
      }
      try {
        agent
            .message(peer, "text/plain;charset=UTF-8", line.getBytes(StandardCharsets.UTF_8))
            .get();
        print(Json.event("sent").put("to", peer).put("text", line), null);
      } catch (ExecutionException e) {
        code = Parley.FAILED;
        print(
            Json.event("error").put("error", cause(e).getMessage()),
            "* not sent: " + cause(e).getMessage());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return Parley.FAILED;
      }
    }
    return code;
  }

  /** Sends each line once the session is up; at the end of input, BYE. */
  private void sessionLoop(AtomicReference<ChatSession> session, CompletableFuture<Integer> done) {
    try {
      String line;
      CompletableFuture<?> sending = CompletableFuture.completedFuture(null);
      while ((line = in.readLine()) != null && !done.isDone()) {
        ChatSession s = session.get();
        if (s == null) {
          print(Json.event("error").put("error", "no session yet"), "* no session yet");
          continue;
        }
        String text = line;
        sending =
            s.send(text)
                .whenComplete(
                    (v, e) -> {
                      if (e != null) {
                        print(
                            Json.event("error").put("error", cause(e).getMessage()),
                            "* not sent: " + cause(e).getMessage());
                      } else {
                        print(Json.event("sent").put("text", text), null);
                      }
                    });
      }
      ChatSession s = session.get();
      if (s != null) {
        // The last lines reach the peer before the BYE does.
        sending.handle((v, e) -> null).get();
        s.bye().get();
      }
      done.complete(Parley.OK);
    } catch (IOException e) {
      done.complete(error(Parley.FAILED, new UncheckedIOException(e).getMessage()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      done.complete(Parley.FAILED);
    } catch (ExecutionException e) {
      done.complete(Parley.OK);
    }
  }

  private void connected(ChatSession s) {
    print(
        Json.event("session").put("peer", s.peer()).put("mode", mode(s.mode())),
        "* in a session with " + s.peer() + " (" + mode(s.mode()) + ")");
  }

  private static String mode(ChatMode m) {
    return m == ChatMode.MSRP ? "msrp" : "sip-message";
  }

  /** Prints the messages and the end of the session. */
  private final class Printer implements ChatListener {
    private final CompletableFuture<Integer> done;

    Printer(CompletableFuture<Integer> done) {
      this.done = done;
    }

    @Override
    public void message(ChatSession s, ChatMessage m) {
      print(
          Json.event("message")
              .put("from", s.peer())
              .put("content_type", m.contentType())
              .put("text", m.text()),
          s.peer() + "> " + m.text());
    }

    @Override
    public void ended(ChatSession s, SessionEnd end) {
      print(
          Json.event("ended")
              .put("reason", end.reason().name().toLowerCase())
              .put("detail", end.detail()),
          "* session ended (" + end.reason().name().toLowerCase() + ")");
      done.complete(end.reason() == SessionEnd.Reason.MEDIA_FAILED ? Parley.FAILED : Parley.OK);
    }
  }

  private static Throwable cause(Throwable e) {
    return e instanceof ExecutionException || e instanceof java.util.concurrent.CompletionException
        ? (e.getCause() != null ? e.getCause() : e)
        : e;
  }

  private int error(int code, String message) {
    print(Json.event("error").put("error", message), "* error: " + message);
    return code;
  }

  /** One line: the JSON event with --json, else the plain text (nothing when null). */
  private void print(Json event, String plain) {
    String line = json ? event.toString() : plain;
    if (line == null) {
      return;
    }
    synchronized (out) {
      out.println(line);
      out.flush();
    }
  }
}
