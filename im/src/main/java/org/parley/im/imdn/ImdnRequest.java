package org.parley.im.imdn;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.parley.im.cpim.CpimAddress;
import org.parley.im.cpim.CpimHeader;
import org.parley.im.cpim.CpimMessage;
import org.parley.im.cpim.CpimSyntaxException;

/**
 * What a received message asks for (RFC 5438), and the notifications that answer it.
 *
 * <pre>
 * ImdnRequest.of(received).ifPresent(req -&gt; {
 *   if (req.wants(NotificationType.DELIVERY, ImdnStatus.DELIVERED)) {
 *     send(req.notification(NotificationType.DELIVERY, ImdnStatus.DELIVERED,
 *         me, OffsetDateTime.now(), ImdnMessageIds.next()));
 *   }
 * });
 * </pre>
 *
 * <p>The notification is a CPIM message of its own: From is the recipient, To is the message's
 * first IMDN-Record-Route if it has any (the IMDN-Record-Route values are copied, in order, into
 * IMDN-Route headers) and its From otherwise; it has a new imdn.Message-ID and a DateTime, no
 * Disposition-Notification, and carries a {@code message/imdn+xml} document with {@code
 * Content-Disposition: notification}.
 */
public final class ImdnRequest {
  private final String messageId;
  private final OffsetDateTime dateTime;
  private final DispositionNotification requested;
  private final CpimAddress sender;
  private final List<CpimAddress> recipients;
  private final CpimAddress originalTo;
  private final List<CpimAddress> recordRoutes;

  private ImdnRequest(
      String messageId,
      OffsetDateTime dateTime,
      DispositionNotification requested,
      CpimMessage m,
      CpimAddress originalTo,
      List<CpimAddress> recordRoutes) {
    this.messageId = messageId;
    this.dateTime = dateTime;
    this.requested = requested;
    this.sender = m.from().orElse(null);
    this.recipients = m.to();
    this.originalTo = originalTo;
    this.recordRoutes = List.copyOf(recordRoutes);
  }

  /**
   * The request a message carries; empty when it asks for nothing (no imdn.Message-ID, no or an
   * empty Disposition-Notification) or is itself a notification.
   *
   * @throws ImdnParseException when an IMDN header breaks its rule, or DateTime is missing
   */
  public static Optional<ImdnRequest> of(CpimMessage m) {
    if (ImdnHeaders.isNotification(m)) {
      return Optional.empty();
    }
    Optional<String> id = ImdnHeaders.messageId(m);
    List<CpimHeader> dn = m.headers(ImdnHeaders.NAMESPACE, ImdnHeaders.DISPOSITION_NOTIFICATION);
    if (dn.size() > 1) {
      throw ImdnParseException.inHeader(
          ImdnRule.DISPOSITION_NOTIFICATION, 0, "Disposition-Notification appears twice");
    }
    if (id.isEmpty() || dn.isEmpty()) {
      return Optional.empty();
    }
    DispositionNotification requested = DispositionNotification.parse(dn.get(0).rawValue());
    if (requested.requests().isEmpty()) {
      return Optional.empty();
    }
    OffsetDateTime dateTime =
        m.dateTime()
            .orElseThrow(
                () ->
                    ImdnParseException.inHeader(
                        ImdnRule.DATE_TIME,
                        0,
                        "a message asking for notifications has no DateTime"));
    List<CpimHeader> ot = m.headers(ImdnHeaders.NAMESPACE, ImdnHeaders.ORIGINAL_TO);
    if (ot.size() > 1) {
      throw ImdnParseException.inHeader(ImdnRule.ORIGINAL_TO, 0, "Original-To appears twice");
    }
    CpimAddress originalTo = ot.isEmpty() ? null : address(ot.get(0), ImdnRule.ORIGINAL_TO);
    List<CpimAddress> routes = new ArrayList<>();
    for (CpimHeader h : m.headers(ImdnHeaders.NAMESPACE, ImdnHeaders.IMDN_RECORD_ROUTE)) {
      routes.add(address(h, ImdnRule.IMDN_RECORD_ROUTE));
    }
    return Optional.of(new ImdnRequest(id.get(), dateTime, requested, m, originalTo, routes));
  }

