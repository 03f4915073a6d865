package io.github.resourcemanager.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class LabelMatcherTest {

  private static final Map<String, String> WORKER = Map.of("alertname", "cpu-high", "agent", "worker-12");

  @Test
  void equalAndNotEqualCompareTheWholeValue() {
    assertThat(LabelMatcher.equal("agent", "worker-12").matches(WORKER)).isTrue();
    assertThat(LabelMatcher.equal("agent", "worker-1").matches(WORKER)).isFalse();
    assertThat(LabelMatcher.notEqual("agent", "worker-1").matches(WORKER)).isTrue();
    assertThat(LabelMatcher.notEqual("agent", "worker-12").matches(WORKER)).isFalse();
  }

  @Test
  void regexMustMatchTheWholeValue() {
    assertThat(LabelMatcher.regex("agent", "worker-[0-9]+").matches(WORKER)).isTrue();
    assertThat(LabelMatcher.regex("agent", "worker").matches(WORKER)).isFalse();
    assertThat(LabelMatcher.regex("agent", "db-.*|worker-.*").matches(WORKER)).isTrue();
    assertThat(LabelMatcher.notRegex("agent", "worker-.*").matches(WORKER)).isFalse();
    assertThat(LabelMatcher.notRegex("agent", "db-.*").matches(WORKER)).isTrue();
  }

  @Test
  void missingLabelReadsAsEmpty() {
    assertThat(LabelMatcher.equal("team", "").matches(WORKER)).isTrue();
    assertThat(LabelMatcher.notEqual("team", "db").matches(WORKER)).isTrue();
    assertThat(LabelMatcher.regex("team", ".*").matches(WORKER)).isTrue();
    assertThat(LabelMatcher.regex("team", ".+").matches(WORKER)).isFalse();
  }

  @Test
  void parsesAlertmanagerMatcherTexts() {
    assertThat(LabelMatcher.parse("alertname=\"cpu-high\"")).isEqualTo(LabelMatcher.equal("alertname", "cpu-high"));
    assertThat(LabelMatcher.parse("agent =~ \"worker-.*\"")).isEqualTo(LabelMatcher.regex("agent", "worker-.*"));
    assertThat(LabelMatcher.parse("team!=ops")).isEqualTo(LabelMatcher.notEqual("team", "ops"));
    assertThat(LabelMatcher.parse("team!~\"db|ops\"")).isEqualTo(LabelMatcher.notRegex("team", "db|ops"));
    assertThat(LabelMatcher.parse("note=\"say \\\"hi\\\"\"")).isEqualTo(LabelMatcher.equal("note", "say \"hi\""));
  }

  @Test
  void printsAsItParses() {
    LabelMatcher quoted = LabelMatcher.equal("note", "say \"hi\" \\o/");
    assertThat(quoted.toString()).isEqualTo("note=\"say \\\"hi\\\" \\\\o/\"");
    assertThat(LabelMatcher.parse(quoted.toString())).isEqualTo(quoted);
    assertThat(LabelMatcher.regex("agent", "w.*").toString()).isEqualTo("agent=~\"w.*\"");
  }

  @Test
  void rejectsMalformedMatchers() {
    assertThatThrownBy(() -> LabelMatcher.parse("agent~worker"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("label matcher \"agent~worker\" is not allowed: write a label name, one of = != =~ !~, and a "
            + "value, e.g. alertname=\"cpu-high\" or agent=~\"worker-.*\"");
    assertThatThrownBy(() -> LabelMatcher.equal("1st", "x"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("label matcher name \"1st\" is not allowed; use letters, digits and _, not starting with a digit "
            + "(as Prometheus label names)");
    assertThatThrownBy(() -> LabelMatcher.regex("agent", "worker-(["))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("label matcher agent=~\"worker-([\" has an invalid regular expression: ");
  }

  @Test
  void operatorIsWrittenAsInAlertmanager() {
    // Alertmanager pkg/labels/matcher.go, MatchType.String: "=", "!=", "=~", "!~"
    assertThat(LabelMatcher.equal("a", "b").operator()).isEqualTo("=");
    assertThat(LabelMatcher.notEqual("a", "b").operator()).isEqualTo("!=");
    assertThat(LabelMatcher.regex("a", "b").operator()).isEqualTo("=~");
    assertThat(LabelMatcher.notRegex("a", "b").operator()).isEqualTo("!~");
    assertThat(LabelMatcher.of("agent", "=~", "worker-.*")).isEqualTo(LabelMatcher.regex("agent", "worker-.*"));
    assertThat(LabelMatcher.of("team", "!=", "ops")).isEqualTo(LabelMatcher.parse("team!=ops"));
  }

  @Test
  void unknownOperatorIsRejectedWithTheAllowedOnes() {
    assertThatThrownBy(() -> LabelMatcher.of("agent", "~=", "x"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("label matcher operator \"~=\" is not allowed; allowed: = != =~ !~");
    assertThatThrownBy(() -> LabelMatcher.of("agent", null, "x"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("label matcher operator null is not allowed; allowed: = != =~ !~");
  }

  @Test
  void aQuotedValueEndsAtItsClosingQuote() {
    // Before, a="x"y was read as the value "x"y (quotes and all) and a="x as the value "x.
    assertThatThrownBy(() -> LabelMatcher.parse("a=\"x\"y")).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("label matcher \"a=\"x\"y\" is not allowed: nothing may follow the closing quote of the value, "
            + "e.g. alertname=\"cpu-high\" or agent=~\"worker-.*\"");
    assertThatThrownBy(() -> LabelMatcher.parse("a=\"x")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("the quoted value has no closing quote");
  }

  @Test
  void onlyQuoteBackslashAndNewlineAreEscapes() {
    assertThat(LabelMatcher.parse("a=\"1\\n2\"").value()).isEqualTo("1\n2");
    assertThat(LabelMatcher.parse("a=\"say \\\"hi\\\"\"").value()).isEqualTo("say \"hi\"");
    assertThatThrownBy(() -> LabelMatcher.parse("a=\"\\d+\"")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("inside quotes only \\\", \\\\ and \\n are escapes");
  }

  @Test
  void anUnquotedValueMayNotHoldQuotesOrBackslashes() {
    assertThat(LabelMatcher.parse("team != ops ").value()).isEqualTo("ops");
    assertThatThrownBy(() -> LabelMatcher.parse("a=x\"y")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("an unquoted value may not contain");
  }

  @Test
  void aNewlineInAValuePrintsAsAnEscapeAndReadsBack() {
    LabelMatcher m = LabelMatcher.equal("note", "two\nlines");
    assertThat(m.toString()).isEqualTo("note=\"two\\nlines\"");
    assertThat(LabelMatcher.parse(m.toString())).isEqualTo(m);
  }
}
