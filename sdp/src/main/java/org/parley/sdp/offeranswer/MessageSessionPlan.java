package org.parley.sdp.offeranswer;

import java.util.List;
import java.util.OptionalLong;
import org.parley.msrp.Fingerprint;
import org.parley.msrp.MsrpUri;
import org.parley.sdp.AcceptType;
import org.parley.sdp.Direction;
import org.parley.sdp.FileRange;
import org.parley.sdp.FileSelector;
import org.parley.sdp.MessageTransport;
import org.parley.sdp.SipUri;

/**
 * What the MSRP (or SIP) layer must do for one negotiated message stream: who connects, to which
 * path, with which limits; or, for a refused stream, why. Immutable.
 *
 * <p>For {@link Mode#MSRP}: {@link #connects()} says whether this end opens the connection (to
 * {@link #connectHost()}:{@link #connectPort()}) or waits for it on its own path's URI; messages go
 * to {@link #remotePath()}. For {@link Mode#SIP_MESSAGE} (the 2001 form) messages are SIP MESSAGE
 * requests to {@link #remoteSipUri()}, carrying {@link #callId()} when the URI named one.
 */
public final class MessageSessionPlan {
  /** How messages travel on the stream. */
  public enum Mode {
    /** MSRP over TCP, TLS or WebSocket. */
    MSRP,
    /** The 2001 form: SIP MESSAGE requests. */
    SIP_MESSAGE,
    /** The stream is refused; see {@link #refusal()}. */
    REFUSED
  }

  private final int mediaIndex;
  private final Mode mode;
  private final Refusal refusal;
  private final String reason;
  private final MessageTransport transport;
  private final boolean connects;
  private final String connectHost;
  private final int connectPort;
  private final List<MsrpUri> localPath;
  private final List<MsrpUri> remotePath;
  private final SipUri remoteSipUri;
  private final List<AcceptType> acceptTypes;
  private final List<AcceptType> acceptWrappedTypes;
  private final OptionalLong remoteMaxSize;
  private final List<Fingerprint> remoteFingerprints;
  private final boolean cema;
  private final Direction direction;
  private final boolean newConnection;
  private final FileSelector fileSelector;
  private final String fileTransferId;
  private final FileRange fileRange;

  private MessageSessionPlan(Builder b) {
    this.mediaIndex = b.mediaIndex;
    this.mode = b.mode;
    this.refusal = b.refusal;
    this.reason = b.reason;
    this.transport = b.transport;
    this.connects = b.connects;
    this.connectHost = b.connectHost;
    this.connectPort = b.connectPort;
    this.localPath = b.localPath;
    this.remotePath = b.remotePath;
    this.remoteSipUri = b.remoteSipUri;
    this.acceptTypes = b.acceptTypes;
    this.acceptWrappedTypes = b.acceptWrappedTypes;
    this.remoteMaxSize = b.remoteMaxSize;
    this.remoteFingerprints = b.remoteFingerprints;
    this.cema = b.cema;
    this.direction = b.direction;
    this.newConnection = b.newConnection;
    this.fileSelector = b.fileSelector;
    this.fileTransferId = b.fileTransferId;
    this.fileRange = b.fileRange;
  }

  static Builder builder(int mediaIndex) {
    return new Builder(mediaIndex);
  }

  static MessageSessionPlan refused(int mediaIndex, Refusal refusal, String reason) {
    Builder b = new Builder(mediaIndex);
    b.mode = Mode.REFUSED;
    b.refusal = refusal;
    b.reason = reason;
    b.direction = Direction.INACTIVE;
    return b.build();
  }

  /** The index of the stream's {@code m=} line in the description. */
  public int mediaIndex() {
    return mediaIndex;
  }

  public Mode mode() {
    return mode;
  }

  /** {@code true} for a refused stream. */
  public boolean refused() {
    return mode == Mode.REFUSED;
  }

  /** Why the stream was refused, or {@code null}. */
  public Refusal refusal() {
    return refusal;
  }

  /** The refusal in words, or {@code null}. */
  public String reason() {
    return reason;
  }

  /** The transport, or {@code null} for a refused stream. */
  public MessageTransport transport() {
    return transport;
  }

  /** {@code true} when the stream runs over TLS (check {@link #remoteFingerprints()}). */
  public boolean tls() {
    return transport != null && transport.tls();
  }

