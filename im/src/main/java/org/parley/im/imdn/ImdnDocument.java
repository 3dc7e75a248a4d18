package org.parley.im.imdn;

import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.Objects;
import java.util.Optional;
import org.parley.im.Rfc3339;
import org.parley.im.SafeXml;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * A {@code message/imdn+xml} document (RFC 5438): the notification that a message was delivered,
 * displayed or processed, or that it failed, was forbidden or met an error.
 *
 * <pre>
 * &lt;?xml version="1.0" encoding="UTF-8"?&gt;
 * &lt;imdn xmlns="urn:ietf:params:xml:ns:imdn"&gt;
 *   &lt;message-id&gt;34jk324j&lt;/message-id&gt;                 the notified message's imdn.Message-ID
 *   &lt;datetime&gt;2008-04-04T12:16:49-05:00&lt;/datetime&gt;    and its DateTime
 *   &lt;recipient-uri&gt;im:bob@example.com&lt;/recipient-uri&gt;  optional
 *   &lt;original-recipient-uri&gt;im:bob@example.com&lt;/original-recipient-uri&gt;  optional
 *   &lt;subject&gt;...&lt;/subject&gt;                          optional
 *   &lt;delivery-notification&gt;&lt;status&gt;&lt;delivered/&gt;&lt;/status&gt;&lt;/delivery-notification&gt;
 * &lt;/imdn&gt;
 * </pre>
 *
 * <p>Parsing uses the JDK's DOM parser hardened against XML attacks: UTF-8 only, any document type
 * declaration refused (so no entity of any kind), secure processing, a size bound. Elements of
 * other namespaces are ignored, as the schema's extension points allow; unknown elements of the
 * IMDN namespace are refused. Immutable.
 */
public final class ImdnDocument {
  /** The MIME type of an IMDN document. */
  public static final String CONTENT_TYPE = "message/imdn+xml";

  /** The XML namespace of IMDN documents. */
  public static final String NAMESPACE = "urn:ietf:params:xml:ns:imdn";

  /** The size bound of {@link #parse(byte[])}: 64 KB. */
  public static final int DEFAULT_MAX_SIZE = 64 * 1024;

  private final String messageId;
  private final OffsetDateTime dateTime;
  private final String recipientUri;
  private final String originalRecipientUri;
  private final String subject;
  private final NotificationType type;
  private final ImdnStatus status;

  private ImdnDocument(Builder b) {
    this.messageId = b.messageId;
    this.dateTime = b.dateTime;
    this.recipientUri = b.recipientUri;
    this.originalRecipientUri = b.originalRecipientUri;
    this.subject = b.subject;
    this.type = b.type;
    this.status = b.status;
  }

  /**
   * A builder for the notification of {@code status} about the message with {@code messageId} sent
   * at {@code dateTime}.
   *
   * @throws IllegalArgumentException when {@code status} is not allowed in {@code type}
   */
  public static Builder builder(
      String messageId, OffsetDateTime dateTime, NotificationType type, ImdnStatus status) {
    return new Builder(messageId, dateTime, type, status);
  }

  /**
   * Reads a document of at most {@link #DEFAULT_MAX_SIZE} bytes.
   *
   * @throws ImdnParseException naming the rule broken
   */
  public static ImdnDocument parse(byte[] xml) {
    return parse(xml, DEFAULT_MAX_SIZE);
  }

