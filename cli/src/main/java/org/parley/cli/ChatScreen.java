package org.parley.cli;

import java.time.Clock;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;
import org.jline.utils.AttributedString;
import org.jline.utils.AttributedStringBuilder;
import org.jline.utils.AttributedStyle;

/**
 * What the interactive chat shows, kept as a model and drawn as whole rows for {@link
 * org.jline.utils.Display} (which writes only what changed). Thread-safe: events from any thread
 * change it, the screen's owner renders it.
 *
 * <pre>
 *  parley chat · sip:bob@127.0.0.1:5062 · msrp                       /help  ← title
 * 20:31 * in a session with sip:bob@127.0.0.1:5062 (msrp)                   ← notice
 * 20:31 alice  Hello Bob                                              ✓✓   ← mine, with its mark
 * 20:32 bob    Hi Alice, the long lines of a message are wrapped under      ← theirs
 *              its first line
 *                                                                            (room to grow)
 *  bob is typing…   ↓ report.pdf  42% [####.....]  4.2 MiB / 10.0 MiB  1.1 MiB/s  0:05 left
 * &gt; draft_                                                                 ← input
 * </pre>
 */
final class ChatScreen {
  private static final int MAX_ENTRIES = 2000;
  private static final DateTimeFormatter HH_MM = DateTimeFormatter.ofPattern("HH:mm");
  private static final AttributedStyle BAR = AttributedStyle.INVERSE;
  private static final AttributedStyle NOTICE = AttributedStyle.DEFAULT.faint();
  private static final AttributedStyle ME = AttributedStyle.BOLD.foreground(AttributedStyle.CYAN);
  private static final AttributedStyle PEER =
      AttributedStyle.BOLD.foreground(AttributedStyle.GREEN);
  private static final AttributedStyle QUESTION =
      AttributedStyle.INVERSE.bold().foreground(AttributedStyle.YELLOW);

  /** One row of the conversation (before wrapping). */
  private static final class Entry {
    final String time;
    final String who;
    final boolean mine;
    final String text;
    DeliveryMark mark;

    Entry(String time, String who, boolean mine, String text, DeliveryMark mark) {
      this.time = time;
      this.who = who;
      this.mine = mine;
      this.text = text;
      this.mark = mark;
    }
  }

  /**
   * Rows to draw and where the cursor goes.
   *
   * @param lines one per row of the screen
   * @param cursorRow the cursor's row
   * @param cursorColumn the cursor's column
   */
  record Rendered(List<AttributedString> lines, int cursorRow, int cursorColumn) {}

  private final Clock clock;
  private final String self;
  private final List<Entry> entries = new ArrayList<>();
  private final Map<String, Entry> mine = new HashMap<>();
  private String title;
  private String peer = "peer";
  private boolean peerTyping;
  private IntFunction<String> activity = width -> "";
  private String question;

  /** Rows of the conversation below the view: 0 follows the newest (guarded by this). */
  private int scroll;

  /** Rows the conversation had when last drawn, to keep a scrolled view still as rows come. */
  private int drawnRows;

  /** Rows of the conversation the view showed when last drawn: a page. */
  private int page = 1;

  ChatScreen(Clock clock, String selfUri, String title) {
    this.clock = clock;
    this.self = shortName(selfUri);
    this.title = clean(title);
  }

  /** The user part of a SIP URI, else the URI: the name shown for an address. */
  static String shortName(String uri) {
    String s = uri;
    int colon = s.indexOf(':');
    if (colon >= 0 && colon < s.indexOf('@')) {
      s = s.substring(colon + 1);
    }
    int at = s.indexOf('@');
    return clean(at > 0 ? s.substring(0, at) : s);
  }

  /** One line of text, harmless on a terminal: {@link TerminalText#line}. */
  static String clean(String text) {
    return ColumnSafeText.of(TerminalText.line(text));
  }

  synchronized void title(String text) {
    this.title = clean(text);
  }

