package org.sra.notification.mail;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;

import org.junit.jupiter.api.Test;

class MailAddressesTests {

    @Test
    void onlyBareAddressesWithADomainAreValid() {
        assertThat(MailAddresses.isValid("taro.yamada@example.co.jp")).isTrue();
        assertThat(MailAddresses.isValid("a+tag@sub.example.com")).isTrue();

        assertThat(MailAddresses.isValid(null)).isFalse();
        assertThat(MailAddresses.isValid("")).isFalse();
        assertThat(MailAddresses.isValid("not-an-address")).isFalse();
        assertThat(MailAddresses.isValid("taro@localhost")).isFalse();
        assertThat(MailAddresses.isValid("taro@@example.com")).isFalse();
        assertThat(MailAddresses.isValid(" taro@example.com")).isFalse();
        assertThat(MailAddresses.isValid("taro yamada@example.com")).isFalse();
        assertThat(MailAddresses.isValid("Taro <taro@example.com>")).isFalse();
        assertThat(MailAddresses.isValid("taro@example.com, jiro@example.com")).isFalse();
        assertThat(MailAddresses.isValid("taro@example..com")).isFalse();
    }

    @Test
    void eventsAndLogsSeeOnlyTheFirstLetterOfTheLocalPart() {
        assertThat(MailAddresses.mask("taro@example.com")).isEqualTo("t***@example.com");
        assertThat(MailAddresses.mask("")).isEqualTo("(none)");
        assertThat(MailAddresses.mask("garbage")).isEqualTo("***");
        assertThat(MailAddresses.maskAllIn("550 5.1.1 <jiro@example.com>: Recipient address rejected"))
                .isEqualTo("550 5.1.1 <j***@example.com>: Recipient address rejected");
    }

    @Test
    void oneEventAndOneRecipientAlwaysMakeTheSameDeliveryAndMessageId() {
        UUID event = UUID.randomUUID();
        String id = MessageIds.deliveryId(event, "Taro@Example.com");

        assertThat(MessageIds.deliveryId(event, " taro@example.com ")).isEqualTo(id);
        assertThat(MessageIds.deliveryId(event, "jiro@example.com")).isNotEqualTo(id);
        assertThat(MessageIds.deliveryId(UUID.randomUUID(), "taro@example.com")).isNotEqualTo(id);
        assertThat(MessageIds.messageId(id, "sra.local")).isEqualTo("<" + id + "@sra.local>");
    }

    @Test
    void mailsAreJapaneseUnlessEnglishIsAskedFor() {
        assertThat(MailLanguage.of("en")).isEqualTo(MailLanguage.EN);
        assertThat(MailLanguage.of("EN-us")).isEqualTo(MailLanguage.EN);
        assertThat(MailLanguage.of("ja")).isEqualTo(MailLanguage.JA);
        assertThat(MailLanguage.of(null)).isEqualTo(MailLanguage.JA);
        assertThat(MailLanguage.of("fr")).isEqualTo(MailLanguage.JA);
    }
}
