package org.parley.msrp;

/**
 * A request method: {@code method = mSEND / mREPORT / other-method}, {@code other-method =
 * 1*UPALPHA}. Methods this code does not know are kept as they are, so that a relay can forward
 * them (RFC 4976 §7.1).
 */
public final class MsrpMethod {
  public static final MsrpMethod SEND = new MsrpMethod("SEND");
  public static final MsrpMethod REPORT = new MsrpMethod("REPORT");

  /** RFC 4976. */
  public static final MsrpMethod AUTH = new MsrpMethod("AUTH");

  /** RFC 7701. */
  public static final MsrpMethod NICKNAME = new MsrpMethod("NICKNAME");

  private final String name;

  private MsrpMethod(String name) {
    this.name = name;
  }

  /**
   * The method of that name: the constants above for known methods, a new value otherwise.
   *
   * @throws MsrpSyntaxException when {@code name} is not {@code 1*UPALPHA}
   */
  public static MsrpMethod of(String name) {
    switch (name) {
      case "SEND":
        return SEND;
      case "REPORT":
        return REPORT;
      case "AUTH":
        return AUTH;
      case "NICKNAME":
        return NICKNAME;
      default:
        break;
    }
    if (name.isEmpty()) {
      throw new MsrpSyntaxException(MsrpRule.METHOD, 0, "empty method");
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (c < 'A' || c > 'Z') {
        throw new MsrpSyntaxException(
            MsrpRule.METHOD, i, "character " + Chars.printable(c) + " in method (1*UPALPHA)");
      }
    }
    return new MsrpMethod(name);
  }

  /** The method name as on the wire. */
  public String name() {
    return name;
  }

  /** {@code true} for SEND, REPORT, AUTH and NICKNAME. */
  @SuppressWarnings("ReferenceEquality") // of() returns these instances for their names
  public boolean known() {
    return this == SEND || this == REPORT || this == AUTH || this == NICKNAME;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof MsrpMethod && ((MsrpMethod) o).name.equals(name);
  }

  @Override
  public int hashCode() {
    return name.hashCode();
  }

  @Override
  public String toString() {
    return name;
  }
}
