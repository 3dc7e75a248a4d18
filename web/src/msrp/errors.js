/**
 * A protocol error: what a peer sent (or we were asked to send) breaks a rule, named by `rule`
 * after the grammar of RFC 4975 §9 (or RFC 7977, RFC 2617/7616 for Digest).
 */
export class MsrpError extends Error {
  /**
   * @param {string} rule the rule broken, e.g. "start-line", "end-line", "one-chunk-per-message"
   * @param {string} message what was wrong, in words
   */
  constructor(rule, message) {
    super(`${rule}: ${message}`);
    this.name = 'MsrpError';
    this.rule = rule;
  }
}
