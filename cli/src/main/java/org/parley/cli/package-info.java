/** The {@code parley} command: one class per subcommand, JSON lines on stdout for scripts. */
package org.parley.cli;
