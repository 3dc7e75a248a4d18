package org.parley.sip;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicLong;
import org.parley.msrp.session.MsrpStack;
import org.parley.sdp.FileSelector;
import org.parley.sip.file.DiskBudget;

/**
 * A SIP user agent for instant messaging: pager-mode MESSAGE (RFC 3428), message sessions set up by
 * INVITE over MSRP (RFC 4975) or in the 2001 MESSAGE form, registration, and digest authentication.
 * JAIN-SIP does the SIP; an {@link MsrpStack} of the agent's own does the MSRP.
 *
 * <pre>{@code
 * SipAgent bob = SipAgent.start(SipConfig.builder("sip:bob@127.0.0.1").build(), new SipListener() {
 *   public void invitation(Invitation i) { i.accept((session, m) -> System.out.println(m.text())); }
 * });
 * SipAgent alice = SipAgent.start(SipConfig.builder("sip:alice@127.0.0.1").build(), new SipListener() {});
 * alice.message(bob.uri(), "text/plain", "hi".getBytes(UTF_8)).join();      // pager mode
 * ChatSession s = alice.invite(bob.uri(), InviteOptions.DEFAULT, listener).join();
 * s.send("Hello over MSRP").join();
 * s.bye().join();
 * }</pre>
 *
 * <p>Threading: the agent has one thread of its own. Every listener is called on it, one call at a
 * time, and every future of the agent completes on it; do not block there (no {@code join()} in a
 * listener). The methods may be called from any thread.
 */
public final class SipAgent implements AutoCloseable {
  private static final AtomicLong AGENTS = new AtomicLong();
  private static final Duration RELAY_AUTH_WAIT = Duration.ofSeconds(30);

  private final SipConfig config;
  private final AgentLoop loop;
  private final ExecutorService fileExecutor;
  private final Dialogs dialogs = new Dialogs();
  private JainSip sip;
  private MsrpStack msrp;
  private RelayClient relay;
  private AgentContext ctx;
  private FileTransfers files;
  private Registrar registrar;

  private SipAgent(SipConfig config) {
    this.config = config;
    String name = "parley-sip-" + AGENTS.incrementAndGet();
    this.loop = new AgentLoop(name);
    this.fileExecutor = FileTransfers.threads(name + "-file-");
  }

  /**
   * Starts an agent: listens for SIP (every configured transport, on one port; TLS beside TCP on
   * {@link SipConfig#tlsPort()}) and for MSRP, and registers when the configuration says so (see
   * {@link #registered()}).
   *
   * @throws SipFailure when it cannot listen
   */
  public static SipAgent start(SipConfig config, SipListener listener) {
    SipAgent agent = new SipAgent(config);
    try {
      agent.wire(listener);
    } catch (RuntimeException e) {
      agent.close();
      throw e instanceof SipFailure
          ? e
          : new SipFailure(SipFailure.Kind.UNREACHABLE, 0, "cannot start: " + e.getMessage(), e);
    }
    if (config.registration() != null) {
      agent.registrar = new Registrar(agent.ctx, config.registration());
      agent.loop.execute(agent.registrar::start);
    }
    return agent;
  }

  /**
   * Starts JAIN-SIP and the MSRP stack, builds the {@link AgentContext} every part gets, and AUTHs
   * with the relay, if any (JAIN-SIP's events are taken from the moment the context exists).
   */
  private void wire(SipListener listener) {
    SipEvents events = new SipEvents(new Gate(config.admission()), listener);
    sip = JainSip.start(config, events);
    msrp =
        MsrpStack.builder()
            .blockingExecutor(fileExecutor)
            .streamDirect(config.msrpWindow() == 0) // a window bounds chunks: send in chunks
            .build();
    int msrpPort =
        msrp.listen(new InetSocketAddress(config.host(), config.msrpPort()), null)
            .join()
            .localAddress()
            .getPort();
    if (config.relay() != null) {
      relay =
          new RelayClient(
              msrp, loop, dialogs, config.relay(), AgentContext.msrpUri(config, msrpPort));
    }
    ctx =
        new AgentContext(
            config,
            loop,
            sip,
            new Transactions(sip, config.credentials(), config.challengeRealms()),
            new Responder(sip),
            dialogs,
            msrp,
            msrpPort,
            relay,
            fileExecutor,
            new DiskBudget(config.diskBudget()));
    files = new FileTransfers(ctx, this::invite);
    events.wire(ctx, new IncomingRequests(ctx, listener));
    if (relay != null) {
      relay.start(RELAY_AUTH_WAIT);
    }
  }

