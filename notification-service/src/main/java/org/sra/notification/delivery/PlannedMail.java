package org.sra.notification.delivery;

import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.sra.events.mail.MailKind;
import org.sra.notification.mail.MailLanguage;

/**
 * One mail an event asks for.
 *
 * @param recipient  the address as given (stripped)
 * @param parameters template parameters; the download URL only sealed
 * @param rejection  why it can never be sent (bad input), or null when it can
 */
public record PlannedMail(String recipient, MailKind kind, MailLanguage language, Map<String, String> parameters,
                          @Nullable String rejection) {

    public PlannedMail {
        parameters = Map.copyOf(parameters);
    }
}
