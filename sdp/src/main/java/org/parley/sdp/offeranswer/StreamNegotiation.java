package org.parley.sdp.offeranswer;

import java.util.List;
import java.util.Objects;
import org.parley.msrp.MsrpUri;
import org.parley.sdp.AcceptType;
import org.parley.sdp.Direction;
import org.parley.sdp.MediaDescription;
import org.parley.sdp.MessageMedia;
import org.parley.sdp.MessageTransport;
import org.parley.sdp.SdpParseException;
import org.parley.sdp.SessionDescription;
import org.parley.sdp.Setup;

/** The negotiation of one {@code m=message} stream, as answerer or as offerer. */
final class StreamNegotiation {
  /** An answered stream: the media description to send and the plan. */
  static final class Answered {
    final MediaDescription media;
    final MessageSessionPlan plan;

    Answered(MediaDescription media, MessageSessionPlan plan) {
      this.media = media;
      this.plan = plan;
    }
  }

  private StreamNegotiation() {}

  /** Answers the message stream at {@code index} of {@code offer}. */
  static Answered answer(
      SessionDescription offer,
      int index,
      LocalCapabilities caps,
      MessageSessionPlan previous,
      boolean withConnection) {
    MediaDescription offeredMedia = offer.media().get(index);
    try {
      MessageMedia offered;
      try {
        offered = MessageMedia.of(offer, index);
      } catch (SdpParseException e) {
        throw new Refused(Refusal.MALFORMED, e.getMessage());
      }
      if (offered.port() == 0) {
        throw new Refused(Refusal.OFFER_DISABLED, "the offer's port is 0");
      }
      MessageTransport t = offered.transport();
      if (t == null) {
        throw new Refused(Refusal.UNSUPPORTED_TRANSPORT, "unknown proto " + offeredMedia.proto());
      }
      Direction direction = offered.direction().reverse().and(caps.direction());
      MessageSessionPlan.Builder plan = MessageSessionPlan.builder(index);
      plan.transport = t;
      plan.direction = direction;
      if (t == MessageTransport.SIP) {
        if (caps.sipUri() == null) {
          throw new Refused(
              Refusal.LEGACY_NOT_SUPPORTED, "the 2001 form (m=message ... sip) is not configured");
        }
        legacyPlan(plan, offered);
        MediaDescription media =
            MessageSections.legacy(caps, direction, withConnection, offeredMedia.media());
        return new Answered(media, finish(plan, previous));
      }
      if (t != caps.transport()) {
        throw new Refused(
            Refusal.UNSUPPORTED_TRANSPORT,
            "offered " + t.proto() + ", this end uses " + caps.transport().proto());
      }
      List<AcceptType> types = checkMsrp(offered);
      List<AcceptType> common = TypeIntersection.of(types, caps.acceptTypes());
      if (common.isEmpty()) {
        throw new Refused(
            Refusal.NO_COMMON_TYPE,
            "offered "
                + AcceptType.format(types)
                + ", accepted "
                + AcceptType.format(caps.acceptTypes()));
      }
      List<AcceptType> wrapped =
          TypeIntersection.of(offered.acceptWrappedTypes(), caps.acceptWrappedTypes());
      Setup role = SetupRules.answererRole(offered.setup().orElse(null), caps.setup());
      boolean cema = offered.cema() && caps.cema();
      msrpPlan(plan, offered, caps.path(), role, common, wrapped, cema);
      MediaDescription media =
          MessageSections.answer(
              caps,
              offered,
              offered.setup().isPresent() ? role : null,
              common,
              wrapped,
              cema,
              direction,
              withConnection);
      return new Answered(media, finish(plan, previous));
    } catch (Refused r) {
      return new Answered(
          offeredMedia.refused(), MessageSessionPlan.refused(index, r.refusal(), r.getMessage()));
    }
  }

