package org.parley.sdp.offeranswer;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.UnaryOperator;
import org.parley.msrp.Hosts;
import org.parley.sdp.ConnectionField;
import org.parley.sdp.MediaDescription;
import org.parley.sdp.MessageMedia;
import org.parley.sdp.Origin;
import org.parley.sdp.SessionDescription;

/**
 * RFC 3264 offer/answer for the message streams of one SIP dialog. It remembers the last local and
 * remote descriptions, so that a re-offer keeps the session's {@code o=} sess-id, raises its
 * version, keeps every other stream byte for byte, and tells through {@link
 * MessageSessionPlan#newConnection()} whether a path changed.
 *
 * <p>Not thread-safe: one negotiator per dialog, used from the dialog's thread. Streams other than
 * {@code message} are not this class's business: in an offer they are copied from the base
 * description unchanged; in an answer they are answered by the function given, or refused (port 0).
 */
public final class Negotiator {
  private LocalCapabilities capabilities;
  private SessionDescription local;
  private SessionDescription remote;
  private SessionDescription pendingOffer;
  private SessionDescription beforeOffer;
  private final Map<Integer, MessageSessionPlan> plans = new HashMap<>();

  public Negotiator(LocalCapabilities capabilities) {
    this.capabilities = Objects.requireNonNull(capabilities);
  }

  /** Replaces the capabilities used by the next offer or answer (a new relay path, say). */
  public void capabilities(LocalCapabilities capabilities) {
    this.capabilities = Objects.requireNonNull(capabilities);
  }

  public LocalCapabilities capabilities() {
    return capabilities;
  }

  /** The last description sent, or {@code null}. */
  public SessionDescription localDescription() {
    return local;
  }

  /** The last description received, or {@code null}. */
  public SessionDescription remoteDescription() {
    return remote;
  }

  /**
   * An offer: the first one holds a single message stream; a later one (a re-offer) is the last
   * local description with its message streams offered afresh and its version raised.
   */
  public SessionDescription createOffer() {
    return createOffer(local);
  }

  /**
   * An offer built on {@code base} (which may hold audio and other streams, kept byte for byte):
   * each {@code m=message} of {@code base} is replaced by a fresh offer; without one, a message
   * stream is appended. {@code null} starts a new description.
   *
   * @throws IllegalStateException while an offer of ours awaits its answer
   */
  public SessionDescription createOffer(SessionDescription base) {
    if (pendingOffer != null) {
      throw new IllegalStateException("an offer is already waiting for its answer");
    }
    SessionDescription offer;
    if (base == null) {
      offer =
          SessionDescription.create(
              newOrigin(),
              ConnectionField.internet(capabilities.host()),
              List.of(MessageSections.offer(capabilities, false)));
    } else {
      boolean withC = needsMediaConnection(base);
      offer = base;
      boolean found = false;
      for (int i = 0; i < base.media().size(); i++) {
        if (MessageMedia.isMessage(base.media().get(i))) {
          offer = offer.withMedia(i, MessageSections.offer(capabilities, withC));
          found = true;
        }
      }
      if (!found) {
        offer = offer.withAddedMedia(MessageSections.offer(capabilities, withC));
      }
      if (local != null) {
        offer = offer.withOrigin(local.origin().nextVersion());
      }
    }
    beforeOffer = local;
    pendingOffer = offer;
    local = offer;
    return offer;
  }

  /** Answers {@code offer}, refusing every stream that is not {@code message}. */
  public Answer answer(SessionDescription offer) {
    return answer(offer, MediaDescription::refused);
  }

  /**
   * Answers {@code offer}: each {@code m=message} stream is negotiated; every other stream is
   * answered by {@code otherMedia} (given the offered media description, it returns the answer's),
   * and its result is put in the answer unchanged.
   *
   * @throws IllegalStateException while an offer of ours awaits its answer (glare: answer 491)
   */
  public Answer answer(SessionDescription offer, UnaryOperator<MediaDescription> otherMedia) {
    if (pendingOffer != null) {
      throw new IllegalStateException("glare: an offer of ours is waiting for its answer");
    }
    List<MediaDescription> media = new ArrayList<>();
    List<MessageSessionPlan> out = new ArrayList<>();
    for (int i = 0; i < offer.media().size(); i++) {
      MediaDescription m = offer.media().get(i);
      if (MessageMedia.isMessage(m)) {
        StreamNegotiation.Answered a =
            StreamNegotiation.answer(offer, i, capabilities, plans.get(i), false);
        media.add(a.media);
        out.add(a.plan);
      } else {
        media.add(Objects.requireNonNull(otherMedia.apply(m), "answer for media " + i));
      }
    }
    SessionDescription answer =
        SessionDescription.create(
            local == null ? newOrigin() : local.origin(),
            ConnectionField.internet(capabilities.host()),
            media);
    if (local != null && !sameExceptOrigin(answer, local)) {
      answer = answer.withOrigin(local.origin().nextVersion());
    }
    local = answer;
    remote = offer;
    record(out);
    return new Answer(answer, out);
  }

  /**
   * Takes the answer to the last offer and returns a plan per message stream.
   *
   * @throws IllegalStateException when no offer is waiting
   * @throws IllegalArgumentException when the answer's m= lines do not match the offer's (RFC 3264
   *     §6: same number, same order)
   */
  public List<MessageSessionPlan> acceptAnswer(SessionDescription answer) {
    if (pendingOffer == null) {
      throw new IllegalStateException("no offer is waiting for an answer");
    }
    SessionDescription offer = pendingOffer;
    if (answer.media().size() != offer.media().size()) {
      throw new IllegalArgumentException(
          "the answer has "
              + answer.media().size()
              + " m= lines, the offer had "
              + offer.media().size());
    }
    List<MessageSessionPlan> out = new ArrayList<>();
    for (int i = 0; i < offer.media().size(); i++) {
      if (MessageMedia.isMessage(offer.media().get(i))) {
        out.add(StreamNegotiation.offererPlan(offer, answer, i, plans.get(i)));
      }
    }
    pendingOffer = null;
    remote = answer;
    record(out);
    return List.copyOf(out);
  }

  /**
   * Forgets the offer waiting for its answer, as when the peer rejects the request that carried it
   * (a 488 or 491 to a re-INVITE): the last description sent before it is current again.
   */
  public void rollback() {
    if (pendingOffer != null) {
      local = beforeOffer;
      pendingOffer = null;
    }
  }

  private void record(List<MessageSessionPlan> out) {
    for (MessageSessionPlan p : out) {
      plans.put(p.mediaIndex(), p);
    }
  }

  private Origin newOrigin() {
    String host = Hosts.unbracketed(capabilities.host());
    return new Origin(
        capabilities.originUsername(),
        capabilities.sessionId(),
        capabilities.sessionId(),
        "IN",
        host.indexOf(':') >= 0 ? "IP6" : "IP4",
        host);
  }

  private boolean needsMediaConnection(SessionDescription base) {
    return base.connection()
        .map(c -> !c.equals(ConnectionField.internet(capabilities.host())))
        .orElse(true);
  }

  private static boolean sameExceptOrigin(SessionDescription a, SessionDescription b) {
    return a.withOrigin(b.origin()).toString().equals(b.toString());
  }
}
