package org.sra.auth.radius;

import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Cheap checks on raw bytes, run on the receiving thread before a packet costs a thread and a
 * decode: is the Message-Authenticator of an Access-Request present and right, is the
 * authenticator of an Accounting-Request right? A flood of forged packets is thus dropped for
 * the price of one HMAC each (the codec checks again, fully, for the packets that pass).
 */
final class PacketScreen {

    static final int MESSAGE_AUTHENTICATOR = 80;

    enum Verdict { PASS, MALFORMED, MISSING_MESSAGE_AUTHENTICATOR, BAD_AUTHENTICATOR }

    private PacketScreen() {
    }

    static Verdict accessRequest(byte[] packet, byte[] secret) {
        int length = declaredLength(packet);
        if (length < 0) {
            return Verdict.MALFORMED;
        }
        int position = 20;
        int found = -1;
        while (position < length) {
            if (position + 2 > length) {
                return Verdict.MALFORMED;
            }
            int type = packet[position] & 0xff;
            int attributeLength = packet[position + 1] & 0xff;
            if (attributeLength < 2 || position + attributeLength > length) {
                return Verdict.MALFORMED;
            }
            if (type == MESSAGE_AUTHENTICATOR && attributeLength == 18) {
                found = position;
            }
            position += attributeLength;
        }
        if (found < 0) {
            return Verdict.MISSING_MESSAGE_AUTHENTICATOR;
        }
        byte[] copy = Arrays.copyOf(packet, length);
        Arrays.fill(copy, found + 2, found + 18, (byte) 0);
        byte[] expected = hmacMd5(secret, copy);
        return MessageDigest.isEqual(expected, Arrays.copyOfRange(packet, found + 2, found + 18))
                ? Verdict.PASS : Verdict.BAD_AUTHENTICATOR;
    }

    static Verdict accountingRequest(byte[] packet, byte[] secret) {
        int length = declaredLength(packet);
        if (length < 0) {
            return Verdict.MALFORMED;
        }
        byte[] copy = Arrays.copyOf(packet, length);
        Arrays.fill(copy, 4, 20, (byte) 0);
        try {
            MessageDigest md5 = MessageDigest.getInstance("MD5");
            md5.update(copy);
            md5.update(secret);
            return MessageDigest.isEqual(md5.digest(), Arrays.copyOfRange(packet, 4, 20))
                    ? Verdict.PASS : Verdict.BAD_AUTHENTICATOR;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static int declaredLength(byte[] packet) {
        if (packet.length < 20) {
            return -1;
        }
        int length = ((packet[2] & 0xff) << 8) | (packet[3] & 0xff);
        return length < 20 || length > packet.length ? -1 : length;
    }

    /**
     * One Mac per receiving thread (the screen runs on the two long-lived listener threads): the
     * provider lookup of {@code Mac.getInstance} cost more than the HMAC itself, also for every
     * packet of a flood.
     */
    private static final ThreadLocal<Mac> HMAC_MD5 = ThreadLocal.withInitial(() -> {
        try {
            return Mac.getInstance("HmacMD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    });

    private static byte[] hmacMd5(byte[] secret, byte[] data) {
        try {
            Mac mac = HMAC_MD5.get();
            mac.init(new SecretKeySpec(secret, "HmacMD5"));
            return mac.doFinal(data);
        } catch (InvalidKeyException e) {
            throw new IllegalStateException(e);
        }
    }
}
