package org.sra.profile.profile;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;
import org.sra.kit.error.DomainException;
import org.sra.kit.error.FieldError;
import org.sra.profile.facts.DeviceFact;
import org.sra.profile.facts.Facts;

/**
 * The profile list as the console pages through it (§4-4): search by the name the admin sees
 * ({@code userName:deviceName}) or the registered address, filter by status and connection switch,
 * sort, and one page with the totals. The name joins the profile with its device's fact, so the
 * tenant's profiles and their facts are read once per request and the page is cut here; the
 * embedded store answers anything but a key look-up by reading the collection anyway.
 */
@Service
public class ProfileCatalog {

    /** Most rows on one page. */
    public static final int MAX_PAGE_SIZE = 500;

    private final ProfileAdministration administration;
    private final Facts facts;

    ProfileCatalog(ProfileAdministration administration, Facts facts) {
        this.administration = administration;
        this.facts = facts;
    }

    /** What the list can be sorted by. */
    public enum SortKey {
        NAME, STATUS, CONNECTION, UPDATED;

        static SortKey of(@Nullable String value) {
            if (value == null || value.isBlank()) {
                return NAME;
            }
            return switch (value.strip().toLowerCase(Locale.ROOT)) {
                case "name" -> NAME;
                case "status" -> STATUS;
                case "connection", "connectionallowed" -> CONNECTION;
                case "updated", "updatedat" -> UPDATED;
                default -> throw invalid("sort", "sort-invalid", "name, status, connection, updatedAt");
            };
        }
    }

    /**
     * The list's filter and order, as the console's query parameters give them.
     *
     * @param query      part of the name or of the registered address, any case; blank: all
     * @param status     one status; {@code null}: all
     * @param connection the connection switch; {@code null}: both
     */
    public record Filter(@Nullable String query, @Nullable ProfileStatus status, @Nullable Boolean connection,
                         SortKey sort, boolean descending) {

        /** From the query parameters; a wrong value is a field error naming the parameter. */
        public static Filter of(@Nullable String query, @Nullable String status, @Nullable String connection,
                                @Nullable String sort, @Nullable String direction) {
            ProfileStatus wantedStatus = null;
            if (status != null && !status.isBlank()) {
                try {
                    wantedStatus = ProfileStatus.valueOf(status.strip());
                } catch (IllegalArgumentException e) {
                    throw invalid("status", "status-invalid", null);
                }
            }
            Boolean wantedConnection = null;
            if (connection != null && !connection.isBlank()) {
                wantedConnection = switch (connection.strip().toLowerCase(Locale.ROOT)) {
                    case "true" -> true;
                    case "false" -> false;
                    default -> throw invalid("connection", "connection-invalid", null);
                };
            }
            boolean descending = switch (direction == null ? "" : direction.strip().toLowerCase(Locale.ROOT)) {
                case "", "asc" -> false;
                case "desc" -> true;
                default -> throw invalid("direction", "direction-invalid", null);
            };
            return new Filter(query == null || query.isBlank() ? null : query.strip().toLowerCase(Locale.ROOT),
                    wantedStatus, wantedConnection, SortKey.of(sort), descending);
        }

        boolean matches(Listed listed) {
            Profile profile = listed.profile();
            return (query == null || listed.name().toLowerCase(Locale.ROOT).contains(query)
                    || (profile.mail() != null && profile.mail().toLowerCase(Locale.ROOT).contains(query)))
                    && (status == null || profile.status() == status)
                    && (connection == null || profile.connectionAllowed() == connection);
        }

        Comparator<Listed> order() {
            Comparator<Listed> byName = Comparator.comparing((Listed listed) -> listed.name().toLowerCase(Locale.ROOT))
                    .thenComparing(listed -> listed.profile().profileId());
            Comparator<Listed> first = switch (sort) {
                case NAME -> byName;
                case STATUS -> Comparator.comparing((Listed listed) -> listed.profile().status().ordinal());
                case CONNECTION -> Comparator.comparing((Listed listed) -> listed.profile().connectionAllowed());
                case UPDATED -> Comparator.comparing((Listed listed) -> listed.profile().updatedAt());
            };
            Comparator<Listed> directed = descending ? first.reversed() : first;
            return sort == SortKey.NAME ? directed : directed.thenComparing(byName);
        }
    }

    /** A profile with its device's fact ({@code null} while none arrived or the device is gone). */
    public record Listed(Profile profile, @Nullable DeviceFact device) {

        /** {@code userName:deviceName}, what the guide shows as ユーザプロフィールID. */
        public String name() {
            return profile.name(device == null ? null : device.name());
        }
    }

    /**
     * One page of the list.
     *
     * @param total   the profiles the filter matches
     * @param overall all the tenant's profiles (ユーザプロフィール総数)
     */
    public record Page(List<Listed> items, int page, int size, long total, long overall) {
    }

    public Page page(String tenantId, Filter filter, int page, int size) {
        if (page < 0 || size < 1 || size > MAX_PAGE_SIZE) {
            throw new DomainException(DomainException.Kind.INVALID, "page-invalid", MAX_PAGE_SIZE);
        }
        List<Listed> all = listed(tenantId);
        List<Listed> matching = new ArrayList<>(all.stream().filter(filter::matches).toList());
        matching.sort(filter.order());
        int from = (int) Math.min((long) page * size, matching.size());
        return new Page(List.copyOf(matching.subList(from, Math.min(from + size, matching.size()))), page, size,
                matching.size(), all.size());
    }

    /** The ids of every profile the filter matches, in the list's order: "select all" across pages. */
    public List<String> ids(String tenantId, Filter filter) {
        return listed(tenantId).stream().filter(filter::matches).sorted(filter.order())
                .map(listed -> listed.profile().profileId()).toList();
    }

    /**
     * How many of the tenant's profiles are in each status, every status named (0 when none): the
     * overview's figures in one pass over the profiles, without their devices' facts.
     */
    public Map<ProfileStatus, Long> countsByStatus(String tenantId) {
        Map<ProfileStatus, Long> counts = new EnumMap<>(ProfileStatus.class);
        for (ProfileStatus status : ProfileStatus.values()) {
            counts.put(status, 0L);
        }
        administration.all(tenantId).forEach(profile -> counts.merge(profile.status(), 1L, Long::sum));
        return counts;
    }

    /** Every live profile of the tenant with its device's fact. */
    public List<Listed> listed(String tenantId) {
        List<Profile> profiles = administration.all(tenantId);
        Map<String, DeviceFact> devices = profiles.isEmpty() ? new HashMap<>()
                : facts.devices(tenantId, profiles.stream().map(Profile::deviceId).toList());
        return profiles.stream().map(profile -> new Listed(profile, devices.get(profile.deviceId()))).toList();
    }

    private static DomainException invalid(String field, String code, @Nullable String allowed) {
        FieldError error = allowed == null ? FieldError.of(field, code, "field.list." + code)
                : FieldError.of(field, code, "field.list." + code, allowed);
        return DomainException.invalidFields("list-invalid", List.of(error));
    }
}
