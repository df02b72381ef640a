package org.sra.directory.connector.ad;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AdConnectionSettingsTests {

    private static final AdServer DC = new AdServer("dc01", "192.0.2.10", 389);

    @Test
    void theSearchBaseIsDerivedFromTheAdDomain() {
        assertThat(AdConnectionSettings.of(DC, null, "Corp.Example.com", null).baseDn())
                .isEqualTo("DC=corp,DC=example,DC=com");
    }

    @Test
    void bareNamesBindAsUpnOrAsNetbiosDownLevelNameWhenOneIsConfigured() {
        assertThat(AdConnectionSettings.of(DC, null, "corp.example.com", null).bindName("taro"))
                .isEqualTo("taro@corp.example.com");
        assertThat(AdConnectionSettings.of(DC, null, "corp.example.com", "CORP").bindName("taro"))
                .isEqualTo("CORP\\taro");
        assertThat(AdConnectionSettings.of(DC, null, "corp.example.com", "CORP").bindName("taro@other.example"))
                .isEqualTo("taro@other.example");
        assertThat(AdConnectionSettings.of(DC, null, "corp.example.com", null).bindName("CN=Admin,DC=corp"))
                .isEqualTo("CN=Admin,DC=corp");
    }

    @Test
    void searchValuesAreEscapedPerRfc4515() {
        assertThat(ActiveDirectory.filter("*)(uid=*").toString())
                .contains("sAMAccountName=*\\2a\\29\\28uid=\\2a*");
        assertThat(ActiveDirectory.filter("a\\b\u0000").toString()).contains("a\\5cb\\00");
        assertThat(ActiveDirectory.filter(" ").toString()).isEqualTo("(sAMAccountType=805306368)");
    }
}
