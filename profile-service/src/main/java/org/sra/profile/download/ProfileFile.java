package org.sra.profile.download;

/**
 * A profile file as the user downloads it.
 *
 * @param fileName {@code <userName>_<deviceName>.xml}, as the console names the profile
 *                 ({@code user:device}) with the colon, which file systems refuse, as {@code _}
 */
public record ProfileFile(String fileName, byte[] content) {

    public static String fileName(String userName, String deviceName) {
        return userName + "_" + deviceName + ".xml";
    }
}
