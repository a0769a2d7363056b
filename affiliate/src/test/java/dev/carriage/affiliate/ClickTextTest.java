package dev.carriage.affiliate;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class ClickTextTest {

  @Property
  void subIdIsAlwaysShortAndPlain(@ForAll String raw) {
    ClickText.subId(raw).ifPresent(sub -> {
      assertThat(sub).hasSizeBetween(1, ClickText.SUB_ID_LENGTH_MAX);
      assertThat(sub).matches("[A-Za-z0-9._~-]+");
    });
  }

  @Property
  void headerTextNeverHoldsMarkupQuotesOrControlCharacters(@ForAll String raw) {
    ClickText.header(raw).ifPresent(text -> {
      assertThat(text.length()).isLessThanOrEqualTo(ClickText.HEADER_LENGTH_MAX);
      assertThat(text).doesNotContainPattern("[<>\"'`\\\\\\p{Cntrl}]");
      assertThat(text.chars()).allMatch(c -> c >= 0x20 && c < 0x7f);
    });
  }

  @Test
  void scriptTagsLoseTheirMarkup() {
    assertThat(ClickText.subId("<script>alert(1)</script>")).contains("scriptalert1script");
    assertThat(ClickText.subId("x".repeat(10_000))).get().asString().hasSize(64);
    assertThat(ClickText.subId("<>\"'")).isEmpty();
  }

  @Test
  void realBrowserUserAgentIsKeptAsIs() {
    String firefox = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0";
    assertThat(ClickText.header(firefox)).contains(firefox);
  }

  @Test
  void referrerMustBeAWebUrlThatNeedsNoCleaning() {
    assertThat(ClickText.referrer("https://fans.example/reviews?id=3")).contains("https://fans.example/reviews?id=3");
    assertThat(ClickText.referrer("javascript:alert(1)")).isEmpty();
    assertThat(ClickText.referrer("https://fans.example/\"><script>")).isEmpty();
    assertThat(ClickText.referrer(null)).isEmpty();
  }
}
