package org.sra.auth.session.web;

import java.util.List;

import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.sra.auth.session.Session;
import org.sra.auth.session.Sessions;
import org.sra.kit.security.TenantId;
import org.sra.kit.web.Paging;

/** Live sessions of the caller's tenant; an admin disconnects one (R-AUT-6). */
@RestController
@RequestMapping("/api/auth/sessions")
class SessionController {

    private final Sessions sessions;

    SessionController(Sessions sessions) {
        this.sessions = sessions;
    }

    /** The sessions a page at a time, newest first; {@code user}: part of the user name, any case. */
    @GetMapping
    List<Session.SessionView> list(TenantId tenant, @RequestParam(defaultValue = "true") boolean live,
                                   @RequestParam(required = false) String user,
                                   @RequestParam(defaultValue = "0") int page,
                                   @RequestParam(defaultValue = "100") int size) {
        Paging.check(page, size, 500);
        return sessions.list(tenant.value(), live, user, page, size);
    }

    /** How many sessions the list's filter finds (the console's total and page count). */
    record Count(long total) {
    }

    @GetMapping("/count")
    Count count(TenantId tenant, @RequestParam(defaultValue = "true") boolean live,
                @RequestParam(required = false) String user) {
        return new Count(sessions.count(tenant.value(), live, user));
    }

    /** Sends a Disconnect-Request to the headend; 502 when it does not acknowledge. */
    @DeleteMapping("/{sessionId}")
    Session.SessionView disconnect(TenantId tenant, @PathVariable String sessionId) {
        return sessions.disconnect(tenant.value(), sessionId);
    }
}
