/** Parley sip module. */
package org.parley.sip;
