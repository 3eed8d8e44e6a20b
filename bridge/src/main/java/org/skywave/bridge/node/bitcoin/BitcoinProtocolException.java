package org.skywave.bridge.node.bitcoin;

import org.skywave.transport.MalformedFrameException;

/** Bytes from a Bitcoin peer that break the wire protocol: bad magic, checksum, length or payload. */
public class BitcoinProtocolException extends MalformedFrameException {

    private static final long serialVersionUID = 1L;

    public BitcoinProtocolException(String message) {
        super(message);
    }
}
