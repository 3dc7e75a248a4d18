package org.parley.msrp;

/** {@code Success-Report = "Success-Report:" SP ("yes" / "no")}; absent means {@link #NO}. */
public enum SuccessReport {
  YES("yes"),
  NO("no");

  private final String value;

  SuccessReport(String value) {
    this.value = value;
  }

  /** The header value. */
  public String value() {
    return value;
  }
}
