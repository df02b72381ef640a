package org.sra.directory.local;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LocalDirectoryTests {

    @Test
    void aVpnPasswordHasEightCharactersLettersAndDigitsAndNotTheUserName() {
        assertThat(LocalDirectory.acceptable("taro", "Sakura-2026")).isTrue();
        assertThat(LocalDirectory.acceptable("taro", "short1")).isFalse();
        assertThat(LocalDirectory.acceptable("taro", "onlyletters")).isFalse();
        assertThat(LocalDirectory.acceptable("taro", "12345678")).isFalse();
        assertThat(LocalDirectory.acceptable("taro", "Taro-2026x")).isFalse();
        assertThat(LocalDirectory.acceptable("taro", "あ".repeat(24) + "1")).as("over 72 bytes").isFalse();
        assertThat(LocalDirectory.acceptable("taro", null)).isFalse();
    }
}