  synchronized void peer(String uri) {
    this.peer = shortName(uri);
  }

  synchronized String peerName() {
    return peer;
  }

  /** A message of this end's, marked {@link DeliveryMark#SENDING}. */
  synchronized void mine(String messageId, String text) {
    Entry e = add(new Entry(now(), self, true, text, DeliveryMark.SENDING));
    mine.put(messageId, e);
  }

  /** Takes a message of this end's off the screen: it was not sent after all. */
  synchronized void forget(String messageId) {
    Entry e = mine.remove(messageId);
    if (e != null) {
      entries.remove(e);
    }
  }

  /** Moves the mark of the message {@code messageId} on (see {@link DeliveryMark#after}). */
  synchronized void mark(String messageId, DeliveryMark mark) {
    Entry e = mine.get(messageId);
    if (e != null) {
      e.mark = e.mark.after(mark);
    }
  }

  /** The mark of a message of this end's, or null. */
  synchronized DeliveryMark markOf(String messageId) {
    Entry e = mine.get(messageId);
    return e == null ? null : e.mark;
  }

  /** A message from the peer. */
  synchronized void theirs(String text) {
    add(new Entry(now(), peer, false, text, null));
    peerTyping = false;
  }

  /** A line about the session (a leading {@code "* "} is dropped). */
  synchronized void notice(String text) {
    add(new Entry(now(), null, false, text.startsWith("* ") ? text.substring(2) : text, null));
  }

  synchronized void peerTyping(boolean typing) {
    this.peerTyping = typing;
  }

  /**
   * What runs in the background (a file's progress), shown at the right of the status line: drawn
   * when the screen is, given the columns it may take; null for nothing.
   */
  synchronized void activity(IntFunction<String> text) {
    this.activity = text == null ? width -> "" : text;
  }

  /** A question the next key answers (shown instead of the status), or null for none. */
  synchronized void question(String text) {
    this.question = text == null ? null : clean(text);
  }

  /** Scrolls the view a page towards older rows (PgUp). */
  synchronized void pageUp() {
    scroll += Math.max(page - 1, 1);
  }

  /** Scrolls the view a page towards newer rows (PgDn); at the bottom it follows the newest. */
  synchronized void pageDown() {
    scroll = Math.max(scroll - Math.max(page - 1, 1), 0);
  }

  /** Back to the newest rows (a line sent). */
  synchronized void follow() {
    scroll = 0;
  }

  /** Rows below the view; 0 when it shows the newest. */
  synchronized int scrolled() {
    return scroll;
  }

  private Entry add(Entry e) {
    entries.add(e);
    if (entries.size() > MAX_ENTRIES) {
      Entry gone = entries.remove(0);
      mine.values().remove(gone);
    }
    return e;
  }

  private String now() {
    return LocalTime.now(clock).format(HH_MM);
  }

  /** Draws the screen: {@code rows} rows of at most {@code columns} columns. */
  synchronized Rendered render(int rows, int columns, InputLine input) {
    int cols = Math.max(columns, 20);
    List<AttributedString> out = new ArrayList<>(rows);
    out.add(bar(" parley chat · " + title, "/help ", BAR, cols));
    int room = Math.max(rows - 3, 0);
    List<AttributedString> conversation = conversation(cols);
    int total = conversation.size();
    if (scroll > 0) {
      // A scrolled view stays on the rows it shows while new ones arrive below.
      scroll += Math.max(total - drawnRows, 0);
    }
    scroll = Math.min(scroll, Math.max(total - room, 0));
    drawnRows = total;
    page = Math.max(room, 1);
    int to = total - scroll;
    int from = Math.max(to - room, 0);
    for (int i = from; i < to; i++) {
      out.add(conversation.get(i));
    }
    while (out.size() < rows - 2) {
      out.add(AttributedString.EMPTY);
    }
    if (question != null) {
      out.add(bar(" " + question, "", QUESTION, cols));
    } else {
      String left = peerTyping ? " " + peer + " is typing…" : " ";
      if (scroll > 0) {
        left += (peerTyping ? " · " : "") + "↓ " + scroll + " more rows (PgDn)";
      }
      String right = clean(activity.apply(Math.max(cols - left.length() - 3, 0)));
      out.add(bar(left, right.isEmpty() ? "" : right + " ", BAR, cols));
    }
    String before = clean(input.beforeCursor());
    String all = clean(input.text());
    AttributedString prompt = new AttributedString("> " + all);
    int cursor = new AttributedString("> " + before).columnLength();
    int shift = Math.max(cursor - (cols - 1), 0);
    out.add(prompt.columnSubSequence(shift, shift + cols));
    while (out.size() > rows) {
      out.remove(1);
    }
    return new Rendered(out, out.size() - 1, cursor - shift);
  }

