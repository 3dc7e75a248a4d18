package org.parley.msrp;

/**
 * {@code Failure-Report = "Failure-Report:" SP ("yes" / "no" / "partial")}; absent means {@link
 * #YES}.
 */
public enum FailureReport {
  YES("yes"),
  NO("no"),
  PARTIAL("partial");

  private final String value;

  FailureReport(String value) {
    this.value = value;
  }

  /** The header value. */
  public String value() {
    return value;
  }
}
