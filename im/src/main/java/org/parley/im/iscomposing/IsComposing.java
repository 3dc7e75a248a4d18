package org.parley.im.iscomposing;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import org.parley.im.Rfc3339;
import org.parley.im.SafeXml;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * An is-composing status message (RFC 3994, {@code application/im-iscomposing+xml}).
 *
 * <pre>
 * &lt;?xml version="1.0" encoding="UTF-8"?&gt;
 * &lt;isComposing xmlns="urn:ietf:params:xml:ns:im-iscomposing"&gt;
 *   &lt;state&gt;active&lt;/state&gt;                    active / idle
 *   &lt;lastactive&gt;2003-01-27T10:43:00Z&lt;/lastactive&gt;  optional: when last active
 *   &lt;contenttype&gt;text/plain&lt;/contenttype&gt;     optional: what is being composed
 *   &lt;refresh&gt;90&lt;/refresh&gt;                     optional: seconds until the next refresh
 * &lt;/isComposing&gt;
 * </pre>
 *
 * <p>Parsed with the same hardened JDK parser as IMDN (UTF-8 only, no document type declaration,
 * secure processing, a size bound). Elements of other namespaces are ignored; unknown elements of
 * the is-composing namespace are refused. Immutable.
 */
public final class IsComposing {
  /** The MIME type. */
  public static final String CONTENT_TYPE = "application/im-iscomposing+xml";

  /** The XML namespace. */
  public static final String NAMESPACE = "urn:ietf:params:xml:ns:im-iscomposing";

  /** The size bound of {@link #parse(byte[])}: 16 KB. */
  public static final int DEFAULT_MAX_SIZE = 16 * 1024;

  private final ComposingState state;
  private final OffsetDateTime lastActive;
  private final String contentType;
  private final int refresh;

  private IsComposing(Builder b) {
    this.state = b.state;
    this.lastActive = b.lastActive;
    this.contentType = b.contentType;
    this.refresh = b.refresh;
  }

  /** A builder for a status in {@code state}. */
  public static Builder builder(ComposingState state) {
    return new Builder(state);
  }

  /**
   * Reads a document of at most {@link #DEFAULT_MAX_SIZE} bytes.
   *
   * @throws IsComposingParseException naming the rule broken
   */
  public static IsComposing parse(byte[] xml) {
    return parse(xml, DEFAULT_MAX_SIZE);
  }

  /**
   * Reads a document of at most {@code maxSize} bytes.
   *
   * @throws IsComposingParseException naming the rule broken
   */
  public static IsComposing parse(byte[] xml, int maxSize) {
    Document doc;
    try {
      doc = SafeXml.parse(xml, maxSize);
    } catch (SafeXml.Failure f) {
      throw new IsComposingParseException(rule(f.reason()), f.line(), f.column(), f.getMessage());
    }
    Element root = doc.getDocumentElement();
    if (!SafeXml.is(root, NAMESPACE, "isComposing")) {
      throw error(
          IsComposingRule.ROOT,
          "the root is {"
              + root.getNamespaceURI()
              + "}"
              + root.getLocalName()
              + ", not isComposing");
    }
    String state = null;
    String lastActive = null;
    String contentType = null;
    String refresh = null;
    for (Element e : SafeXml.children(root)) {
      if (!NAMESPACE.equals(e.getNamespaceURI())) {
        continue;
      }
      switch (e.getLocalName()) {
        case "state":
          state = once(state, e);
          break;
        case "lastactive":
          lastActive = once(lastActive, e);
          break;
        case "contenttype":
          contentType = once(contentType, e);
          break;
        case "refresh":
          refresh = once(refresh, e);
          break;
        default:
          throw error(
              IsComposingRule.ELEMENT, "unknown element <" + e.getLocalName() + "> in isComposing");
      }
    }
    if (state == null) {
      throw error(IsComposingRule.STATE, "<state> is missing");
    }
    Builder b;
    switch (state) {
      case "active":
        b = builder(ComposingState.ACTIVE);
        break;
      case "idle":
        b = builder(ComposingState.IDLE);
        break;
      default:
        throw error(IsComposingRule.STATE, "not active or idle: " + state);
    }
    if (lastActive != null) {
      try {
        b.lastActive(Rfc3339.parse(lastActive));
      } catch (Rfc3339.Failure f) {
        throw error(IsComposingRule.LASTACTIVE, f.getMessage() + ": " + lastActive);
      }
    }
    if (contentType != null && !contentType.isEmpty()) {
      b.contentType(contentType);
    }
    if (refresh != null) {
      b.refreshSeconds(positiveInteger(refresh));
    }
    return b.build();
  }

  private static IsComposingRule rule(SafeXml.Reason reason) {
    switch (reason) {
      case TOO_LARGE:
        return IsComposingRule.SIZE;
      case NOT_UTF8:
        return IsComposingRule.ENCODING;
      case DOCTYPE:
        return IsComposingRule.DOCTYPE;
      default:
        return IsComposingRule.XML;
    }
  }

