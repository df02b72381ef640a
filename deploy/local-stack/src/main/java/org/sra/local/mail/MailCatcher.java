package org.sra.local.mail;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;

/**
 * A mail catcher: GreenMail's SMTP server takes every mail the services send (no
 * authentication, nothing is relayed), and {@link MailPage} shows them on a web page and as JSON.
 * Mails are kept in memory only; a restart starts with an empty list.
 */
public final class MailCatcher implements AutoCloseable {

    private final GreenMail greenMail;
    private final int smtpPort;
    private MailPage page;

    private MailCatcher(GreenMail greenMail, int smtpPort) {
        this.greenMail = greenMail;
        this.smtpPort = smtpPort;
    }

    /** Starts SMTP on 127.0.0.1:{@code smtpPort} and the page on 127.0.0.1:{@code webPort}. */
    public static MailCatcher start(int smtpPort, int webPort) throws IOException {
        ServerSetup smtp = new ServerSetup(smtpPort, "127.0.0.1", ServerSetup.PROTOCOL_SMTP);
        GreenMail greenMail = new GreenMail(smtp)
                .withConfiguration(GreenMailConfiguration.aConfig().withDisabledAuthentication());
        greenMail.start();
        MailCatcher catcher = new MailCatcher(greenMail, smtpPort);
        try {
            catcher.page = MailPage.start(webPort, catcher);
            return catcher;
        } catch (IOException | RuntimeException e) {
            greenMail.stop();
            throw e;
        }
    }

    public int smtpPort() {
        return smtpPort;
    }

    public int webPort() {
        return page.port();
    }

    /** Every mail received so far, newest first; one entry per mail, however many recipients. */
    public List<ReceivedMail> mails() {
        Map<String, ReceivedMail> byId = new LinkedHashMap<>();
        for (MimeMessage message : greenMail.getReceivedMessages()) {
            try {
                ReceivedMail mail = ReceivedMail.of(message);
                byId.merge(mail.id(), mail, MailCatcher::mergeRecipients);
            } catch (MessagingException | IOException e) {
                // one unreadable mail must not hide the others
                System.err.println("mail page: cannot read a received mail: " + e.getMessage());
            }
        }
        List<ReceivedMail> mails = new ArrayList<>(byId.values());
        mails.sort(Comparator.comparing(ReceivedMail::date).reversed());
        return mails;
    }

    /** Forgets every received mail. */
    public void clear() {
        try {
            greenMail.purgeEmailFromAllMailboxes();
        } catch (Exception e) {
            throw new IllegalStateException("cannot clear the mailboxes: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        if (page != null) {
            page.close();
        }
        greenMail.stop();
    }

    private static ReceivedMail mergeRecipients(ReceivedMail first, ReceivedMail second) {
        List<String> to = new ArrayList<>(first.to());
        second.to().stream().filter(address -> !to.contains(address)).forEach(to::add);
        return new ReceivedMail(first.id(), first.from(), List.copyOf(to), first.subject(), first.date(),
                first.text(), first.html(), first.attachments());
    }
}
