package org.sra.local.mail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Properties;

import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.sra.local.FreePorts;

/**
 * A mail sent to the SMTP port shows up on the mail page and in its JSON; SMTP stopped and started
 * again keeps what it had; a message taken twice counts its copies.
 */
class MailCatcherIntegrationTests {

    private final HttpClient http = HttpClient.newHttpClient();
    private MailCatcher catcher;

    @BeforeEach
    void start() throws IOException {
        catcher = MailCatcher.start(FreePorts.next(), FreePorts.next());
    }

    @AfterEach
    void stop() {
        catcher.close();
    }

    @Test
    void theMailPageShowsAMailSentToTheSmtpPort() throws Exception {
        send("noreply@sra.example", "taro.yamada@example.com", "VPNプロファイルのご案内 / Your VPN profile",
                "プロファイルID: taro.yamada:laptop-01\nURL: https://sra.example/d/abc\n<script>alert(1)</script>");

        String page = get("/").body();

        assertThat(page)
                .contains("VPNプロファイルのご案内 / Your VPN profile")
                .contains("noreply@sra.example")
                .contains("taro.yamada@example.com")
                .contains("プロファイルID: taro.yamada:laptop-01")
                .contains("&lt;script&gt;")
                .doesNotContain("<script>");
    }

    @Test
    void theJsonListsEachMailOnceWithAllItsRecipients() throws Exception {
        send("noreply@sra.example", "admin1@example.com, admin2@example.com", "Device auto-registration failed",
                "who: taro.yamada\nwhy: no free device");

        HttpResponse<String> json = get("/api/messages");

        assertThat(json.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
        assertThat(json.body())
                .startsWith("[{")
                .contains("\"subject\":\"Device auto-registration failed\"")
                .contains("\"to\":[\"admin1@example.com\",\"admin2@example.com\"]")
                .contains("\"text\":\"who: taro.yamada\\nwhy: no free device")
                .containsOnlyOnce("\"subject\"");
        assertThat(catcher.mails()).hasSize(1);

        http.send(HttpRequest.newBuilder(uri("/api/messages")).DELETE().build(), HttpResponse.BodyHandlers.discarding());
        assertThat(get("/api/messages").body()).isEqualTo("[]");
    }

    @Test
    void smtpStoppedRefusesMailsKeepsWhatItHadAndTakesMailsAgainOnceStarted() throws Exception {
        send("noreply@sra.example", "before@example.com", "before", "sent before the outage");

        catcher.stopSmtp();
        assertThatThrownBy(() -> send("noreply@sra.example", "during@example.com", "during", "refused"))
                .isInstanceOf(MessagingException.class);
        assertThat(get("/api/messages").body()).contains("before@example.com");

        catcher.startSmtp();
        send("noreply@sra.example", "after@example.com", "after", "sent after the outage");
        assertThat(catcher.mails()).extracting(ReceivedMail::subject).containsExactlyInAnyOrder("before", "after");
    }

    @Test
    void theSameMessageTakenTwiceIsOneMailWithTwoCopies() throws Exception {
        // as notification-service resends a mail whose SENT was not recorded: the same Message-ID
        MimeMessage message = message("noreply@sra.example", "taro.yamada@example.com", "once", "the same message",
                "<same-1@sra.local>");
        Transport.send(message);
        Transport.send(message);

        assertThat(catcher.mails()).singleElement().extracting(ReceivedMail::copies).isEqualTo(2);
        assertThat(get("/api/messages").body()).contains("\"copies\":2");
    }

    private void send(String from, String to, String subject, String text) throws MessagingException {
        Transport.send(message(from, to, subject, text, null));
    }

    private MimeMessage message(String from, String to, String subject, String text, String messageId)
            throws MessagingException {
        Properties properties = new Properties();
        properties.put("mail.smtp.host", "127.0.0.1");
        properties.put("mail.smtp.port", String.valueOf(catcher.smtpPort()));
        MimeMessage message = new MimeMessage(Session.getInstance(properties)) {
            @Override
            protected void updateMessageID() throws MessagingException {
                if (messageId == null) {
                    super.updateMessageID();
                } else {
                    setHeader("Message-ID", messageId);
                }
            }
        };
        message.setFrom(new InternetAddress(from));
        message.setRecipients(Message.RecipientType.TO, InternetAddress.parse(to));
        message.setSubject(subject, "UTF-8");
        message.setText(text, "UTF-8");
        return message;
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(uri(path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + catcher.webPort() + path);
    }
}
