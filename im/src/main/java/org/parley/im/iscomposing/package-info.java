/**
 * The is-composing indication (RFC 3994). {@link org.parley.im.iscomposing.IsComposing} is the
 * {@code application/im-iscomposing+xml} document (UTF-8, no document type declaration); {@link
 * org.parley.im.iscomposing.IsComposingSender} and {@link
 * org.parley.im.iscomposing.IsComposingReceiver} are the two state machines with RFC 3994's timers,
 * on a clock and timers the application provides ({@link org.parley.im.iscomposing.ImScheduler}).
 * {@code IsComposingSender} refreshes {@code active} after nine tenths of the announced interval,
 * so the refresh reaches a receiver that times out at the interval's end.
 */
package org.parley.im.iscomposing;
