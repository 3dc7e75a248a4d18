/**
 * Instant message disposition notification, IMDN (RFC 5438), carried in CPIM ({@link
 * org.parley.im.cpim}). {@link org.parley.im.imdn.ImdnHeaders} asks for notifications; {@link
 * org.parley.im.imdn.ImdnRequest} reads what a received message asks for and makes the notification
 * message; {@link org.parley.im.imdn.ImdnDocument} is the {@code message/imdn+xml} document; {@link
 * org.parley.im.imdn.ImdnTracker} matches notifications to the messages sent. Documents must be
 * UTF-8 and may not have a document type declaration at all: this refuses every entity attack
 * before the parser runs.
 */
package org.parley.im.imdn;
