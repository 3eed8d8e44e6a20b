package org.skywave.bridge.framing;

/**
 * Produces and checks the authentication tag that ends every frame of a link that asks for one
 * (an HMAC or a signature: amateur radio allows authentication, not encryption). The tag covers
 * the frame's header and payload, and its length is fixed per link so a receiver can find it.
 */
public interface FrameAuthenticator {

    /** No tag: frames go without the AUTHENTICATED flag, and frames that carry it are refused. */
    FrameAuthenticator NONE = new FrameAuthenticator() {
        @Override
        public int tagLength() {
            return 0;
        }

        @Override
        public byte[] tag(byte[] covered, int offset, int length) {
            return new byte[0];
        }

        @Override
        public boolean verify(byte[] covered, int offset, int length, byte[] tag, int tagOffset) {
            return true;
        }

        @Override
        public String toString() {
            return "FrameAuthenticator.NONE";
        }
    };

    /** Bytes of every tag; 0 means frames are not authenticated. */
    int tagLength();

    /** The tag, exactly {@link #tagLength()} bytes, over {@code covered[offset, offset + length)}. */
    byte[] tag(byte[] covered, int offset, int length);

    /** Whether the {@link #tagLength()} bytes at {@code tag[tagOffset]} are the tag of the covered bytes. */
    boolean verify(byte[] covered, int offset, int length, byte[] tag, int tagOffset);
}
