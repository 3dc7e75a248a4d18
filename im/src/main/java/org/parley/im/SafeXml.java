package org.parley.im;

import java.io.IOException;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.ErrorHandler;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;

/**
 * The JDK's DOM parser, configured for documents from the network (IMDN, is-composing): UTF-8 only,
 * no document type declaration at all (so no entities, internal or external, and no external DTD),
 * secure processing on, no XInclude, every external access refused, a size bound checked before
 * parsing. The documents are a few hundred bytes; a DOM is the simplest thing to walk. Public for
 * the imdn and iscomposing packages; not meant as API.
 */
public final class SafeXml {
  private SafeXml() {}

  /** Why a document was refused. */
  public enum Reason {
    TOO_LARGE,
    NOT_UTF8,
    DOCTYPE,
    MALFORMED
  }

  /** A refused document: the reason, the position (1-based, 0 when unknown) and the detail. */
  public static final class Failure extends Exception {
    private static final long serialVersionUID = 1L;
    private final Reason reason;
    private final int line;
    private final int column;

    Failure(Reason reason, int line, int column, String detail) {
      super(detail, null, false, false);
      this.reason = reason;
      this.line = line;
      this.column = column;
    }

    /** Why the document was refused. */
    public Reason reason() {
      return reason;
    }

    /** The 1-based line, 0 when unknown. */
    public int line() {
      return line;
    }

    /** The 1-based column, 0 when unknown. */
    public int column() {
      return column;
    }
  }

  private static final ErrorHandler THROW =
      new ErrorHandler() {
        @Override
        public void warning(SAXParseException e) {}

        @Override
        public void error(SAXParseException e) throws SAXException {
          throw e;
        }

        @Override
        public void fatalError(SAXParseException e) throws SAXException {
          throw e;
        }
      };

  public static Document parse(byte[] xml, int maxBytes) throws Failure {
    if (xml.length > maxBytes) {
      throw new Failure(
          Reason.TOO_LARGE, 0, 0, "document of " + xml.length + " bytes is over " + maxBytes);
    }
    String text;
    try {
      text =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(xml))
              .toString();
    } catch (CharacterCodingException e) {
      throw new Failure(Reason.NOT_UTF8, 0, 0, "the document is not UTF-8");
    }
    if (!text.isEmpty() && text.charAt(0) == '\uFEFF') {
      text = text.substring(1);
    }
    int doctype = text.indexOf("<!DOCTYPE");
    if (doctype >= 0) {
      int line = 1;
      int lineStart = 0;
      for (int i = 0; i < doctype; i++) {
        if (text.charAt(i) == '\n') {
          line++;
          lineStart = i + 1;
        }
      }
      throw new Failure(
          Reason.DOCTYPE, line, doctype - lineStart + 1, "a document type declaration is refused");
    }
    try {
      return builder().parse(new InputSource(new StringReader(text)));
    } catch (SAXParseException e) {
      Reason r =
          e.getMessage() != null && e.getMessage().contains("DOCTYPE")
              ? Reason.DOCTYPE
              : Reason.MALFORMED;
      throw new Failure(
          r, Math.max(0, e.getLineNumber()), Math.max(0, e.getColumnNumber()), e.getMessage());
    } catch (SAXException | IOException e) {
      throw new Failure(Reason.MALFORMED, 0, 0, String.valueOf(e.getMessage()));
    } catch (ParserConfigurationException e) {
      throw new IllegalStateException("the JDK's XML parser lacks a security feature", e);
    }
  }

  /**
   * A DOM builder configured as the class comment says; it throws on any error and resolves no
   * entity. The second line of defence behind the refusal of {@code <!DOCTYPE}.
   */
  static DocumentBuilder builder() throws ParserConfigurationException {
    DocumentBuilder builder = factory().newDocumentBuilder();
    builder.setErrorHandler(THROW);
    builder.setEntityResolver(
        (publicId, systemId) -> {
          throw new SAXException("external entity refused: " + systemId);
        });
    return builder;
  }

  private static DocumentBuilderFactory factory() throws ParserConfigurationException {
    DocumentBuilderFactory f = DocumentBuilderFactory.newDefaultInstance();
    f.setNamespaceAware(true);
    f.setValidating(false);
    f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
    f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
    f.setFeature("http://xml.org/sax/features/external-general-entities", false);
    f.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
    f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
    f.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
    f.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
    f.setXIncludeAware(false);
    f.setExpandEntityReferences(false);
    return f;
  }

  /** The child elements of {@code e}, in order. */
  public static List<Element> children(Element e) {
    List<Element> out = new ArrayList<>();
    for (Node n = e.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n.getNodeType() == Node.ELEMENT_NODE) {
        out.add((Element) n);
      }
    }
    return out;
  }

  /** Whether {@code e} is {@code {ns}local}. */
  public static boolean is(Element e, String ns, String local) {
    return ns.equals(e.getNamespaceURI()) && local.equals(e.getLocalName());
  }

  /** The text of a simple element, or {@code null} when it has child elements. */
  public static String text(Element e) {
    StringBuilder sb = new StringBuilder();
    for (Node n = e.getFirstChild(); n != null; n = n.getNextSibling()) {
      switch (n.getNodeType()) {
        case Node.TEXT_NODE:
        case Node.CDATA_SECTION_NODE:
          sb.append(n.getNodeValue());
          break;
        case Node.ELEMENT_NODE:
          return null;
        default:
          break; // comments, processing instructions
      }
    }
    return sb.toString();
  }

  /** {@code s} without XML white space (SP, HTAB, CR, LF) at either end. */
  public static String trim(String s) {
    int start = 0;
    int end = s.length();
    while (start < end && xmlSpace(s.charAt(start))) {
      start++;
    }
    while (end > start && xmlSpace(s.charAt(end - 1))) {
      end--;
    }
    return s.substring(start, end);
  }

  private static boolean xmlSpace(char c) {
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
  }

  /** Escapes text for element content and attribute values. */
  public static String escape(String s) {
    StringBuilder sb = null;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      String r;
      switch (c) {
        case '&':
          r = "&amp;";
          break;
        case '<':
          r = "&lt;";
          break;
        case '>':
          r = "&gt;";
          break;
        case '"':
          r = "&quot;";
          break;
        case '\r':
          r = "&#13;";
          break;
        default:
          r = null;
      }
      if (r != null && sb == null) {
        sb = new StringBuilder(s.length() + 16).append(s, 0, i);
      }
      if (sb != null) {
        if (r != null) {
          sb.append(r);
        } else {
          sb.append(c);
        }
      }
    }
    return sb == null ? s : sb.toString();
  }

  /** The index of the first character XML 1.0 cannot carry (§2.2 Char), or {@code -1}. */
  public static int firstNonXmlChar(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isHighSurrogate(c)
          && i + 1 < s.length()
          && Character.isLowSurrogate(s.charAt(i + 1))) {
        i++;
        continue;
      }
      boolean ok =
          c == '\t'
              || c == '\n'
              || c == '\r'
              || (c >= 0x20 && c <= 0xD7FF)
              || (c >= 0xE000 && c <= 0xFFFD);
      if (!ok) {
        return i;
      }
    }
    return -1;
  }
}
