package org.sra.local.mail;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

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

    private volatile GreenMail greenMail;
    /** Mails received before SMTP was last stopped ({@link #stopSmtp()}), still shown. */
    private final List<MimeMessage> earlier = new CopyOnWriteArrayList<>();
    private final int smtpPort;
    private MailPage page;

    private MailCatcher(GreenMail greenMail, int smtpPort) {
        this.greenMail = greenMail;
        this.smtpPort = smtpPort;
    }

    /** Starts SMTP on 127.0.0.1:{@code smtpPort} and the page on 127.0.0.1:{@code webPort}. */
    public static MailCatcher start(int smtpPort, int webPort) throws IOException {
        GreenMail greenMail = smtp(smtpPort);
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

    private static GreenMail smtp(int port) {
        return new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP))
                .withConfiguration(GreenMailConfiguration.aConfig().withDisabledAuthentication());
    }

    /** SMTP stops listening (a sender's connection is refused); the page and what it shows stay. */
    public synchronized void stopSmtp() {
        earlier.addAll(List.of(greenMail.getReceivedMessages()));
        greenMail.stop();
    }

    /** SMTP listens again on the same port. */
    public synchronized void startSmtp() {
        GreenMail again = smtp(smtpPort);
        again.start();
        greenMail = again;
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
        List<MimeMessage> received = new ArrayList<>(earlier);
        received.addAll(List.of(greenMail.getReceivedMessages()));
        for (MimeMessage message : received) {
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
            earlier.clear();
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
                first.text(), first.html(), first.attachments(), first.copies() + second.copies());
    }
}