  private static String once(String seen, Element e) {
    if (seen != null) {
      throw error(IsComposingRule.ELEMENT, "<" + e.getLocalName() + "> appears twice");
    }
    String text = SafeXml.text(e);
    if (text == null) {
      throw error(IsComposingRule.ELEMENT, "<" + e.getLocalName() + "> holds elements, not text");
    }
    return SafeXml.trim(text);
  }

  /** {@code xs:positiveInteger}: an optional '+', digits, at least 1; up to 2^31 - 1 here. */
  private static int positiveInteger(String s) {
    int i = s.startsWith("+") ? 1 : 0;
    if (i == s.length()) {
      throw error(IsComposingRule.REFRESH, "not a positive integer: " + s);
    }
    long v = 0;
    for (; i < s.length(); i++) {
      if (s.charAt(i) < '0' || s.charAt(i) > '9') {
        throw error(IsComposingRule.REFRESH, "not a positive integer: " + s);
      }
      v = v * 10 + (s.charAt(i) - '0');
      if (v > Integer.MAX_VALUE) {
        throw error(IsComposingRule.REFRESH, "too large: " + s);
      }
    }
    if (v < 1) {
      throw error(IsComposingRule.REFRESH, "must be at least 1: " + s);
    }
    return (int) v;
  }

  private static IsComposingParseException error(IsComposingRule rule, String detail) {
    return new IsComposingParseException(rule, 0, 0, detail);
  }

  /** The document as UTF-8 XML. */
  public byte[] toXml() {
    StringBuilder sb = new StringBuilder(256);
    sb.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    sb.append("<isComposing xmlns=\"").append(NAMESPACE).append("\">\n");
    sb.append("  <state>").append(state.text()).append("</state>\n");
    if (lastActive != null) {
      sb.append("  <lastactive>").append(Rfc3339.format(lastActive)).append("</lastactive>\n");
    }
    if (contentType != null) {
      sb.append("  <contenttype>").append(SafeXml.escape(contentType)).append("</contenttype>\n");
    }
    if (refresh > 0) {
      sb.append("  <refresh>").append(refresh).append("</refresh>\n");
    }
    sb.append("</isComposing>\n");
    return sb.toString().getBytes(StandardCharsets.UTF_8);
  }

  /** Active or idle. */
  public ComposingState state() {
    return state;
  }

  /** When the composer was last active, if given. */
  public Optional<OffsetDateTime> lastActive() {
    return Optional.ofNullable(lastActive);
  }

  /** What is being composed ({@code text/plain}, {@code audio}, ...), if given. */
  public Optional<String> contentType() {
    return Optional.ofNullable(contentType);
  }

  /** The refresh interval in seconds, if given. */
  public OptionalInt refreshSeconds() {
    return refresh > 0 ? OptionalInt.of(refresh) : OptionalInt.empty();
  }

  /** The refresh interval, if given. */
  public Optional<Duration> refresh() {
    return refresh > 0 ? Optional.of(Duration.ofSeconds(refresh)) : Optional.empty();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof IsComposing
        && ((IsComposing) o).state == state
        && Objects.equals(((IsComposing) o).lastActive, lastActive)
        && Objects.equals(((IsComposing) o).contentType, contentType)
        && ((IsComposing) o).refresh == refresh;
  }

  @Override
  public int hashCode() {
    return Objects.hash(state, lastActive, contentType, refresh);
  }

  /** One line for logs: {@code isComposing active text/plain refresh=90}. */
  @Override
  public String toString() {
    return "isComposing "
        + state.text()
        + (contentType == null ? "" : " " + contentType)
        + (lastActive == null ? "" : " lastactive=" + Rfc3339.format(lastActive))
        + (refresh > 0 ? " refresh=" + refresh : "");
  }

  /** Builds an {@link IsComposing}. */
  public static final class Builder {
    private final ComposingState state;
    private OffsetDateTime lastActive;
    private String contentType;
    private int refresh;

    private Builder(ComposingState state) {
      this.state = Objects.requireNonNull(state, "state");
    }

    /** {@code <lastactive>}; null leaves it out. */
    public Builder lastActive(OffsetDateTime t) {
      if (t != null) {
        Rfc3339.format(t); // year and offset must be writable
      }
      this.lastActive = t;
      return this;
    }

    /**
     * {@code <contenttype>}; null leaves it out.
     *
     * @throws IllegalArgumentException for text XML cannot carry or with white space at an end
     */
    public Builder contentType(String type) {
      if (type != null
          && (SafeXml.firstNonXmlChar(type) >= 0
              || !SafeXml.trim(type).equals(type)
              || type.isEmpty())) {
        throw new IllegalArgumentException("not a content type: '" + type + "'");
      }
      this.contentType = type;
      return this;
    }

    /** {@code <refresh>} in seconds (at least 1); 0 leaves it out. */
    public Builder refreshSeconds(int seconds) {
      if (seconds < 0) {
        throw new IllegalArgumentException("refresh must be positive: " + seconds);
      }
      this.refresh = seconds;
      return this;
    }

    /** The IsComposing built so far; the builder can go on. */
    public IsComposing build() {
      return new IsComposing(this);
    }
  }
}
