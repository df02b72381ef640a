package org.sra.device.device;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.sra.events.device.DeviceType;
import org.sra.kit.error.DomainException;

/**
 * R-DEV-5: the device list in memory filters and orders as the list screen promises (the same
 * as the store's query did), and keeps up with changes.
 */
class DeviceListIndexTests {

    static final Instant T0 = Instant.parse("2026-11-01T00:00:00Z");

    static DeviceListEntry entry(String id, String name, DeviceType type, String userName, boolean allowed,
                                 int minute) {
        return new DeviceListEntry(id, name, type.name(), userName == null ? null : "id-" + userName, userName,
                allowed, T0.plusSeconds(60L * minute));
    }

    final DeviceListIndex index = new DeviceListIndex(0, List.of(
            entry("1", "b-win", DeviceType.WINDOWS, "suzuki", true, 3),
            entry("2", "a-win", DeviceType.WINDOWS, null, true, 1),
            entry("3", "c-mac", DeviceType.MAC, "abe", false, 2),
            entry("4", "d-ios", DeviceType.IOS, null, true, 4),
            entry("5", "e-ios", DeviceType.IOS, "suzuki", true, 0)), T0);

    List<String> ids(String name, DeviceType type, Boolean assigned, String userId, Boolean allowed, String sort) {
        return index.select(new DeviceFilter(name, type, assigned, userId, allowed, sort), 0, -1).ids();
    }

    @Test
    void theListIsByNameUnlessAskedOtherwise() {
        assertThat(ids(null, null, null, null, null, null)).containsExactly("2", "1", "3", "4", "5");
        assertThat(ids(null, null, null, null, null, "name,desc")).containsExactly("5", "4", "3", "1", "2");
    }

    @Test
    void otherOrdersFallBackToTheNameForDevicesThatCompareEqual() {
        assertThat(ids(null, null, null, null, null, "type")).containsExactly("4", "5", "3", "2", "1");
        // descending by type, the name still ascending among equal types
        assertThat(ids(null, null, null, null, null, "type,desc")).containsExactly("2", "1", "3", "4", "5");
        assertThat(ids(null, null, null, null, null, "createdAt,desc")).containsExactly("4", "1", "3", "2", "5");
    }

    @Test
    void devicesWithoutUserComeFirstByUserAndLastByUserDescending() {
        assertThat(ids(null, null, null, null, null, "user")).containsExactly("2", "4", "3", "1", "5");
        assertThat(ids(null, null, null, null, null, "user,desc")).containsExactly("1", "5", "3", "2", "4");
    }

    @Test
    void theNameFilterIsPartOfTheNameInAnyCaseAndTakenLiterally() {
        assertThat(ids(" WIN ", null, null, null, null, null)).containsExactly("2", "1");
        assertThat(ids(".*", null, null, null, null, null)).isEmpty();
    }

    @Test
    void filtersCombine() {
        assertThat(ids(null, DeviceType.IOS, null, null, null, null)).containsExactly("4", "5");
        assertThat(ids(null, null, true, null, null, null)).containsExactly("1", "3", "5");
        assertThat(ids(null, null, false, null, null, null)).containsExactly("2", "4");
        assertThat(ids(null, null, false, "id-suzuki", null, null)).as("a user's devices, whatever 'assigned' says")
                .containsExactly("1", "5");
        assertThat(ids(null, null, null, null, false, null)).containsExactly("3");
        assertThat(ids("i", DeviceType.IOS, true, null, true, null)).containsExactly("5");
    }

    @Test
    void aPageIsASliceOfTheFilteredListWithItsTotal() {
        DeviceListIndex.Selection page = index.select(new DeviceFilter(null, null, null, null, true, null), 2, 2);
        assertThat(page.ids()).containsExactly("4", "5");
        assertThat(page.total()).isEqualTo(4);
        DeviceListIndex.Selection unfiltered = index.select(DeviceFilter.none(), 1, 2);
        assertThat(unfiltered.ids()).containsExactly("1", "3");
        assertThat(unfiltered.total()).isEqualTo(5);
        assertThat(index.select(DeviceFilter.none(), 10, 2).ids()).isEmpty();
        assertThat(index.select(new DeviceFilter(null, null, null, null, null, "type"), 3, -1).ids())
                .containsExactly("2", "1");
    }

    @Test
    void aChangedDeviceTakesItsNewPlaceAndADeviceNotListedAnyMoreLeaves() {
        ids(null, null, null, null, null, null); // sorted once before the change
        index.apply(Set.of("2", "3", "6"), List.of(entry("2", "z-win", DeviceType.WINDOWS, null, true, 1),
                entry("6", "a-new", DeviceType.MAC, null, true, 9)));
        assertThat(ids(null, null, null, null, null, null)).containsExactly("6", "1", "4", "5", "2");
    }

    @Test
    void anUnknownSortIsRefused() {
        assertThatThrownBy(() -> ids(null, null, null, null, null, "colour"))
                .isInstanceOfSatisfying(DomainException.class, p -> assertThat(p.slug()).isEqualTo("sort-invalid"));
    }

    @Test
    void aRevisionMissingFromTheJournalForTooLongCountsAsLost() {
        index.advance(5, Set.of(4L), T0);
        assertThat(index.revision()).isEqualTo(5);
        assertThat(index.gaps()).containsExactly(4L);
        index.advance(6, Set.of(4L), T0.plusSeconds(10));
        assertThat(index.hasGapOlderThan(T0.plusSeconds(5))).isTrue();
        index.advance(6, Set.of(), T0.plusSeconds(11));
        assertThat(index.gaps()).isEmpty();
        assertThat(index.hasGapOlderThan(T0.plusSeconds(30))).isFalse();
    }
}
