package org.parley.im.imdn;

/**
 * The rules of RFC 5438 (IMDN) that input can break: its CPIM headers and its XML document. Every
 * {@link ImdnParseException} names one.
 */
public enum ImdnRule {
  /** {@code Message-ID = "Message-ID" ": " Token}, once per message. */
  MESSAGE_ID("Message-ID = \"Message-ID\" \": \" Token"),
  /** A message that requests notifications carries a DateTime header. */
  DATE_TIME("a message with imdn.Message-ID carries DateTime"),
  /**
   * {@code Disposition-Notification = "Disposition-Notification" ": " [ notify-req *( COMMA
   * notify-req ) ]}, {@code notify-req = ( "negative-delivery" / "positive-delivery" / "processing"
   * / "display" / Token ) *( SEMI disp-notify-params )}.
   */
  DISPOSITION_NOTIFICATION(
      "Disposition-Notification = \"Disposition-Notification\" \": \" [ notify-req *( COMMA"
          + " notify-req ) ]"),
  /** {@code Original-To = "Original-To" ": " [ Formal-name ] "<" URI ">"}, once. */
  ORIGINAL_TO("Original-To = \"Original-To\" \": \" [ Formal-name ] \"<\" URI \">\""),
  /** {@code IMDN-Record-Route = "IMDN-Record-Route" ": " [ Formal-name ] "<" URI ">"}. */
  IMDN_RECORD_ROUTE(
      "IMDN-Record-Route = \"IMDN-Record-Route\" \": \" [ Formal-name ] \"<\" URI \">\""),
  /** {@code IMDN-Route = "IMDN-Route" ": " [ Formal-name ] "<" URI ">"}. */
  IMDN_ROUTE("IMDN-Route = \"IMDN-Route\" \": \" [ Formal-name ] \"<\" URI \">\""),
  /** The document is larger than the bound given to the parser. */
  SIZE("document size bound"),
  /** A {@code message/imdn+xml} document is UTF-8. */
  ENCODING("UTF-8"),
  /** A document type declaration is refused: no entities, internal or external. */
  DOCTYPE("no <!DOCTYPE>"),
  /** Well-formed XML 1.0 with namespaces. */
  XML("well-formed XML"),
  /** The root is {@code imdn} in {@code urn:ietf:params:xml:ns:imdn}. */
  ROOT("<imdn xmlns=\"urn:ietf:params:xml:ns:imdn\">"),
  /**
   * {@code imdn = message-id datetime [recipient-uri] [original-recipient-uri] [subject]
   * notification}: each once, with text content.
   */
  ELEMENT(
      "imdn = message-id datetime [recipient-uri] [original-recipient-uri] [subject]"
          + " notification"),
  /** Exactly one of delivery-notification, display-notification, processing-notification. */
  NOTIFICATION("delivery-notification / display-notification / processing-notification"),
  /** {@code status} holds exactly one status allowed for its notification. */
  STATUS(
      "status = delivered / failed / forbidden / error (delivery), displayed / forbidden / error"
          + " (display), processed / stored / forbidden / error (processing)");

  private final String grammar;

  ImdnRule(String grammar) {
    this.grammar = grammar;
  }

  /** The rule's production or requirement, as the RFC writes it. */
  public String grammar() {
    return grammar;
  }
}
