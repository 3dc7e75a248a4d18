/**
 * What message sessions carry, one package per format: {@link org.parley.im.cpim} (CPIM, RFC 3862),
 * {@link org.parley.im.imdn} (IMDN, RFC 5438, on CPIM) and {@link org.parley.im.iscomposing} (RFC
 * 3994). This package holds what RFC 5547 file transfer learns from the disk (the file's {@link
 * org.parley.im.FileDescription}, its {@link org.parley.im.FileHash}; the sdp module writes and
 * reads the attributes that carry them), the safe creation of files a peer sends ({@link
 * org.parley.im.SafeFiles}), and what the format packages share: RFC 3339 date-times ({@link
 * org.parley.im.Rfc3339}), the hardened XML parser ({@link org.parley.im.SafeXml}) and RFC 2045
 * media types ({@link org.parley.im.MediaTypes}). No dependencies beyond the JDK (its DOM parser
 * for the XML formats); this package depends on none of its subpackages.
 *
 * <h2>Threading and I/O</h2>
 *
 * Values (messages, documents, addresses) are immutable and may cross threads. The is-composing
 * machines are confined to one thread, the one their scheduler runs tasks on; {@code ImdnTracker}
 * is synchronized. Nothing here starts a thread or sleeps. The formats do no I/O; {@code
 * FileDescription.of} and {@code FileHash} read the file they describe, and {@code SafeFiles}
 * creates and moves files: the caller runs them off any event loop.
 */
package org.parley.im;
