/** Parley relay module. */
package org.parley.relay;
