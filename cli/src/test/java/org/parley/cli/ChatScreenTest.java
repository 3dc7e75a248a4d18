package org.parley.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.jline.utils.AttributedString;
import org.junit.jupiter.api.Test;

/** The interactive chat's screen drawn as rows, without a terminal. */
class ChatScreenTest {
  private final ChatScreen screen =
      new ChatScreen(
          Clock.fixed(Instant.parse("2026-01-02T09:05:00Z"), ZoneOffset.UTC),
          "sip:alice@127.0.0.1",
          "sip:bob@example.com");

  private List<String> rows(int rows, int cols, InputLine input) {
    return screen.render(rows, cols, input).lines().stream()
        .map(AttributedString::toString)
        .toList();
  }

  @Test
  void rowsAreTitleConversationStatusAndInput() {
    screen.peer("sip:bob@example.com");
    screen.notice("* in a session with sip:bob@example.com (msrp)");
    screen.mine("id1", "Hello Bob");
    screen.theirs("Hi Alice");
    screen.peerTyping(true);
    InputLine input = new InputLine();
    input.insert("draft");
    ChatScreen.Rendered r = screen.render(9, 40, input);
    List<String> rows = r.lines().stream().map(AttributedString::toString).toList();
    assertThat(rows).hasSize(9);
    assertThat(rows.get(0)).startsWith(" parley chat · sip:bob@example.com").endsWith("/help ");
    assertThat(rows.get(1)).isEqualTo("09:05 * in a session with sip:bob@exampl");
    assertThat(rows.get(2)).isEqualTo("        e.com (msrp)");
    assertThat(rows.get(3)).startsWith("09:05 alice  Hello Bob").endsWith("…");
    assertThat(rows.get(4)).isEqualTo("09:05 bob    Hi Alice");
    assertThat(rows.get(7)).startsWith(" bob is typing…");
    assertThat(rows.get(8)).isEqualTo("> draft");
    assertThat(r.cursorRow()).isEqualTo(8);
    assertThat(r.cursorColumn()).isEqualTo(7);
  }

  /** A line entered before its send, which then found no session, leaves the screen again. */
  @Test
  void aMessageForgottenLeavesTheScreenAndTakesNoMark() {
    screen.mine("id1", "kept");
    screen.mine("id2", "not sent");
    screen.forget("id2");
    screen.mark("id2", DeliveryMark.DELIVERED);
    assertThat(screen.markOf("id2")).isNull();
    assertThat(String.join("\n", rows(6, 30, new InputLine())))
        .contains("kept")
        .doesNotContain("not sent");
  }

  @Test
  void marksOnlyMoveForwardAndAFailureWins() {
    screen.mine("id1", "one");
    screen.mark("id1", DeliveryMark.DISPLAYED);
    screen.mark("id1", DeliveryMark.DELIVERED);
    assertThat(screen.markOf("id1")).isEqualTo(DeliveryMark.DISPLAYED);
    assertThat(rows(5, 30, new InputLine()).get(1)).endsWith("✓✓");
    screen.mark("id1", DeliveryMark.FAILED);
    assertThat(rows(5, 30, new InputLine()).get(1)).endsWith("✗");
  }

  @Test
  void longMessagesWrapUnderTheirFirstColumnAndTheLatestRowsShow() {
    screen.theirs("old");
    screen.theirs("a message long enough to be wrapped over several rows of the screen");
    List<String> rows = rows(20, 30, new InputLine());
    int first = rows.indexOf(ScreenCapture.row(String.join("\n", rows), "a message long"));
    assertThat(rows.get(first)).startsWith("09:05 peer   a message long");
    assertThat(rows.get(first + 1)).startsWith("             ").doesNotStartWith("              ");
    assertThat(rows).allMatch(r -> new AttributedString(r).columnLength() <= 30);
    // On a short screen the latest rows show.
    List<String> small = rows(4, 30, new InputLine());
    assertThat(small.get(1)).startsWith("             ").contains("screen");
    assertThat(small).noneMatch(r -> r.contains("old"));
  }

  @Test
  void controlCharactersOfAPeerCannotReachTheTerminal() {
    screen.theirs("red\u001b[31m\u009bclear\u0007 and\r\nnext line");
    List<String> rows = rows(6, 60, new InputLine());
    assertThat(String.join("\n", rows)).doesNotContain("\u001b").doesNotContain("\u0007");
    assertThat(rows.get(1)).contains("red\ufffd[31m\ufffdclear\ufffd and");
    assertThat(rows.get(2).strip()).isEqualTo("next line");
  }