  /** The offerer's plan for the stream at {@code index}, given the answer. */
  static MessageSessionPlan offererPlan(
      SessionDescription offer, SessionDescription answer, int index, MessageSessionPlan previous) {
    try {
      MessageMedia ours;
      try {
        // An offer built on a base keeps the base's other lines as written, broken ones too.
        ours = MessageMedia.of(offer, index);
      } catch (SdpParseException e) {
        throw new Refused(Refusal.MALFORMED, "the offer: " + e.getMessage());
      }
      if (ours.port() == 0) {
        throw new Refused(Refusal.OFFER_DISABLED, "the offer's port is 0");
      }
      if (!MessageMedia.isMessage(answer.media().get(index))) {
        throw new Refused(Refusal.MALFORMED, "the answer's media " + index + " is not message");
      }
      MessageMedia theirs;
      try {
        theirs = MessageMedia.of(answer, index);
      } catch (SdpParseException e) {
        throw new Refused(Refusal.MALFORMED, e.getMessage());
      }
      if (theirs.port() == 0) {
        throw new Refused(Refusal.ANSWER_REFUSED, "the answer's port is 0");
      }
      MessageTransport t = theirs.transport();
      if (t != ours.transport()) {
        throw new Refused(
            Refusal.UNSUPPORTED_TRANSPORT,
            "offered " + ours.description().proto() + ", answered " + theirs.description().proto());
      }
      MessageSessionPlan.Builder plan = MessageSessionPlan.builder(index);
      plan.transport = t;
      plan.direction = theirs.direction().reverse().and(ours.direction());
      if (t == MessageTransport.SIP) {
        legacyPlan(plan, theirs);
        return finish(plan, previous);
      }
      List<AcceptType> types = checkMsrp(theirs);
      List<AcceptType> common = TypeIntersection.of(ours.acceptTypes(), types);
      if (common.isEmpty()) {
        throw new Refused(
            Refusal.NO_COMMON_TYPE,
            "offered "
                + AcceptType.format(ours.acceptTypes())
                + ", answered "
                + AcceptType.format(types));
      }
      List<AcceptType> wrapped =
          TypeIntersection.of(ours.acceptWrappedTypes(), theirs.acceptWrappedTypes());
      Setup role = SetupRules.offererRole(ours.setup().orElse(null), theirs.setup().orElse(null));
      msrpPlan(plan, theirs, ours.path(), role, common, wrapped, ours.cema() && theirs.cema());
      return finish(plan, previous);
    } catch (Refused r) {
      return MessageSessionPlan.refused(index, r.refusal(), r.getMessage());
    }
  }

  /** Checks what every MSRP stream needs and returns its accept-types. */
  private static List<AcceptType> checkMsrp(MessageMedia m) throws Refused {
    List<MsrpUri> path = m.path();
    if (path.isEmpty()) {
      throw new Refused(Refusal.MISSING_PATH, "no a=path");
    }
    MsrpUri own = path.get(path.size() - 1);
    if (own.secure() != m.transport().tls()) {
      throw new Refused(
          Refusal.PATH_MISMATCH,
          "a=path ends with " + own.scheme() + ": but the proto is " + m.transport().proto());
    }
    if (m.acceptTypes().isEmpty()) {
      throw new Refused(Refusal.MISSING_ACCEPT_TYPES, "no a=accept-types");
    }
    return m.acceptTypes();
  }

  private static void legacyPlan(MessageSessionPlan.Builder plan, MessageMedia remote)
      throws Refused {
    if (!remote.sipUri().specific()) {
      throw new Refused(
          Refusal.URI_NOT_SPECIFIC,
          remote.sipUri() + " names neither a user nor a Call-ID and cannot identify the stream");
    }
    plan.mode = MessageSessionPlan.Mode.SIP_MESSAGE;
    plan.remoteSipUri = remote.sipUri();
  }

  private static void msrpPlan(
      MessageSessionPlan.Builder plan,
      MessageMedia remote,
      List<MsrpUri> localPath,
      Setup role,
      List<AcceptType> common,
      List<AcceptType> wrapped,
      boolean cema) {
    plan.connects = role == Setup.ACTIVE;
    plan.localPath = localPath;
    plan.remotePath = remote.path();
    plan.acceptTypes = common;
    plan.acceptWrappedTypes = wrapped;
    plan.remoteMaxSize = remote.maxSize();
    plan.remoteFingerprints = remote.fingerprints();
    plan.cema = cema;
    plan.fileSelector = remote.fileSelector().orElse(null);
    plan.fileTransferId = remote.fileTransferId().orElse(null);
    plan.fileRange = remote.fileRange().orElse(null);
    if (plan.connects) {
      MsrpUri first = remote.path().get(0);
      if (cema && remote.connection().isPresent()) {
        plan.connectHost = remote.connection().get().address();
        plan.connectPort = remote.port();
      } else {
        plan.connectHost = first.host();
        plan.connectPort = first.hasPort() ? first.port() : remote.port();
      }
    }
  }

  /** Sets {@code newConnection} against the previous plan of the same stream and builds. */
  private static MessageSessionPlan finish(
      MessageSessionPlan.Builder plan, MessageSessionPlan previous) {
    boolean same =
        previous != null
            && !previous.refused()
            && previous.mode() == plan.mode
            && previous.transport() == plan.transport
            && previous.connects() == plan.connects
            && previous.localPath().equals(plan.localPath)
            && previous.remotePath().equals(plan.remotePath)
            && Objects.equals(previous.remoteSipUri(), plan.remoteSipUri);
    plan.newConnection = !same;
    return plan.build();
  }
}
