package org.parley.sip.im;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.parley.im.cpim.CpimAddress;
import org.parley.im.cpim.CpimMessage;
import org.parley.im.cpim.CpimSyntaxException;
import org.parley.im.imdn.ImdnDocument;
import org.parley.im.imdn.ImdnHeaders;
import org.parley.im.imdn.ImdnParseException;
import org.parley.im.imdn.ImdnRequest;
import org.parley.im.imdn.ImdnStatus;
import org.parley.im.imdn.ImdnTracker;
import org.parley.im.imdn.NotificationType;
import org.parley.im.iscomposing.IsComposing;
import org.parley.im.iscomposing.IsComposingParseException;
import org.parley.im.iscomposing.IsComposingReceiver;
import org.parley.sip.ChatMessage;
import org.parley.sip.ChatSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What an {@link ImSession} receives, sorted by its type: CPIM is unwrapped (a notification is
 * correlated, an is-composing status goes to the peer's state machine, content goes to the
 * application after its delivery notification), bare IMDN and is-composing documents are taken too,
 * anything else is content. What breaks a rule is dropped and logged (its rule, never its content).
 * On the IM thread only.
 */
final class ImIncoming {
  private static final Logger LOG = LoggerFactory.getLogger(ImIncoming.class);
  private static final int MAX_PENDING = 1024;

  /** Sends a notification answering a received message. */
  interface Notifier {
    void notify(ImdnRequest request, NotificationType type, ImdnStatus status);
  }

  private final ImSession owner;
  private final ImListener listener;
  private final ImdnTracker<String> tracker;
  private final IsComposingReceiver peerComposing;
  private final Notifier notifier;
  private final Map<String, ImdnRequest> displayPending =
      new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, ImdnRequest> eldest) {
          return size() > MAX_PENDING;
        }
      };

  ImIncoming(
      ImSession owner,
      ImListener listener,
      ImdnTracker<String> tracker,
      IsComposingReceiver peerComposing,
      Notifier notifier) {
    this.owner = owner;
    this.listener = listener;
    this.tracker = tracker;
    this.peerComposing = peerComposing;
    this.notifier = notifier;
  }

  /** The request of a message shown to the user, once: its display notification is due. */
  Optional<ImdnRequest> displayed(String messageId) {
    return Optional.ofNullable(displayPending.remove(messageId));
  }

  void received(ChatSession s, ChatMessage m) {
    switch (mediaType(m.contentType())) {
      case CpimMessage.CONTENT_TYPE:
        cpim(s, m.body());
        break;
      case IsComposing.CONTENT_TYPE:
        status(m.body());
        break;
      case ImdnDocument.CONTENT_TYPE:
        try {
          notified(ImdnDocument.parse(m.body()));
        } catch (ImdnParseException e) {
          LOG.debug("notification dropped: {}", e.getMessage());
        }
        break;
      default:
        peerComposing.onMessage();
        listener.message(
            owner, new ReceivedIm(null, s.peer(), null, m.contentType(), m.body(), false));
    }
  }

  private void cpim(ChatSession s, byte[] bytes) {
    CpimMessage c;
    try {
      c = CpimMessage.parse(bytes);
    } catch (CpimSyntaxException e) {
      LOG.debug("CPIM message dropped: {}", e.getMessage());
      return;
    }
    try {
      if (ImdnHeaders.isNotification(c)) {
        ImdnHeaders.notification(c).ifPresent(this::notified);
        return;
      }
    } catch (ImdnParseException e) {
      LOG.debug("notification dropped: {}", e.getMessage());
      return;
    }
    if (c.mediaType().map(IsComposing.CONTENT_TYPE::equals).orElse(false)) {
      status(c.body());
      return;
    }
    content(s, c);
  }

  private void content(ChatSession s, CpimMessage c) {
    peerComposing.onMessage();
    Optional<ImdnRequest> request;
    String id;
    try {
      request = ImdnRequest.of(c);
      id = ImdnHeaders.messageId(c).orElse(null);
    } catch (ImdnParseException e) {
      LOG.debug("IMDN request ignored: {}", e.getMessage());
      request = Optional.empty();
      id = null;
    }
    boolean display = false;
    if (request.isPresent()) {
      ImdnRequest r = request.get();
      if (r.wants(NotificationType.DELIVERY, ImdnStatus.DELIVERED)) {
        notifier.notify(r, NotificationType.DELIVERY, ImdnStatus.DELIVERED);
      }
      display = r.wants(NotificationType.DISPLAY, ImdnStatus.DISPLAYED);
      if (display) {
        displayPending.put(id, r);
      }
    }
    listener.message(
        owner,
        new ReceivedIm(
            id,
            c.from().map(CpimAddress::uri).orElse(s.peer()),
            c.dateTime().orElse(null),
            c.contentType().orElse("text/plain"),
            c.body(),
            display));
  }

  private void status(byte[] xml) {
    try {
      peerComposing.onStatus(IsComposing.parse(xml));
    } catch (IsComposingParseException e) {
      LOG.debug("is-composing status dropped: {}", e.getMessage());
    }
  }

  private void notified(ImdnDocument doc) {
    tracker
        .correlate(doc)
        .filter(ImdnTracker.Match::first)
        .ifPresent(m -> listener.notification(owner, m.context(), doc.status()));
  }

  /** The type and subtype of a Content-Type, lower case, without parameters. */
  static String mediaType(String contentType) {
    int semi = contentType.indexOf(';');
    return (semi < 0 ? contentType : contentType.substring(0, semi))
        .trim()
        .toLowerCase(Locale.ROOT);
  }
}
