package org.skywave.bridge.framing;

import java.nio.ByteBuffer;
import java.util.zip.CRC32;

/** A test authenticator: a 4-byte CRC-32 tag, big-endian. Detects tampering, authenticates nothing. */
final class Crc32Authenticator implements FrameAuthenticator {

    @Override
    public int tagLength() {
        return 4;
    }

    @Override
    public byte[] tag(byte[] covered, int offset, int length) {
        CRC32 crc = new CRC32();
        crc.update(covered, offset, length);
        return ByteBuffer.allocate(4).putInt((int) crc.getValue()).array();
    }

    @Override
    public boolean verify(byte[] covered, int offset, int length, byte[] tag, int tagOffset) {
        byte[] expected = tag(covered, offset, length);
        return java.util.Arrays.equals(expected, 0, 4, tag, tagOffset, tagOffset + 4);
    }
}
