/** Parley im module. */
package org.parley.im;
