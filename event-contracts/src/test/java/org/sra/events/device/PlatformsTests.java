package org.sra.events.device;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class PlatformsTests {

    @ParameterizedTest
    @CsvSource({
            "win, WINDOWS", "win-arm64, WINDOWS", "Windows, WINDOWS", "WIN, WINDOWS", "' win ', WINDOWS",
            "mac-intel, MAC", "mac-arm, MAC", "macOS, MAC", "MAC, MAC",
            "apple-ios, IOS", "ios, IOS", "iOS, IOS", "iPhone, IOS", "iphone, IOS", "iPad, IOS", "' ipad ', IOS",
            "android, ANDROID", "Android, ANDROID", "android-arm, ANDROID"})
    void everyKnownSpellingMapsToItsType(String platform, DeviceType expected) {
        assertThat(Platforms.deviceType(platform)).contains(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"linux-64", "linux", "chromeos", "", "   ", "apple", "unknown"})
    void otherPlatformsHaveNoType(String platform) {
        assertThat(Platforms.deviceType(platform)).isEmpty();
    }

    @Test
    void noPlatformHasNoType() {
        assertThat(Platforms.deviceType(null)).isEmpty();
    }
}
