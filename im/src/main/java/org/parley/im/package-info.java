/**
 * What message sessions carry: CPIM (RFC 3862), delivery and display notifications (IMDN, RFC
 * 5438), is-composing indications (RFC 3994), and the RFC 5547 file-selector values the sdp module
 * reads but does not write. No dependencies beyond the JDK (its DOM parser for the XML formats).
 *
 * <h2>CPIM</h2>
 *
 * {@link org.parley.im.cpim.CpimMessage} parses and writes {@code message/cpim}: message headers
 * (From, To, cc, DateTime, Subject with {@code lang}, NS, Require, extension headers whose prefix
 * an NS header declares), then the encapsulated MIME headers and the content, kept as bytes. The
 * parser ({@code CpimParser}) is hand-written over bytes: names against {@code NAMECHAR}, values
 * checked to be UTF-8 without control characters, escapes ({@code \\n}, {@code \\u00E9}, ...)
 * resolved, typed headers checked as they are read; any error is a {@link
 * org.parley.im.cpim.CpimSyntaxException} naming a {@link org.parley.im.cpim.CpimRule} and a byte
 * offset. Sizes are bounded by {@link org.parley.im.cpim.CpimLimits}. A parsed message writes back
 * byte for byte when its lines end with CRLF.
 *
 * <h2>IMDN</h2>
 *
 * {@link org.parley.im.imdn.ImdnHeaders} asks for notifications; {@link
 * org.parley.im.imdn.ImdnRequest} reads what a received message asks for and makes the notification
 * message; {@link org.parley.im.imdn.ImdnDocument} is the {@code message/imdn+xml} document; {@link
 * org.parley.im.imdn.ImdnTracker} matches notifications to the messages sent.
 *
 * <h2>Is-composing</h2>
 *
 * {@link org.parley.im.iscomposing.IsComposing} is the {@code application/im-iscomposing+xml}
 * document; {@link org.parley.im.iscomposing.IsComposingSender} and {@link
 * org.parley.im.iscomposing.IsComposingReceiver} are the two state machines with RFC 3994's timers,
 * on a clock and timers the application provides ({@link org.parley.im.iscomposing.ImScheduler}).
 *
 * <h2>Threading</h2>
 *
 * Values (messages, documents, addresses) are immutable and may cross threads. The is-composing
 * machines are confined to one thread, the one their scheduler runs tasks on; {@code ImdnTracker}
 * is synchronized. Nothing here starts a thread, blocks or sleeps.
 *
 * <h2>Where this differs from the RFCs' letter, and why</h2>
 *
 * <ul>
 *   <li>CPIM header names compare without case (RFC 3862 makes them case-sensitive) and are written
 *       back as they came: senders that write {@code from:} or {@code Datetime:} are understood.
 *   <li>A CPIM line may end with LF alone; written lines end with CRLF.
 *   <li>A backslash in a header value must start one of RFC 3862's escapes; anything else is an
 *       error rather than a literal backslash, so that every value decodes one way.
 *   <li>An NS header without a prefix is kept but does not move names without a prefix out of the
 *       CPIM namespace.
 *   <li>The encapsulated MIME headers accept UTF-8 (RFC 6532) and folding.
 *   <li>IMDN and is-composing documents must be UTF-8 and may not have a document type declaration
 *       at all: this refuses every entity attack before the parser runs.
 *   <li>{@code IsComposingSender} refreshes {@code active} after nine tenths of the announced
 *       interval, so the refresh reaches a receiver that times out at the interval's end.
 * </ul>
 */
package org.parley.im;