  /**
   * Reads a document of at most {@code maxSize} bytes.
   *
   * @throws ImdnParseException naming the rule broken
   */
  public static ImdnDocument parse(byte[] xml, int maxSize) {
    Document doc;
    try {
      doc = SafeXml.parse(xml, maxSize);
    } catch (SafeXml.Failure f) {
      throw ImdnParseException.inDocument(rule(f.reason()), f.line(), f.column(), f.getMessage());
    }
    Element root = doc.getDocumentElement();
    if (!SafeXml.is(root, NAMESPACE, "imdn")) {
      throw error(
          ImdnRule.ROOT,
          "the root is {" + root.getNamespaceURI() + "}" + root.getLocalName() + ", not imdn");
    }
    String messageId = null;
    OffsetDateTime dateTime = null;
    String recipient = null;
    String original = null;
    String subject = null;
    NotificationType type = null;
    ImdnStatus status = null;
    for (Element e : SafeXml.children(root)) {
      if (!NAMESPACE.equals(e.getNamespaceURI())) {
        continue;
      }
      String name = e.getLocalName();
      switch (name) {
        case "message-id":
          messageId = SafeXml.trim(once(messageId, e));
          if (messageId.isEmpty()) {
            throw error(ImdnRule.ELEMENT, "<message-id> is empty");
          }
          break;
        case "datetime":
          String text = SafeXml.trim(once(dateTime == null ? null : "", e));
          try {
            dateTime = Rfc3339.parse(text);
          } catch (Rfc3339.Failure f) {
            throw error(ImdnRule.ELEMENT, "<datetime>: " + f.getMessage() + ": " + text);
          }
          break;
        case "recipient-uri":
          recipient = SafeXml.trim(once(recipient, e));
          break;
        case "original-recipient-uri":
          original = SafeXml.trim(once(original, e));
          break;
        case "subject":
          subject = once(subject, e);
          break;
        default:
          NotificationType t =
              NotificationType.ofElement(name)
                  .orElseThrow(
                      () -> error(ImdnRule.ELEMENT, "unknown element <" + name + "> in imdn"));
          if (type != null) {
            throw error(ImdnRule.NOTIFICATION, "more than one notification element");
          }
          type = t;
          status = status(e, t);
      }
    }
    if (messageId == null) {
      throw error(ImdnRule.ELEMENT, "<message-id> is missing");
    }
    if (dateTime == null) {
      throw error(ImdnRule.ELEMENT, "<datetime> is missing");
    }
    if (type == null) {
      throw error(
          ImdnRule.NOTIFICATION,
          "no delivery-notification, display-notification or processing-notification");
    }
    return builder(messageId, dateTime, type, status)
        .recipientUri(recipient)
        .originalRecipientUri(original)
        .subject(subject)
        .build();
  }

  private static ImdnRule rule(SafeXml.Reason reason) {
    switch (reason) {
      case TOO_LARGE:
        return ImdnRule.SIZE;
      case NOT_UTF8:
        return ImdnRule.ENCODING;
      case DOCTYPE:
        return ImdnRule.DOCTYPE;
      default:
        return ImdnRule.XML;
    }
  }

  private static String once(Object seen, Element e) {
    if (seen != null) {
      throw error(ImdnRule.ELEMENT, "<" + e.getLocalName() + "> appears twice");
    }
    String text = SafeXml.text(e);
    if (text == null) {
      throw error(ImdnRule.ELEMENT, "<" + e.getLocalName() + "> holds elements, not text");
    }
    return text;
  }

  private static ImdnStatus status(Element notification, NotificationType type) {
    Element statusElement = null;
    for (Element e : SafeXml.children(notification)) {
      if (SafeXml.is(e, NAMESPACE, "status")) {
        if (statusElement != null) {
          throw error(ImdnRule.STATUS, "<" + type.element() + "> has two <status>");
        }
        statusElement = e;
      } else if (NAMESPACE.equals(e.getNamespaceURI())) {
        throw error(
            ImdnRule.STATUS,
            "unknown element <" + e.getLocalName() + "> in <" + type.element() + ">");
      }
    }
    if (statusElement == null) {
      throw error(ImdnRule.STATUS, "<" + type.element() + "> has no <status>");
    }
    ImdnStatus status = null;
    for (Element e : SafeXml.children(statusElement)) {
      if (!NAMESPACE.equals(e.getNamespaceURI())) {
        continue;
      }
      ImdnStatus s =
          ImdnStatus.ofElement(e.getLocalName())
              .filter(x -> x.allowedIn(type))
              .orElseThrow(
                  () ->
                      error(
                          ImdnRule.STATUS,
                          "<" + e.getLocalName() + "> is not a status of " + type.element()));
      if (status != null) {
        throw error(ImdnRule.STATUS, "<status> holds two statuses");
      }
      status = s;
    }
    if (status == null) {
      throw error(ImdnRule.STATUS, "<status> is empty");
    }
    return status;
  }

  private static ImdnParseException error(ImdnRule rule, String detail) {
    return ImdnParseException.inDocument(rule, 0, 0, detail);
  }