  public SipConfig config() {
    return config;
  }

  /** The address of record (From of every request). */
  public String address() {
    return config.address().toString();
  }

  /** The address SIP listens on. */
  public InetSocketAddress localAddress() {
    return new InetSocketAddress(config.host(), sip.port);
  }

  /** Where browsers reach this agent's SIP over WebSocket (RFC 7118), or null without. */
  public InetSocketAddress webSocketAddress() {
    int p = sip.webSocketPort();
    return p < 0 ? null : new InetSocketAddress(config.host(), p);
  }

  /**
   * A URI that reaches this agent directly: {@code sip:user@host:port}, with {@code transport=}
   * when the default transport is not UDP.
   */
  public String uri() {
    return sip.contact().getAddress().getURI().toString();
  }

  /** The port MSRP listens on. */
  public int msrpPort() {
    return ctx.msrpPort();
  }

  /**
   * Completes when the first registration succeeded; fails with its {@link SipFailure} (the agent
   * retries later). Completed at once when the agent does not register.
   */
  public CompletableFuture<Void> registered() {
    return registrar == null ? CompletableFuture.completedFuture(null) : registrar.registered();
  }

  /**
   * Sends a pager-mode MESSAGE (RFC 3428). Completes with the 2xx; fails with {@link SipFailure}:
   * the final error response, {@code TIMEOUT}, {@code UNREACHABLE}, or {@code TOO_LARGE} for a
   * request over 1300 bytes whose first hop is UDP (RFC 3428 §8), which is not sent.
   *
   * @param uri where to, e.g. {@code sip:bob@example.com} or {@code sip:bob@127.0.0.1:5062}
   */
  public CompletableFuture<SipStatus> message(String uri, String contentType, byte[] body) {
    if (dialogs.closed()) {
      return CompletableFuture.failedFuture(new SipFailure(SipFailure.Kind.CLOSED, "closed"));
    }
    return Pager.send(ctx, uri, contentType, body);
  }

  /**
   * Invites {@code uri} to a message session: INVITE with an SDP offer. Completes with the session
   * once it is up (MSRP connected and bound, or the 2001 form negotiated); fails with {@link
   * SipFailure}: {@code NOT_FOUND}, {@code BUSY}, {@code DECLINED}, {@code NOT_ACCEPTABLE} (488),
   * {@code UNAVAILABLE}, {@code TIMEOUT}, {@code UNREACHABLE}, {@code MEDIA} (the MSRP connection
   * failed: the dialog is ended with BYE). Cancelling the future cancels the INVITE (CANCEL).
   */
  public CompletableFuture<ChatSession> invite(
      String uri, InviteOptions options, ChatListener listener) {
    OutgoingInvite invite = new OutgoingInvite(ctx, uri, options, listener);
    if (dialogs.closed()) {
      return CompletableFuture.failedFuture(new SipFailure(SipFailure.Kind.CLOSED, "closed"));
    }
    loop.execute(invite::start);
    return invite.result();
  }

  /** {@link #sendFile(String, Path, String, FileProgress)} without progress. */
  public CompletableFuture<FileTransferResult> sendFile(String uri, Path file, String type) {
    return sendFile(uri, file, type, FileProgress.NONE);
  }