  /** {@code true} when this end opens the MSRP connection (setup active). */
  public boolean connects() {
    return connects;
  }

  /** Where to open the connection: the remote path's first hop, or its c= address under CEMA. */
  public String connectHost() {
    return connectHost;
  }

  /** The port to connect to, or -1 when not connecting. */
  public int connectPort() {
    return connectPort;
  }

  /** This end's path as offered or answered. */
  public List<MsrpUri> localPath() {
    return localPath;
  }

  /** The peer's path: To-Path of the requests this end sends. */
  public List<MsrpUri> remotePath() {
    return remotePath;
  }

  /** For the 2001 form, where SIP MESSAGE requests go; otherwise {@code null}. */
  public SipUri remoteSipUri() {
    return remoteSipUri;
  }

  /** For the 2001 form, the Call-ID named by the remote SIP URI, or {@code null}. */
  public String callId() {
    return remoteSipUri == null ? null : remoteSipUri.callId();
  }

  /**
   * The types both ends accept: send only bodies that one of these {@linkplain AcceptType#matches
   * matches}.
   */
  public List<AcceptType> acceptTypes() {
    return acceptTypes;
  }

  /** The wrapped types both ends accept, or empty. */
  public List<AcceptType> acceptWrappedTypes() {
    return acceptWrappedTypes;
  }

  /** The peer's {@code a=max-size}: the largest message it takes, if it said. */
  public OptionalLong remoteMaxSize() {
    return remoteMaxSize;
  }

  /** The peer's {@code a=fingerprint}s: its TLS certificate must match one. */
  public List<Fingerprint> remoteFingerprints() {
    return remoteFingerprints;
  }

  /** {@code true} when both ends use RFC 6714's connection model. */
  public boolean cema() {
    return cema;
  }

  /** The direction from this end: whether it may send and expects to receive. */
  public Direction direction() {
    return direction;
  }

  /**
   * {@code true} when the MSRP layer must set up a connection: a first negotiation, or a re-offer
   * that changed a path, the roles or the transport. {@code false}: keep the existing one.
   */
  public boolean newConnection() {
    return newConnection;
  }

  /** For a file transfer (RFC 5547), the file, or {@code null}. */
  public FileSelector fileSelector() {
    return fileSelector;
  }

  /** For a file transfer, its file-transfer-id, or {@code null}. */
  public String fileTransferId() {
    return fileTransferId;
  }

  /** For a file transfer, the peer's {@code a=file-range}, or {@code null} (the whole file). */
  public FileRange fileRange() {
    return fileRange;
  }

  @Override
  public String toString() {
    if (refused()) {
      return "media " + mediaIndex + ": refused (" + refusal + "): " + reason;
    }
    if (mode == Mode.SIP_MESSAGE) {
      return "media " + mediaIndex + ": SIP MESSAGE to " + remoteSipUri + ", " + direction.token();
    }
    return "media "
        + mediaIndex
        + ": "
        + transport.proto()
        + (connects ? ", connect to " + connectHost + ":" + connectPort : ", listen")
        + ", To-Path "
        + remotePath
        + ", types "
        + acceptTypes
        + ", "
        + direction.token()
        + (newConnection ? ", new connection" : ", same connection");
  }

  static final class Builder {
    private final int mediaIndex;
    Mode mode = Mode.MSRP;
    Refusal refusal;
    String reason;
    MessageTransport transport;
    boolean connects;
    String connectHost;
    int connectPort = -1;
    List<MsrpUri> localPath = List.of();
    List<MsrpUri> remotePath = List.of();
    SipUri remoteSipUri;
    List<AcceptType> acceptTypes = List.of();
    List<AcceptType> acceptWrappedTypes = List.of();
    OptionalLong remoteMaxSize = OptionalLong.empty();
    List<Fingerprint> remoteFingerprints = List.of();
    boolean cema;
    Direction direction = Direction.SENDRECV;
    boolean newConnection = true;
    FileSelector fileSelector;
    String fileTransferId;
    FileRange fileRange;

    private Builder(int mediaIndex) {
      this.mediaIndex = mediaIndex;
    }

    MessageSessionPlan build() {
      return new MessageSessionPlan(this);
    }
  }
}