  @Test
  void aQuestionTakesTheStatusLineAndALongDraftScrolls() {
    screen.question("bob offers a.txt (3 B): accept? [y/n]");
    InputLine input = new InputLine();
    input.insert("x".repeat(50));
    ChatScreen.Rendered r = screen.render(5, 20, input);
    assertThat(r.lines().get(3).toString()).startsWith(" bob offers a.txt");
    // The cursor's cell after the last character is kept free.
    assertThat(r.lines().get(4).toString()).isEqualTo("x".repeat(19));
    assertThat(r.cursorColumn()).isEqualTo(19);
  }

  @Test
  void pageUpShowsOlderRowsWithTheirMarksAndStaysPutAsRowsArrive() {
    screen.peer("sip:bob@example.com");
    screen.mine("id0", "the first message");
    screen.mark("id0", DeliveryMark.DISPLAYED);
    for (int i = 1; i <= 20; i++) {
      screen.theirs("line " + i);
    }
    InputLine input = new InputLine();
    // 10 rows: title, 7 of conversation, status, input.
    assertThat(rows(10, 40, input).get(7)).endsWith("line 20");
    screen.pageUp();
    screen.pageUp();
    screen.pageUp();
    List<String> top = rows(10, 40, input);
    assertThat(top.get(1)).startsWith("09:05 alice  the first message").endsWith("✓✓");
    assertThat(top.get(8)).contains("↓ 14 more rows (PgDn)");
    // A row arriving below does not move the view.
    screen.theirs("line 21");
    List<String> still = rows(10, 40, input);
    assertThat(still.get(1)).isEqualTo(top.get(1));
    assertThat(still.get(8)).contains("↓ 15 more rows (PgDn)");
    screen.pageDown();
    screen.pageDown();
    screen.pageDown();
    List<String> bottom = rows(10, 40, input);
    assertThat(bottom.get(7)).endsWith("line 21");
    assertThat(bottom.get(8)).doesNotContain("more rows");
    assertThat(screen.scrolled()).isZero();
  }

  @Test
  void theHistoryWalksBackAndForthAndGivesTheDraftBack() {
    InputHistory h = new InputHistory();
    assertThat(h.previous("x")).isNull();
    h.add("one");
    h.add("two");
    h.add("two");
    h.add(" ");
    assertThat(h.previous("draft")).isEqualTo("two");
    assertThat(h.previous("two")).isEqualTo("one");
    assertThat(h.previous("one")).isNull();
    assertThat(h.next()).isEqualTo("two");
    assertThat(h.next()).isEqualTo("draft");
    assertThat(h.next()).isNull();
    for (int i = 0; i < InputHistory.MAX + 10; i++) {
      h.add("l" + i);
    }
    String oldest = null;
    for (String s = h.previous(""); s != null; s = h.previous(s)) {
      oldest = s;
    }
    assertThat(oldest).isEqualTo("l10");
  }

  @Test
  void wideCharactersNeverMoveOrCutTheMarksColumn() {
    screen.peer("sip:bob@example.com");
    String[] texts = {
      "family 👩\u200d👩\u200d👧 and coder 👩\u200d💻",
      "thumbs 👍🏽 👋🏿 wave",
      "flags 🇫🇷 🇯🇵 🏴\udb40\udc67\udb40\udc62\udb40\udc73\udb40\udc63\udb40\udc74\udb40\udc7f",
      "heart ❤\ufe0f and 日本語のテキスト",
    };
    for (int i = 0; i < texts.length; i++) {
      screen.mine("w" + i, texts[i]);
      screen.mark("w" + i, DeliveryMark.DISPLAYED);
    }
    ChatScreen.Rendered r = screen.render(12, 60, new InputLine());
    for (int i = 0; i < texts.length; i++) {
      AttributedString row = r.lines().get(1 + i);
      String shown = row.toString();
      // The mark ends the row at the last column, counted as every terminal counts.
      assertThat(shown).endsWith("✓✓");
      assertThat(row.columnLength()).isEqualTo(60);
      assertThat(shown.codePoints().filter(ColumnSafeText::unsafe)).isEmpty();
    }
    assertThat(r.lines().get(1).toString()).contains("👩👩👧").contains("👩💻");
    assertThat(r.lines().get(2).toString()).contains("👍 👋");
    assertThat(r.lines().get(4).toString()).contains("日本語のテキスト");
  }
}