  /** The document as UTF-8 XML. */
  public byte[] toXml() {
    StringBuilder sb = new StringBuilder(320);
    sb.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    sb.append("<imdn xmlns=\"").append(NAMESPACE).append("\">\n");
    element(sb, "message-id", messageId);
    element(sb, "datetime", Rfc3339.format(dateTime));
    element(sb, "recipient-uri", recipientUri);
    element(sb, "original-recipient-uri", originalRecipientUri);
    element(sb, "subject", subject);
    sb.append("  <").append(type.element()).append(">\n");
    sb.append("    <status>\n");
    sb.append("      <").append(status.element()).append("/>\n");
    sb.append("    </status>\n");
    sb.append("  </").append(type.element()).append(">\n");
    sb.append("</imdn>\n");
    return sb.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static void element(StringBuilder sb, String name, String text) {
    if (text != null) {
      sb.append("  <").append(name).append('>');
      sb.append(SafeXml.escape(text));
      sb.append("</").append(name).append(">\n");
    }
  }

  /** The imdn.Message-ID of the message this notification is about. */
  public String messageId() {
    return messageId;
  }

  /** The DateTime of the message this notification is about. */
  public OffsetDateTime dateTime() {
    return dateTime;
  }

  /** The URI of the recipient that sends the notification, if given. */
  public Optional<String> recipientUri() {
    return Optional.ofNullable(recipientUri);
  }

  /** The recipient the message was first addressed to (its Original-To or To), if given. */
  public Optional<String> originalRecipientUri() {
    return Optional.ofNullable(originalRecipientUri);
  }

  /** The subject of the message, if given. */
  public Optional<String> subject() {
    return Optional.ofNullable(subject);
  }

  /** Delivery, display or processing. */
  public NotificationType type() {
    return type;
  }

  /** What is reported. */
  public ImdnStatus status() {
    return status;
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof ImdnDocument)) {
      return false;
    }
    ImdnDocument d = (ImdnDocument) o;
    return d.messageId.equals(messageId)
        && d.dateTime.equals(dateTime)
        && Objects.equals(d.recipientUri, recipientUri)
        && Objects.equals(d.originalRecipientUri, originalRecipientUri)
        && Objects.equals(d.subject, subject)
        && d.type == type
        && d.status == status;
  }

  @Override
  public int hashCode() {
    return Objects.hash(messageId, dateTime, recipientUri, originalRecipientUri, type, status);
  }

  /** One line for logs: {@code IMDN delivery-notification delivered 34jk324j from im:bob@...}. */
  @Override
  public String toString() {
    return "IMDN "
        + type.element()
        + ' '
        + status.element()
        + ' '
        + messageId
        + (recipientUri == null ? "" : " from " + recipientUri);
  }

  /** Builds an {@link ImdnDocument}; text is checked to be what XML 1.0 can carry. */
  public static final class Builder {
    private final String messageId;
    private final OffsetDateTime dateTime;
    private final NotificationType type;
    private final ImdnStatus status;
    private String recipientUri;
    private String originalRecipientUri;
    private String subject;

    private Builder(
        String messageId, OffsetDateTime dateTime, NotificationType type, ImdnStatus status) {
      this.messageId = trimmed("message-id", messageId);
      if (messageId.isEmpty()) {
        throw new IllegalArgumentException("message-id is empty");
      }
      this.dateTime = Objects.requireNonNull(dateTime, "dateTime");
      Rfc3339.format(dateTime); // year and offset must be writable
      this.type = Objects.requireNonNull(type, "type");
      this.status = Objects.requireNonNull(status, "status");
      if (!status.allowedIn(type)) {
        throw new IllegalArgumentException(
            status.element() + " is not a status of " + type.element());
      }
    }

    /** Text without white space at either end (the parser trims it). */
    private static String trimmed(String what, String text) {
      if (!SafeXml.trim(xmlText(what, text)).equals(text)) {
        throw new IllegalArgumentException(what + " has white space at an end: '" + text + "'");
      }
      return text;
    }

    private static String xmlText(String what, String text) {
      Objects.requireNonNull(text, what);
      int bad = SafeXml.firstNonXmlChar(text);
      if (bad >= 0) {
        throw new IllegalArgumentException(
            what + ": U+" + String.format("%04X", (int) text.charAt(bad)) + " cannot be in XML");
      }
      return text;
    }

    /** {@code <recipient-uri>}; null leaves it out. */
    public Builder recipientUri(String uri) {
      this.recipientUri = uri == null ? null : trimmed("recipient-uri", uri);
      return this;
    }

    /** {@code <original-recipient-uri>}; null leaves it out. */
    public Builder originalRecipientUri(String uri) {
      this.originalRecipientUri = uri == null ? null : trimmed("original-recipient-uri", uri);
      return this;
    }

    /** {@code <subject>}; null leaves it out. */
    public Builder subject(String subject) {
      this.subject = subject == null ? null : xmlText("subject", subject);
      return this;
    }

    /** The ImdnDocument built so far; the builder can go on. */
    public ImdnDocument build() {
      return new ImdnDocument(this);
    }
  }
}
