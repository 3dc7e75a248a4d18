package org.parley.sdp.offeranswer;

import org.parley.sdp.Setup;

/**
 * Who opens the MSRP connection: RFC 4145 §4.1's table as RFC 6135 restricts it, with RFC 4975's
 * default when {@code a=setup} is absent (the offerer connects).
 *
 * <pre>
 * offer \ answerer can   ACTIVE only    PASSIVE only   ACTPASS (either)
 * (absent)               refused        passive*       passive*
 * active                 refused        passive        passive
 * passive                active         refused        active
 * actpass                active         passive        active
 * holdconn               refused        refused        refused
 *                        (* the answer carries no a=setup, as an RFC 4975 peer expects)
 * </pre>
 *
 * <p>An answer of {@code actpass} or {@code holdconn} is refused, as is one that leaves both ends
 * active or both passive.
 */
final class SetupRules {
  private SetupRules() {}

  /**
   * The answerer's role.
   *
   * @param offered the offer's {@code a=setup}, or {@code null}
   * @param local what the answerer can do: ACTIVE, PASSIVE or ACTPASS (either)
   * @return ACTIVE or PASSIVE
   */
  static Setup answererRole(Setup offered, Setup local) throws Refused {
    if (offered == Setup.HOLDCONN) {
      throw new Refused(Refusal.HOLDCONN, "the offer says a=setup:holdconn, not valid for MSRP");
    }
    Setup role;
    if (offered == null || offered == Setup.ACTIVE) {
      role = Setup.PASSIVE;
    } else if (offered == Setup.PASSIVE) {
      role = Setup.ACTIVE;
    } else {
      role = local == Setup.PASSIVE ? Setup.PASSIVE : Setup.ACTIVE;
    }
    if (local != Setup.ACTPASS && local != role) {
      String what =
          offered == null ? "has no a=setup (the offerer connects)" : "says " + offered.token();
      throw new Refused(
          Refusal.SETUP_CONFLICT,
          "the offer " + what + " but this end can only be " + local.token());
    }
    return role;
  }

  /**
   * The offerer's role once the answer is in.
   *
   * @param offered the offer's {@code a=setup}, or {@code null}
   * @param answered the answer's {@code a=setup}, or {@code null}
   * @return ACTIVE or PASSIVE
   */
  static Setup offererRole(Setup offered, Setup answered) throws Refused {
    if (answered == Setup.HOLDCONN || offered == Setup.HOLDCONN) {
      throw new Refused(Refusal.HOLDCONN, "a=setup:holdconn is not valid for MSRP");
    }
    if (answered == Setup.ACTPASS) {
      throw new Refused(Refusal.SETUP_CONFLICT, "the answer says actpass, which only an offer may");
    }
    Setup role = answered == Setup.ACTIVE ? Setup.PASSIVE : Setup.ACTIVE;
    boolean fits =
        offered == Setup.ACTPASS || (offered == null && role == Setup.ACTIVE) || offered == role;
    if (!fits) {
      throw new Refused(
          Refusal.SETUP_CONFLICT,
          "the offer says "
              + (offered == null ? "nothing (offerer connects)" : offered.token())
              + " and the answer "
              + (answered == null ? "nothing (answerer listens)" : answered.token()));
    }
    return role;
  }
}
