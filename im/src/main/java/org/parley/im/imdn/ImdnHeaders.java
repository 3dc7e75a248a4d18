package org.parley.im.imdn;

import java.time.OffsetDateTime;
import java.util.Optional;
import org.parley.im.cpim.CpimChars;
import org.parley.im.cpim.CpimMessage;

/**
 * The CPIM side of RFC 5438 for a message's sender: the {@code imdn} namespace, asking for
 * notifications, and telling a notification from a message.
 *
 * <pre>
 * CpimMessage.Builder b = CpimMessage.builder().from(alice).to(bob);
 * String id = ImdnMessageIds.next();
 * ImdnHeaders.request(b, id, OffsetDateTime.now(),
 *     DispositionNotification.of(DispositionRequest.POSITIVE_DELIVERY, DispositionRequest.DISPLAY));
 * // NS: imdn &lt;urn:ietf:params:imdn&gt;
 * // imdn.Message-ID: 4nWmq0P9WqvU3fJz
 * // DateTime: 2024-05-01T10:00:00Z
 * // imdn.Disposition-Notification: positive-delivery, display
 * </pre>
 */
public final class ImdnHeaders {
  /** The namespace of the IMDN CPIM headers. */
  public static final String NAMESPACE = "urn:ietf:params:imdn";

  /** The prefix this module declares for {@link #NAMESPACE}. */
  public static final String PREFIX = "imdn";

  /** {@code Message-ID}. */
  public static final String MESSAGE_ID = "Message-ID";

  /** {@code Disposition-Notification}. */
  public static final String DISPOSITION_NOTIFICATION = "Disposition-Notification";

  /** {@code Original-To}. */
  public static final String ORIGINAL_TO = "Original-To";

  /** {@code IMDN-Record-Route}. */
  public static final String IMDN_RECORD_ROUTE = "IMDN-Record-Route";

  /** {@code IMDN-Route}. */
  public static final String IMDN_ROUTE = "IMDN-Route";

  private ImdnHeaders() {}

  /**
   * Adds {@code NS: imdn <urn:ietf:params:imdn>}, {@code imdn.Message-ID}, {@code DateTime} and,
   * unless {@code requested} is null or empty, {@code imdn.Disposition-Notification}. RFC 5438
   * wants a DateTime with the Message-ID, so this adds it: the builder must not have one yet.
   *
   * @throws ImdnParseException (MESSAGE_ID) when {@code messageId} is not a Token
   */
  public static CpimMessage.Builder request(
      CpimMessage.Builder b,
      String messageId,
      OffsetDateTime dateTime,
      DispositionNotification requested) {
    checkMessageId(messageId);
    b.namespace(PREFIX, NAMESPACE).header(PREFIX + '.' + MESSAGE_ID, messageId).dateTime(dateTime);
    if (requested != null && !requested.toString().isEmpty()) {
      b.header(PREFIX + '.' + DISPOSITION_NOTIFICATION, requested.toString());
    }
    return b;
  }

  /**
   * The message's {@code imdn.Message-ID}, whatever prefix declares the namespace.
   *
   * @throws ImdnParseException (MESSAGE_ID) when it is not a Token or appears twice
   */
  public static Optional<String> messageId(CpimMessage m) {
    var all = m.headers(NAMESPACE, MESSAGE_ID);
    if (all.size() > 1) {
      throw ImdnParseException.inHeader(ImdnRule.MESSAGE_ID, 0, "imdn.Message-ID appears twice");
    }
    if (all.isEmpty()) {
      return Optional.empty();
    }
    String id = all.get(0).rawValue();
    checkMessageId(id);
    return Optional.of(id);
  }

  static void checkMessageId(String id) {
    for (int i = 0; i < id.length(); i++) {
      if (!CpimChars.tokenChar(id.charAt(i))) {
        throw ImdnParseException.inHeader(
            ImdnRule.MESSAGE_ID,
            CpimChars.utf8Length(id, 0, i),
            "a Message-ID is a Token; '" + id.charAt(i) + "' is not a TOKENCHAR");
      }
    }
    if (id.isEmpty()) {
      throw ImdnParseException.inHeader(ImdnRule.MESSAGE_ID, 0, "empty Message-ID");
    }
  }

  /**
   * Whether the message is itself a notification: its content is {@code message/imdn+xml} or its
   * Content-Disposition is {@code notification}. A notification is never answered with one.
   */
  public static boolean isNotification(CpimMessage m) {
    if (m.mediaType().map(ImdnDocument.CONTENT_TYPE::equals).orElse(false)) {
      return true;
    }
    return m.mimeHeader("Content-Disposition")
        .map(v -> v.split(";", 2)[0].trim().equalsIgnoreCase("notification"))
        .orElse(false);
  }

  /**
   * The notification a message carries, if its content is {@code message/imdn+xml}.
   *
   * @throws ImdnParseException when the document breaks a rule
   */
  public static Optional<ImdnDocument> notification(CpimMessage m) {
    if (!m.mediaType().map(ImdnDocument.CONTENT_TYPE::equals).orElse(false)) {
      return Optional.empty();
    }
    return Optional.of(ImdnDocument.parse(m.body()));
  }
}