  /**
   * Pushes a file (RFC 5547): an INVITE whose message stream is {@code a=sendonly} with the file's
   * {@code a=file-selector} (name, type, size, SHA-1), {@code a=file-transfer-id} and {@code
   * a=file-disposition:attachment}; once the peer accepted, the file is sent over MSRP as one
   * message read from disk a chunk at a time, then the session is ended with BYE. When the answer
   * carries an {@code a=file-range} (a receiver holding part of the file from a broken transfer,
   * see {@link FileOffer}), only that range is sent, as a message of its own, and the result's
   * {@code from} says where it started. The message asks for a success report, and the BYE waits
   * for it (through relays, which answer chunks themselves, only it says the file arrived).
   * Completes when every chunk was answered 200, the report came (else {@code verified} is false,
   * after 30 s or when the peer ended the session first) and the BYE was answered; fails with
   * {@link SipFailure} ({@code DECLINED} when the peer refused) or the MSRP layer's exception. The
   * SHA-1 is computed first (on the agent's file threads), so the file is read twice.
   *
   * @param type the file's media type, or null for {@code application/octet-stream}
   * @param progress hears the bytes the peer has (answered 200) out of the file's size
   */
  public CompletableFuture<FileTransferResult> sendFile(
      String uri, Path file, String type, FileProgress progress) {
    return files.push(uri, file, type, progress);
  }

  /**
   * Asks {@code uri} for a file (RFC 5547 pull): an INVITE whose message stream is {@code
   * a=recvonly} with {@code a=file-selector} (the peer's application finds the file by it: see
   * {@link SipListener#filePull}) and {@code a=file-transfer-id}. The file is written to {@code
   * dir}/its selector name ({@code "file"} without one) through {@code NAME.part}, as {@link
   * FileOffer#accept} writes a pushed file. When a broken transfer of the same file (the selector's
   * SHA-1 and size, or, for a selector without them, those kept beside the part: {@link
   * PartialPull}) left a part there, the offer asks for the missing bytes only ({@code
   * a=file-range:K+1-SIZE}, as RFC 5547 §8 allows a file receiver to) and they are appended. The
   * sender's answer may describe the file further ({@code file-selector} with size and SHA-1, as a
   * Parley sender answers): what the selector did not give is taken from there, checked at the end,
   * and kept beside the part for a later resume. Completes once the file is on disk and hashed (the
   * result's {@code verified} says whether the hash and size, where known, match); the sender ends
   * the session (a Parley sender once it has the success report), and this end says BYE if it has
   * not 10 seconds later; fails with {@link SipFailure} ({@code DECLINED} when the peer refused) or
   * an I/O error.
   *
   * @param selector what to ask for, e.g. {@code FileSelector.parse("name:\"a.pdf\"")}
   * @param progress hears the bytes on disk out of the file's size (-1 while it is not known)
   */
  public CompletableFuture<FileTransferResult> pullFile(
      String uri, FileSelector selector, Path dir, FileProgress progress) {
    return files.pull(uri, selector, dir, progress);
  }

  /**
   * Ends every session (BYE), declines pending invitations, cancels this end's ringing INVITEs
   * (CANCEL, once a provisional response came), un-registers, and stops; waits at most two seconds
   * for the answers.
   */
  @Override
  public void close() {
    if (!dialogs.close()) {
      return;
    }
    if (sip != null) {
      AgentClose.endSessions(loop, dialogs, registrar);
    }
    AgentClose.release(sip, relay, msrp, loop, fileExecutor);
  }

  /** The relay binding, or null without a relay (for tests). */
  RelayClient relay() {
    return relay;
  }

  /**
   * A fresh AUTH with the relay (a new Use-Path), then every session re-offered with its new path.
   * For tests, and for an application that knows its relay binding was lost.
   */
  CompletableFuture<Void> renewRelay() {
    return relay.renew().thenComposeAsync(b -> dialogs.reofferPaths(), loop);
  }
}
