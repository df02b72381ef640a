package org.sra.profile.download;

/** A served profile: its file name ({@code <profile id>.xml}) and content. */
public record ProfileFile(String profileId, byte[] content) {

    public String fileName() {
        return profileId + ".xml";
    }
}