  private static AttributedString bar(String left, String right, AttributedStyle style, int cols) {
    AttributedString l = new AttributedString(left);
    AttributedString r = new AttributedString(right);
    int pad = cols - l.columnLength() - r.columnLength();
    AttributedStringBuilder b = new AttributedStringBuilder().style(style);
    if (pad < 0) {
      b.append(l.columnSubSequence(0, Math.max(cols - r.columnLength(), 0)));
    } else {
      b.append(l);
      b.append(" ".repeat(pad));
    }
    b.append(r);
    return b.toAttributedString().columnSubSequence(0, cols);
  }

  private List<AttributedString> conversation(int cols) {
    int nameWidth = Math.min(Math.max(self.length(), peer.length()), 12);
    List<AttributedString> lines = new ArrayList<>();
    for (Entry e : entries) {
      if (e.who == null) {
        String head = e.time + " * ";
        wrap(lines, head, NOTICE, e.text, NOTICE, cols, null);
        continue;
      }
      String name = e.who.length() > nameWidth ? e.who.substring(0, nameWidth) : e.who;
      String head = e.time + " " + name + " ".repeat(nameWidth - name.length() + 2);
      wrap(
          lines,
          head,
          e.mine ? ME : PEER,
          e.text,
          AttributedStyle.DEFAULT,
          cols,
          e.mine ? e.mark : null);
    }
    return lines;
  }

  /**
   * Adds {@code text} after {@code head}, wrapped under its first column; {@code mark}, when given,
   * goes at the right end of the first row.
   */
  private static void wrap(
      List<AttributedString> lines,
      String head,
      AttributedStyle headStyle,
      String text,
      AttributedStyle textStyle,
      int cols,
      DeliveryMark mark) {
    int indent = head.length();
    int markWidth = mark == null ? 0 : 3;
    int width = Math.max(cols - indent - markWidth, 8);
    List<AttributedString> parts = new ArrayList<>();
    int start = 0;
    while (start <= text.length()) {
      int nl = text.indexOf('\n', start);
      int stop = nl < 0 ? text.length() : nl;
      int end = stop > start && text.charAt(stop - 1) == '\r' ? stop - 1 : stop;
      String paragraph = clean(text.substring(start, end));
      parts.addAll(new AttributedString(paragraph, textStyle).columnSplitLength(width));
      start = stop + 1;
    }
    for (int i = 0; i < parts.size(); i++) {
      AttributedStringBuilder b = new AttributedStringBuilder();
      if (i == 0) {
        b.styled(AttributedStyle.DEFAULT.faint(), head.substring(0, 6));
        b.styled(headStyle, head.substring(6));
      } else {
        b.append(" ".repeat(indent));
      }
      b.append(parts.get(i));
      if (i == 0 && mark != null) {
        b.append(" ".repeat(Math.max(width - parts.get(i).columnLength(), 0) + 1));
        b.styled(mark.style, mark.symbol);
      }
      lines.add(b.toAttributedString().columnSubSequence(0, cols));
    }
  }
}
