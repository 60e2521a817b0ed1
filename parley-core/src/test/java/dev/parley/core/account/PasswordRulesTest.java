package dev.parley.core.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PasswordRulesTest {

  @Test
  void theMostCommonPasswordsAreRefusedWhateverTheirCase() {
    for (String common :
        new String[] {"12345678", "password", "Password1", "QWERTY123", "iloveyou", "11111111"}) {
      assertThatThrownBy(() -> PasswordRules.check(common, "alice"))
          .as(common)
          .isInstanceOf(AccountException.class)
          .hasMessageContaining("common");
    }
    assertThat(PasswordRules.isCommon("sunshine2024")).isTrue();
  }

  @Test
  void lengthIsCountedInCodePointsAndBlankPasswordsAreRefused() {
    assertThatThrownBy(() -> PasswordRules.check("        ", "alice"))
        .hasMessageContaining("only spaces");
    assertThatThrownBy(() -> PasswordRules.check("\t \u00a0\u2003    ", "alice"))
        .hasMessageContaining("only spaces");
    // Four emoji are eight UTF-16 chars but four characters: too short.
    assertThatThrownBy(() -> PasswordRules.check("😀😀😀😀", "alice"))
        .hasMessageContaining("8 to 1024");
    PasswordRules.check("😀😀😀😀😀😀😀😀", "alice");
    assertThatThrownBy(() -> PasswordRules.check("x".repeat(1025), "alice"))
        .hasMessageContaining("8 to 1024");
    assertThatThrownBy(() -> PasswordRules.check(null, "alice"))
        .isInstanceOf(AccountException.class);
  }

  @Test
  void thePasswordCannotBeTheHandle() {
    assertThatThrownBy(() -> PasswordRules.check("Alice.smith", "alice.smith"))
        .hasMessageContaining("handle");
    PasswordRules.check("violet-harbour-71", "alice.smith");
  }
}