  private static CpimAddress address(CpimHeader h, ImdnRule rule) {
    try {
      return CpimAddress.parse(h.rawValue());
    } catch (CpimSyntaxException e) {
      throw ImdnParseException.inHeader(rule, e.offset(), e.detail());
    }
  }

  /** The message's imdn.Message-ID. */
  public String messageId() {
    return messageId;
  }

  /** The message's DateTime. */
  public OffsetDateTime dateTime() {
    return dateTime;
  }

  /** The notifications asked for. */
  public DispositionNotification requested() {
    return requested;
  }

  /** The message's From, if any. */
  public Optional<CpimAddress> sender() {
    return Optional.ofNullable(sender);
  }

  /** The message's imdn.Original-To, if any. */
  public Optional<CpimAddress> originalTo() {
    return Optional.ofNullable(originalTo);
  }

  /** The message's imdn.IMDN-Record-Route values, in order. */
  public List<CpimAddress> recordRoutes() {
    return recordRoutes;
  }

  /**
   * Whether a notification of {@code status} is asked for: {@code delivered} for positive-delivery,
   * {@code failed} for negative-delivery, {@code forbidden} and {@code error} for either; {@code
   * displayed}, {@code forbidden}, {@code error} for display; any processing status for processing.
   *
   * @throws IllegalArgumentException when {@code status} is not allowed in {@code type}
   */
  public boolean wants(NotificationType type, ImdnStatus status) {
    return asks(requested, type, status);
  }

  static boolean asks(DispositionNotification requested, NotificationType type, ImdnStatus status) {
    if (!status.allowedIn(type)) {
      throw new IllegalArgumentException(
          status.element() + " is not a status of " + type.element());
    }
    switch (type) {
      case DELIVERY:
        boolean positive = requested.requests(DispositionRequest.POSITIVE_DELIVERY);
        boolean negative = requested.requests(DispositionRequest.NEGATIVE_DELIVERY);
        switch (status) {
          case DELIVERED:
            return positive;
          case FAILED:
            return negative;
          default:
            return positive || negative;
        }
      case DISPLAY:
        return requested.requests(DispositionRequest.DISPLAY);
      default:
        return requested.requests(DispositionRequest.PROCESSING);
    }
  }

  /**
   * The document reporting {@code status}: this message's id and DateTime, {@code recipientUri},
   * and as original recipient its Original-To, else its first To.
   */
  public ImdnDocument document(NotificationType type, ImdnStatus status, String recipientUri) {
    CpimAddress original =
        originalTo != null ? originalTo : recipients.isEmpty() ? null : recipients.get(0);
    return ImdnDocument.builder(messageId, dateTime, type, status)
        .recipientUri(recipientUri)
        .originalRecipientUri(original == null ? null : original.uri())
        .build();
  }

  /**
   * The notification message reporting {@code status}, sent by {@code self} (the recipient) at
   * {@code now} with the new id {@code notificationId}. Call it only when {@link #wants} says so.
   *
   * @throws IllegalStateException when the message has neither From nor IMDN-Record-Route, so the
   *     notification has nowhere to go
   */
  public CpimMessage notification(
      NotificationType type,
      ImdnStatus status,
      CpimAddress self,
      OffsetDateTime now,
      String notificationId) {
    Objects.requireNonNull(self, "self");
    CpimAddress to = !recordRoutes.isEmpty() ? recordRoutes.get(0) : sender;
    if (to == null) {
      throw new IllegalStateException("the message has no From and no IMDN-Record-Route");
    }
    CpimMessage.Builder b = CpimMessage.builder().from(self).to(to);
    ImdnHeaders.request(b, notificationId, now, null);
    for (CpimAddress route : recordRoutes) {
      b.header(ImdnHeaders.PREFIX + '.' + ImdnHeaders.IMDN_ROUTE, route.toString());
    }
    return b.contentType(ImdnDocument.CONTENT_TYPE)
        .mimeHeader("Content-Disposition", "notification")
        .body(document(type, status, self.uri()).toXml())
        .build();
  }
}
