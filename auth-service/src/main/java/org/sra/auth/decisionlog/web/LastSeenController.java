package org.sra.auth.decisionlog.web;

import java.util.Arrays;
import java.util.List;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.sra.auth.decisionlog.DecisionLog;
import org.sra.auth.decisionlog.LastSeen;
import org.sra.kit.error.DomainException;
import org.sra.kit.security.TenantId;

/**
 * The last accepted connection and the last rejection (with its reason) of the users and devices
 * on the page a console list shows: {@code GET /api/auth/last-seen?users=u-1,u-2&devices=d-1}.
 * Always the caller's tenant; ids it does not know are simply absent from the answer.
 */
@RestController
@RequestMapping("/api/auth/last-seen")
class LastSeenController {

    /** More than the largest page the console lists. */
    static final int MAX_IDS = 500;

    private final DecisionLog log;

    LastSeenController(DecisionLog log) {
        this.log = log;
    }

    @GetMapping
    LastSeen.Answer find(TenantId tenant, @RequestParam(defaultValue = "") String users,
                         @RequestParam(defaultValue = "") String devices) {
        List<String> userIds = ids(users);
        List<String> deviceIds = ids(devices);
        if (userIds.size() > MAX_IDS || deviceIds.size() > MAX_IDS) {
            throw DomainException.invalid("last-seen-too-many", MAX_IDS);
        }
        return log.lastSeen(tenant.value(), userIds, deviceIds);
    }

    private static List<String> ids(String commaSeparated) {
        return Arrays.stream(commaSeparated.split(",")).map(String::strip).filter(id -> !id.isEmpty()).distinct()
                .toList();
    }
}
