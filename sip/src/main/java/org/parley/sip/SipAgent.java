package org.parley.sip;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import javax.sip.Dialog;
import javax.sip.DialogTerminatedEvent;
import javax.sip.IOExceptionEvent;
import javax.sip.RequestEvent;
import javax.sip.ResponseEvent;
import javax.sip.ServerTransaction;
import javax.sip.TimeoutEvent;
import javax.sip.TransactionAlreadyExistsException;
import javax.sip.TransactionTerminatedEvent;
import javax.sip.TransactionUnavailableException;
import javax.sip.address.SipURI;
import javax.sip.header.CSeqHeader;
import javax.sip.header.CallIdHeader;
import javax.sip.header.ToHeader;
import javax.sip.header.ViaHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.parley.im.FileDescription;
import org.parley.msrp.MsrpUri;
import org.parley.msrp.session.MsrpStack;
import org.parley.sdp.Direction;
import org.parley.sdp.FileRange;
import org.parley.sdp.FileSelector;
import org.parley.sdp.MessageMedia;
import org.parley.sdp.SessionDescription;
import org.parley.sdp.Setup;
import org.parley.sdp.offeranswer.Answer;
import org.parley.sdp.offeranswer.LocalCapabilities;
import org.parley.sdp.offeranswer.MessageSessionPlan;
import org.parley.sdp.offeranswer.Negotiator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
  private static final Logger LOG = LoggerFactory.getLogger(SipAgent.class);
  private static final AtomicLong AGENTS = new AtomicLong();
  private static final long CLOSE_WAIT_MS = 2000;
  private static final java.time.Duration RELAY_AUTH_WAIT = java.time.Duration.ofSeconds(30);
  private static final String ALLOW = "INVITE, ACK, CANCEL, BYE, MESSAGE, OPTIONS";
  private static final java.time.Duration PULL_BYE_GRACE = java.time.Duration.ofSeconds(10);

  /**
   * How long a set-up waits for its ACK (or connects MSRP) before it may be dropped for a newer
   * INVITE when {@link SipConfig#maxPendingInvites()} are pending: a caller's ACK takes a round
   * trip, a spoofed INVITE's never comes.
   */
  static final long EVICTABLE_AFTER_NANOS = TimeUnit.SECONDS.toNanos(1);

  private final SipConfig config;
  private final SipListener listener;
  private final ScheduledThreadPoolExecutor executor;
  private final Executor loop;
  private final ExecutorService fileExecutor;
  private final DiskBudget diskBudget;
  private final Map<String, Chat> chats = new ConcurrentHashMap<>();
  private final Map<String, Invitation> invitations = new ConcurrentHashMap<>();
  private final Map<OutgoingInvite, Boolean> inviting = new ConcurrentHashMap<>();
  private final Map<String, SipMessageMedia> sipMessageStreams = new ConcurrentHashMap<>();
  private volatile Thread loopThread;
  private JainSip sip;
  private Transactions transactions;
  private MsrpStack msrp;
  private int msrpPort;
  private Registrar registrar;
  private RelayClient relay;
  private Gate gate;
  private volatile boolean closed;

  private SipAgent(SipConfig config, SipListener listener) {
    this.config = config;
    this.listener = listener;
    String name = "parley-sip-" + AGENTS.incrementAndGet();
    this.executor =
        new ScheduledThreadPoolExecutor(
            1,
            r -> {
              Thread t = new Thread(r, name);
              t.setDaemon(true);
              loopThread = t;
              return t;
            });
    executor.setRemoveOnCancelPolicy(true);
    this.loop = r -> executor.execute(guarded(r));
    this.diskBudget = new DiskBudget(config.diskBudget());
    AtomicInteger files = new AtomicInteger();
    this.fileExecutor =
        Executors.newCachedThreadPool(
            r -> {
              Thread t = new Thread(r, name + "-file-" + files.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
  }

  /**
   * Starts an agent: listens for SIP (every configured transport, on one port; TLS beside TCP on
   * {@link SipConfig#tlsPort()}) and for MSRP, and registers when the configuration says so (see
   * {@link #registered()}).
   *
   * @throws SipFailure when it cannot listen
   */
  public static SipAgent start(SipConfig config, SipListener listener) {
    SipAgent agent = new SipAgent(config, listener);
    agent.gate = new Gate(config.admission());
    try {
      agent.sip = JainSip.start(config, agent.new Events());
      agent.transactions =
          new Transactions(agent.sip, config.credentials(), config.challengeRealms());
      agent.msrp =
          MsrpStack.builder()
              .blockingExecutor(agent.fileExecutor)
              .streamDirect(config.msrpWindow() == 0) // a window bounds chunks: send in chunks
              .build();
      agent.msrpPort =
          agent
              .msrp
              .listen(new InetSocketAddress(config.host(), config.msrpPort()), null)
              .join()
              .localAddress()
              .getPort();
      if (config.relay() != null) {
        agent.relay = new RelayClient(agent, config.relay(), agent.newMsrpUri());
        agent.relay.start(RELAY_AUTH_WAIT);
      }
    } catch (RuntimeException e) {
      agent.close();
      throw e instanceof SipFailure
          ? e
          : new SipFailure(SipFailure.Kind.UNREACHABLE, 0, "cannot start: " + e.getMessage(), e);
    }
    if (config.registration() != null) {
      agent.registrar = new Registrar(agent, config.registration());
      agent.loop.execute(agent.registrar::start);
    }
    return agent;
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

  /**
   * A URI that reaches this agent directly: {@code sip:user@host:port}, with {@code transport=}
   * when the default transport is not UDP.
   */
  public String uri() {
    return sip.contact().getAddress().getURI().toString();
  }

  /** The port MSRP listens on. */
  public int msrpPort() {
    return msrpPort;
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
    if (closed) {
      return CompletableFuture.failedFuture(new SipFailure(SipFailure.Kind.CLOSED, "closed"));
    }
    return Pager.send(this, uri, contentType, body);
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
    OutgoingInvite invite = new OutgoingInvite(this, uri, options, listener);
    if (closed) {
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
    String contentType = type == null ? "application/octet-stream" : type;
    CompletableFuture<FileDescription> described = new CompletableFuture<>();
    try {
      fileExecutor.execute(
          () -> {
            try {
              described.complete(FileDescription.of(file, contentType));
            } catch (IOException | RuntimeException e) {
              described.completeExceptionally(e);
            }
          });
    } catch (RejectedExecutionException e) {
      return CompletableFuture.failedFuture(new SipFailure(SipFailure.Kind.CLOSED, "closed"));
    }
    return described.thenCompose(
        description -> {
          InviteOptions options =
              InviteOptions.builder()
                  .acceptTypes(contentType)
                  .filePush(description, FileDescription.newTransferId())
                  .build();
          ChatListener none = (session, message) -> {};
          return invite(uri, options, none)
              .thenCompose(
                  session -> {
                    Chat chat = (Chat) session;
                    return FileSender.send(
                        chat,
                        file,
                        contentType,
                        description.name(),
                        description.size(),
                        description.sha1(),
                        chat.plan().fileRange(),
                        progress);
                  });
        });
  }

  /**
   * Asks {@code uri} for a file (RFC 5547 pull): an INVITE whose message stream is {@code
   * a=recvonly} with {@code a=file-selector} (the peer's application finds the file by it: see
   * {@link SipListener#filePull}) and {@code a=file-transfer-id}. The file is written to {@code
   * dir}/its selector name ({@code "file"} without one) through {@code NAME.part}, as {@link
   * FileOffer#accept} writes a pushed file. When a broken transfer of the same file (the selector's
   * SHA-1 and size) left a part there, the offer asks for the missing bytes only ({@code
   * a=file-range:K+1-SIZE}, as RFC 5547 §8 allows a file receiver to) and they are appended.
   * Completes once the file is on disk and hashed (the result's {@code verified} says whether the
   * selector's hash and size, where given, match); the sender ends the session (a Parley sender
   * once it has the success report), and this end says BYE if it has not 10 seconds later; fails
   * with {@link SipFailure} ({@code DECLINED} when the peer refused) or an I/O error.
   *
   * @param selector what to ask for, e.g. {@code FileSelector.parse("name:\"a.pdf\"
   *     hash:sha-1:72:24:...")}; give the hash and size to be able to resume
   * @param progress hears the bytes on disk out of the selector's size (-1 without one)
   */
  public CompletableFuture<FileTransferResult> pullFile(
      String uri, FileSelector selector, Path dir, FileProgress progress) {
    String name = FileOffer.safeName(selector.name());
    String sha1 = FileOffer.sha1(selector);
    long size = selector.size().orElse(-1);
    PartialFile file = PartialFile.of(dir, name);
    long have = file.resumable(sha1, size);
    FileSink sink;
    try {
      sink = new FileSink(file, name, sha1, size, have, fileExecutor, diskBudget, progress);
      if (sha1 != null && size > 0) {
        file.describe(selector.toString());
      }
    } catch (IOException e) {
      return CompletableFuture.failedFuture(e);
    }
    InviteOptions options =
        InviteOptions.builder()
            .acceptTypes("*")
            .filePull(
                selector.toString(),
                FileDescription.newTransferId(),
                have > 0 ? FileRange.of(have + 1, size) : null,
                sink)
            .build();
    CompletableFuture<ChatSession> session = invite(uri, options, FileOffer.endsWith(sink));
    session.whenComplete(
        (s, e) -> {
          if (e != null) {
            sink.fail(e);
          }
        });
    return sink.result()
        .whenComplete(
            (r, e) -> {
              if (e == null) { // the sender says BYE once our success report came; else we do
                session.thenAccept(
                    s ->
                        schedule(
                            () -> {
                              if (!closed) {
                                s.bye();
                              }
                            },
                            PULL_BYE_GRACE.toMillis(),
                            TimeUnit.MILLISECONDS));
              }
            });
  }

  Executor fileExecutor() {
    return fileExecutor;
  }

  DiskBudget diskBudget() {
    return diskBudget;
  }

  /**
   * Ends every session (BYE), declines pending invitations, cancels this end's ringing INVITEs
   * (CANCEL, once a provisional response came), un-registers, and stops; waits at most two seconds
   * for the answers.
   */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (sip != null) {
      CompletableFuture<Void> done = new CompletableFuture<>();
      loop.execute(
          () -> {
            List<CompletableFuture<?>> waits = new ArrayList<>();
            for (Invitation i : List.copyOf(invitations.values())) {
              i.decline(Response.TEMPORARILY_UNAVAILABLE);
            }
            for (OutgoingInvite o : List.copyOf(inviting.keySet())) {
              waits.add(o.agentClosing());
            }
            for (Chat c : List.copyOf(chats.values())) {
              c.end(SessionEnd.Reason.AGENT_CLOSED, null);
              waits.add(c.ended());
            }
            if (registrar != null) {
              waits.add(registrar.unregister());
            }
            CompletableFuture.allOf(waits.toArray(CompletableFuture[]::new))
                .whenComplete((v, e) -> done.complete(null));
          });
      if (Thread.currentThread() != loopThread) {
        try {
          done.get(CLOSE_WAIT_MS, TimeUnit.MILLISECONDS);
        } catch (Exception e) {
          LOG.debug("closing without every answer: {}", e.toString());
        }
      }
      sip.stop();
    }
    if (relay != null) {
      relay.close();
    }
    if (msrp != null) {
      msrp.close();
    }
    executor.shutdown();
    fileExecutor.shutdown(); // queued disk writes finish; a transfer's last task still runs
  }

  // Internal API of the package.

  SipConfig configInternal() {
    return config;
  }

  JainSip sip() {
    return sip;
  }

  Transactions transactions() {
    return transactions;
  }

  MsrpStack msrp() {
    return msrp;
  }

  Executor loop() {
    return loop;
  }

  /** The relay binding, or null without a relay. */
  RelayClient relay() {
    return relay;
  }

  /** The SDP a=path of a session whose own URI is {@code local}: through the relay, if any. */
  List<MsrpUri> pathTo(MsrpUri local) {
    return relay == null ? List.of(local) : relay.pathTo(local);
  }

  /**
   * The relay granted a new Use-Path: every MSRP session is re-offered with it (re-INVITE). On the
   * agent's thread; completes when every re-INVITE is answered (failed ones too).
   */
  CompletableFuture<Void> relayPathChanged() {
    List<CompletableFuture<Void>> all = new ArrayList<>();
    for (Chat c : List.copyOf(chats.values())) {
      all.add(c.reofferPath().handle((v, e) -> null));
    }
    return CompletableFuture.allOf(all.toArray(CompletableFuture[]::new));
  }

  /**
   * A fresh AUTH with the relay (a new Use-Path), then every session re-offered with its new path.
   * For tests, and for an application that knows its relay binding was lost.
   */
  CompletableFuture<Void> renewRelay() {
    return relay.renew().thenComposeAsync(b -> relayPathChanged(), loop);
  }

  ScheduledFuture<?> schedule(Runnable task, long delay, TimeUnit unit) {
    try {
      return executor.schedule(guarded(task), delay, unit);
    } catch (RejectedExecutionException e) {
      return null;
    }
  }

  private static Runnable guarded(Runnable r) {
    return () -> {
      try {
        r.run();
      } catch (RuntimeException e) {
        LOG.error("unexpected failure on the agent's thread", e);
      }
    };
  }

  /** A fresh MSRP URI of this agent: {@code msrp://host:port/<random>;tcp}. */
  MsrpUri newMsrpUri() {
    int port = config.msrpAdvertisedPort() >= 0 ? config.msrpAdvertisedPort() : msrpPort;
    return MsrpUri.builder(config.host()).port(port).sessionId(JainSip.token(10)).build();
  }

  void remember(Chat chat) {
    chats.put(chat.callId(), chat);
  }

  void forget(Chat chat) {
    chats.remove(chat.callId(), chat);
  }

  void remember(SipMessageMedia media) {
    sipMessageStreams.put(media.localUser(), media);
  }

  void forget(SipMessageMedia media) {
    sipMessageStreams.remove(media.localUser(), media);
  }

  void forget(Invitation invitation) {
    invitations.remove(invitation.callId(), invitation);
  }

  /** An INVITE of this end waiting for its final response. */
  void remember(OutgoingInvite invite) {
    inviting.put(invite, Boolean.TRUE);
  }

  void forget(OutgoingInvite invite) {
    inviting.remove(invite);
  }

  void respond(ServerTransaction st, int status) {
    respond(st, status, null, null);
  }

  void respond(ServerTransaction st, int status, String warning) {
    respond(st, status, warning, null);
  }

  /** Answers a request; a To tag is added when the request had none (RFC 3261 §8.2.6.2). */
  void respond(ServerTransaction st, int status, String warning, String toTag) {
    try {
      Response r = sip.messages.createResponse(status, st.getRequest());
      ToHeader to = (ToHeader) r.getHeader(ToHeader.NAME);
      if (to.getTag() == null && status > 100) {
        to.setTag(toTag != null ? toTag : JainSip.token(6));
      }
      if (warning != null) {
        r.addHeader(sip.headers.createWarningHeader(config.host(), 399, warning));
      }
      if (status == Response.METHOD_NOT_ALLOWED
          || status == Response.OK && Request.OPTIONS.equals(st.getRequest().getMethod())) {
        r.addHeader(sip.headers.createAllowHeader(ALLOW));
      }
      st.sendResponse(r);
    } catch (Exception e) {
      LOG.debug("response {} not sent: {}", status, e.toString());
    }
  }

  // Incoming requests, on the agent's thread.

  private void request(Request r, ServerTransaction st) {
    String callId = ((CallIdHeader) r.getHeader(CallIdHeader.NAME)).getCallId();
    switch (r.getMethod()) {
      case Request.INVITE:
        if (((ToHeader) r.getHeader(ToHeader.NAME)).getTag() != null) {
          Chat c = chats.get(callId);
          if (c == null) {
            respond(st, Response.CALL_OR_TRANSACTION_DOES_NOT_EXIST);
          } else {
            c.reinvited(r, st);
          }
        } else {
          invite(r, st, callId);
        }
        break;
      case Request.MESSAGE:
        message(r, st);
        break;
      case Request.BYE:
        Chat chat = chats.get(callId);
        Invitation pending = invitations.get(callId);
        if (chat == null) {
          respond(st, Response.CALL_OR_TRANSACTION_DOES_NOT_EXIST);
          return;
        }
        respond(st, Response.OK);
        if (pending != null) {
          // Our 2xx confirmed the dialog, and over UDP (or through a proxy's workers) the caller's
          // BYE may overtake its ACK (RFC 3261 §15): the session was up, and the peer ended it.
          pending.byeBeforeAck();
        }
        chat.remoteBye(r);
        break;
      case Request.CANCEL:
        Invitation invitation = invitations.get(callId);
        respond(st, invitation == null ? Response.CALL_OR_TRANSACTION_DOES_NOT_EXIST : Response.OK);
        if (invitation != null) {
          invitation.peerCancelled();
        }
        break;
      case Request.OPTIONS:
        respond(st, Response.OK);
        break;
      default:
        respond(st, Response.METHOD_NOT_ALLOWED);
    }
  }

  private void message(Request r, ServerTransaction st) {
    SipMessageMedia stream =
        r.getRequestURI() instanceof SipURI
            ? sipMessageStreams.get(String.valueOf(((SipURI) r.getRequestURI()).getUser()))
            : null;
    if (stream != null) {
      try {
        stream.receive(r, st);
      } catch (ParseException e) {
        respond(st, Response.BAD_REQUEST);
      }
      return;
    }
    respond(st, Response.OK);
    listener.message(Pager.of(r));
  }

  private void invite(Request r, ServerTransaction st, String callId) {
    if (closed) {
      respond(st, Response.TEMPORARILY_UNAVAILABLE);
      return;
    }
    byte[] body = r.getRawContent();
    if (body == null || body.length == 0) {
      refuseOffer(r, st, callId, "an SDP offer is required");
      return;
    }
    Answer answer;
    Negotiator negotiator;
    MsrpUri local = newMsrpUri();
    SipMessageMedia legacy = config.sipMessageMode() ? new SipMessageMedia(this) : null;
    Direction fileOffer;
    try {
      SessionDescription offer = SessionDescription.parse(body);
      fileOffer = fileDirection(offer);
      LocalCapabilities.Builder caps =
          LocalCapabilities.builder()
              .path(pathTo(local))
              .setup(Setup.ACTPASS)
              .originUsername(config.address().user())
              .host(config.host());
      if (fileOffer != null) { // any type and size: the file goes to (or comes from) disk
        caps.acceptTypes("*");
      } else {
        // What this end takes at the top level it takes inside CPIM too (RFC 4975 §8.6), so an
        // offer of CPIM-wrapped types is answered with those it accepts.
        caps.acceptTypes(config.acceptTypes().toArray(String[]::new))
            .acceptWrappedTypes(config.acceptTypes().toArray(String[]::new))
            .maxSize(config.maxMessageSize());
      }
      if (legacy != null) {
        caps.sipUri(legacy.localUri());
      }
      negotiator = new Negotiator(caps.build());
      answer = negotiator.answer(offer);
    } catch (IllegalArgumentException | IllegalStateException e) {
      refuseOffer(r, st, callId, "bad SDP offer: " + e.getMessage());
      return;
    }
    MessageSessionPlan plan =
        answer.plans().stream().filter(p -> !p.refused()).findFirst().orElse(null);
    if (plan == null) {
      StringBuilder why = new StringBuilder("no acceptable message stream");
      for (MessageSessionPlan p : answer.plans()) {
        why.append("; ").append(p.reason());
      }
      refuseOffer(r, st, callId, why.toString());
      return;
    }
    String toTag = JainSip.token(6);
    try {
      Response ringing = sip.messages.createResponse(Response.RINGING, r);
      ((ToHeader) ringing.getHeader(ToHeader.NAME)).setTag(toTag);
      ringing.addHeader(sip.contact());
      st.sendResponse(ringing);
    } catch (Exception e) {
      LOG.debug("180 not sent: {}", e.toString());
      return;
    }
    Invitation invitation =
        new Invitation(this, r, st, negotiator, answer, plan, local, legacy, toTag);
    invitations.put(callId, invitation);
    invitation.ringTimer(
        schedule(invitation::rangOut, config.ringTimeout().toMillis(), TimeUnit.MILLISECONDS));
    try {
      if (fileOffer == Direction.SENDONLY && invitation.mode() == ChatMode.MSRP) {
        listener.fileOffer(new FileOffer(invitation));
      } else if (fileOffer == Direction.RECVONLY && invitation.mode() == ChatMode.MSRP) {
        listener.filePull(new FilePullRequest(invitation));
      } else {
        listener.invitation(invitation);
      }
    } catch (RuntimeException e) {
      LOG.warn("SipListener.invitation threw", e);
      invitation.decline(Response.SERVER_INTERNAL_ERROR);
    }
  }

  /** Answers an INVITE 488 with {@code why} in a Warning, and tells the listener. */
  private void refuseOffer(Request r, ServerTransaction st, String callId, String why) {
    respond(st, Response.NOT_ACCEPTABLE_HERE, why);
    tellRefused(new SetupFailure(Gate.from(r), callId, Response.NOT_ACCEPTABLE_HERE, why));
  }

  /** {@link SipListener#refused}, on the agent's thread. */
  private void tellRefused(SetupFailure f) {
    try {
      listener.refused(f);
    } catch (RuntimeException e) {
      LOG.warn("SipListener.refused threw", e);
    }
  }

  /**
   * Whether the offer's first message stream transfers a file (RFC 5547 §8: a file-selector):
   * SENDONLY for a push, RECVONLY for a pull; null for anything else.
   */
  private static Direction fileDirection(SessionDescription offer) {
    for (int i = 0; i < offer.media().size(); i++) {
      if (MessageMedia.isMessage(offer.media().get(i))) {
        MessageMedia m = MessageMedia.of(offer, i);
        Direction d = m.direction();
        return m.fileSelector().isPresent() && (d == Direction.SENDONLY || d == Direction.RECVONLY)
            ? d
            : null;
      }
    }
    return null;
  }

  private void ack(Request r) {
    Invitation invitation =
        invitations.get(((CallIdHeader) r.getHeader(CallIdHeader.NAME)).getCallId());
    // Only the ACK of the INVITE answered 2xx: an ACK of an earlier, refused INVITE of the same
    // Call-ID (a 401 before credentials) has a lower CSeq.
    if (invitation != null
        && invitation.cseq() == ((CSeqHeader) r.getHeader(CSeqHeader.NAME)).getSeqNumber()) {
      invitation.acked();
    }
  }

  private void dialogTerminated(Dialog d) {
    String callId = d.getCallId().getCallId();
    Invitation invitation = invitations.get(callId);
    if (invitation != null) {
      invitation.failed("the dialog ended before the ACK");
    }
    Chat chat = chats.get(callId);
    if (chat != null && chat.dialog() == d) {
      // One more turn of the agent's thread: a BYE that ended the dialog may be queued just
      // behind this event, and then the session ends as the peer's BYE says, with its reason.
      loop.execute(
          () -> {
            if (!chat.isEnded()) {
              chat.dialogFailed("the dialog ended");
            }
          });
    }
  }

  private static String toTag(Request r) {
    ToHeader to = (ToHeader) r.getHeader(ToHeader.NAME);
    return to == null ? null : to.getTag();
  }

  /** A MESSAGE of a 2001-form session (to the URI its stream made), which its session answers. */
  private boolean toSessionStream(Request r) {
    return r.getRequestURI() instanceof SipURI
        && sipMessageStreams.containsKey(String.valueOf(((SipURI) r.getRequestURI()).getUser()));
  }

  /**
   * Applies the {@link Admission} to a new INVITE or MESSAGE (on JAIN-SIP's thread): true when it
   * was refused (403, or 401 with a digest challenge), the answer sent.
   */
  private boolean refusedAtTheGate(Request r) {
    if (gate.open()) {
      return false;
    }
    Gate.Refusal no;
    try {
      no = gate.check(r);
    } catch (RuntimeException e) {
      LOG.debug("cannot check {}: {}", r.getMethod(), e.toString());
      refuse(r, Response.BAD_REQUEST, null, null);
      return true;
    }
    if (no == null) {
      return false;
    }
    LOG.debug("{} from {}: {} ({})", r.getMethod(), Gate.from(r), no.status(), no.reason());
    refuse(
        r,
        no.status(),
        null,
        no.challenge() == null
            ? null
            : resp -> resp.addHeader(sip.headers.createHeader("WWW-Authenticate", no.challenge())));
    if (no.status() == Response.FORBIDDEN) {
      SetupFailure f = new SetupFailure(Gate.from(r), callId(r), Response.FORBIDDEN, no.reason());
      try {
        loop.execute(() -> tellRefused(f));
      } catch (RejectedExecutionException e) {
        // closed
      }
    }
    return true;
  }

  private static String callId(Request r) {
    return ((CallIdHeader) r.getHeader(CallIdHeader.NAME)).getCallId();
  }

  /** What a refusal adds to its response. */
  private interface Extra {
    void add(Response r) throws ParseException, javax.sip.InvalidArgumentException;
  }

  /**
   * Answers a request no transaction has been made for with an error, keeping no state over UDP (a
   * stateless UAS, RFC 3261 §8.2.7: the To tag is derived from the request, so a retransmission
   * gets the same answer); over TCP and TLS through a transaction of its own, whose answer goes
   * back on the request's connection (§18.2.2). Any thread.
   */
  private void refuse(Request r, int status, String warning, Extra extra) {
    try {
      Response resp = sip.messages.createResponse(status, r);
      ToHeader to = (ToHeader) resp.getHeader(ToHeader.NAME);
      if (to.getTag() == null) {
        to.setTag(org.parley.msrp.auth.Digest.md5(callId(r) + ":" + branch(r)).substring(0, 12));
      }
      if (warning != null) {
        resp.addHeader(sip.headers.createWarningHeader(config.host(), 399, warning));
      }
      if (extra != null) {
        extra.add(resp);
      }
      ViaHeader via = (ViaHeader) r.getHeader(ViaHeader.NAME);
      if ("UDP".equalsIgnoreCase(via.getTransport())) {
        sip.provider.sendResponse(resp);
      } else {
        sip.provider.getNewServerTransaction(r).sendResponse(resp);
      }
    } catch (TransactionAlreadyExistsException e) {
      // a retransmission over a reliable transport: its transaction answers it
    } catch (Exception e) {
      LOG.debug("{} to {} not sent: {}", status, r.getMethod(), e.toString());
    }
  }

  /**
   * A new INVITE that passed the {@link Admission} (on the agent's thread): a retransmission of one
   * being handled is left to its transaction; a Call-ID already in use is a merged request (482);
   * past {@link SipConfig#maxPendingInvites()} pending set-ups it is 503 with Retry-After, unless
   * one has waited long enough for its ACK to be dropped for it. Otherwise it gets its transaction
   * and is handled.
   */
  private void newInvite(Request r) {
    if (sip.stack.findTransaction((gov.nist.javax.sip.message.SIPMessage) r, true) != null) {
      return; // a retransmission that came before the first one's transaction was made
    }
    String callId = callId(r);
    if (closed) {
      refuse(r, Response.TEMPORARILY_UNAVAILABLE, null, null);
      return;
    }
    Invitation pending = invitations.get(callId);
    if (pending != null && pending.branch().equals(branch(r))) {
      return; // a retransmission after the first one's transaction ended: its 2xx is resent
    }
    if (pending != null || chats.containsKey(callId)) {
      refuse(r, Response.LOOP_DETECTED, "this Call-ID is in use", null);
      return;
    }
    if (!makeRoom()) {
      int max = config.maxPendingInvites();
      long retryAfter = retryAfterSeconds();
      String why = max + " INVITEs are being set up; retry after " + retryAfter + " s";
      refuse(
          r,
          Response.SERVICE_UNAVAILABLE,
          why,
          resp -> resp.addHeader(sip.headers.createRetryAfterHeader((int) retryAfter)));
      tellRefused(new SetupFailure(Gate.from(r), callId, Response.SERVICE_UNAVAILABLE, why));
      return;
    }
    ServerTransaction st;
    try {
      st = sip.provider.getNewServerTransaction(r);
    } catch (TransactionAlreadyExistsException e) {
      return;
    } catch (TransactionUnavailableException e) {
      LOG.debug("no server transaction for an INVITE: {}", e.getMessage());
      return;
    }
    request(r, st);
  }

  /** The top Via's branch of a request. */
  static String branch(Request r) {
    return String.valueOf(((ViaHeader) r.getHeader(ViaHeader.NAME)).getBranch());
  }

  /**
   * Whether a new INVITE may be set up: fewer than the bound are pending, or the one that has
   * waited longest for its ACK (or its MSRP connection), a second or more, is dropped for it.
   */
  private boolean makeRoom() {
    int max = config.maxPendingInvites();
    if (invitations.size() < max) {
      return true;
    }
    long now = System.nanoTime();
    Invitation oldest = null;
    for (Invitation i : invitations.values()) {
      if (i.evictable(now) && (oldest == null || i.waitingSince() - oldest.waitingSince() < 0)) {
        oldest = i;
      }
    }
    if (oldest == null) {
      return false;
    }
    oldest.evict(
        "dropped for a newer INVITE: "
            + max
            + " were being set up, and this one had waited "
            + TimeUnit.NANOSECONDS.toMillis(now - oldest.waitingSince())
            + " ms for its ACK");
    return invitations.size() < max;
  }

  /** Whole seconds until a pending set-up can make room (at least 1). */
  private long retryAfterSeconds() {
    long now = System.nanoTime();
    long soonest = Long.MAX_VALUE;
    for (Invitation i : invitations.values()) {
      soonest = Math.min(soonest, i.roomIn(now, config.ringTimeout().toNanos()));
    }
    long seconds = soonest == Long.MAX_VALUE ? 1 : (soonest + 999_999_999L) / 1_000_000_000L;
    return Math.max(1, seconds);
  }

  /** JAIN-SIP's events, handed to the agent's thread. */
  private final class Events implements javax.sip.SipListener {
    private void run(Runnable r) {
      try {
        loop.execute(r);
      } catch (RejectedExecutionException e) {
        // closed
      }
    }

    @Override
    public void processRequest(RequestEvent event) {
      Request r = event.getRequest();
      if (Request.ACK.equals(r.getMethod())) {
        run(() -> ack(r));
        return;
      }
      ServerTransaction st = event.getServerTransaction();
      if (st == null && Request.INVITE.equals(r.getMethod()) && toTag(r) == null) {
        // A new INVITE: admitted here (stateless answers, no transaction kept for a refusal),
        // bounded on the agent's thread, where its transaction is made only if it is taken.
        if (!refusedAtTheGate(r)) {
          run(() -> newInvite(r));
        }
        return;
      }
      if (st == null
          && Request.MESSAGE.equals(r.getMethod())
          && toTag(r) == null
          && !toSessionStream(r)
          && refusedAtTheGate(r)) {
        return;
      }
      if (st == null) {
        try {
          st = sip.provider.getNewServerTransaction(r);
        } catch (TransactionAlreadyExistsException e) {
          return; // a retransmission: the transaction answers it
        } catch (TransactionUnavailableException e) {
          LOG.debug("no server transaction for {}: {}", r.getMethod(), e.getMessage());
          return;
        }
      }
      ServerTransaction transaction = st;
      run(() -> request(r, transaction));
    }

    @Override
    public void processResponse(ResponseEvent event) {
      run(() -> transactions.response(event));
    }

    @Override
    public void processTimeout(TimeoutEvent event) {
      if (!event.isServerTransaction()) {
        run(() -> transactions.timeout(event));
      }
    }

    @Override
    public void processIOException(IOExceptionEvent event) {
      LOG.debug(
          "I/O error towards {}:{}/{}", event.getHost(), event.getPort(), event.getTransport());
    }

    @Override
    public void processTransactionTerminated(TransactionTerminatedEvent event) {}

    @Override
    public void processDialogTerminated(DialogTerminatedEvent event) {
      Dialog d = event.getDialog();
      run(() -> dialogTerminated(d));
    }
  }
}
