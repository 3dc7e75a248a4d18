/**
 * CPIM, {@code message/cpim} (RFC 3862). {@link org.parley.im.cpim.CpimMessage} parses and writes
 * it: message headers (From, To, cc, DateTime, Subject with {@code lang}, NS, Require, extension
 * headers whose prefix an NS header declares), then the encapsulated MIME headers and the content,
 * kept as bytes. The parser ({@code CpimParser}) is hand-written over bytes: names against {@code
 * NAMECHAR}, values checked to be UTF-8 without control characters, escapes ({@code \\n}, {@code
 * \\u00E9}, ...) resolved, typed headers checked as they are read; any error is a {@link
 * org.parley.im.cpim.CpimSyntaxException} naming a {@link org.parley.im.cpim.CpimRule} and a byte
 * offset. Sizes are bounded by {@link org.parley.im.cpim.CpimLimits}. A parsed message writes back
 * byte for byte when its lines end with CRLF.
 *
 * <h2>Where this differs from the RFC's letter, and why</h2>
 *
 * <ul>
 *   <li>Header names compare without case (RFC 3862 makes them case-sensitive) and are written back
 *       as they came: senders that write {@code from:} or {@code Datetime:} are understood.
 *   <li>A line may end with LF alone; written lines end with CRLF.
 *   <li>A backslash in a header value must start one of RFC 3862's escapes; anything else is an
 *       error rather than a literal backslash, so that every value decodes one way.
 *   <li>An NS header without a prefix is kept but does not move names without a prefix out of the
 *       CPIM namespace.
 *   <li>The encapsulated MIME headers accept UTF-8 (RFC 6532) and folding.
 * </ul>
 */
package org.parley.im.cpim;
