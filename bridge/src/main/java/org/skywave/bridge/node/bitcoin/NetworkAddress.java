package org.skywave.bridge.node.bitcoin;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.Arrays;

/**
 * A network address as carried in a {@code version} message (no timestamp): services, a 16-byte
 * IPv6 (or IPv4-mapped) address and a big-endian port.
 */
public record NetworkAddress(long services, byte[] ip, int port) {

    public static final int LENGTH = 26;
    private static final byte[] UNSPECIFIED = new byte[16];

    public NetworkAddress {
        if (ip.length != 16) {
            throw new IllegalArgumentException("ip must be 16 bytes (IPv6 or IPv4-mapped), got " + ip.length);
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port outside 0..65535: " + port);
        }
        ip = ip.clone();
    }

    /** All zero: the address Core itself sends for "unknown". */
    public static NetworkAddress unspecified() {
        return new NetworkAddress(0, UNSPECIFIED, 0);
    }

    public static NetworkAddress of(long services, InetAddress address, int port) {
        byte[] ip = new byte[16];
        if (address instanceof Inet4Address) {
            ip[10] = (byte) 0xff;
            ip[11] = (byte) 0xff;
            System.arraycopy(address.getAddress(), 0, ip, 12, 4);
        } else if (address instanceof Inet6Address) {
            ip = address.getAddress();
        }
        return new NetworkAddress(services, ip, port);
    }

    @Override
    public byte[] ip() {
        return ip.clone();
    }

    void write(PayloadWriter out) {
        out.i64(services).bytes(ip).u16be(port);
    }

    static NetworkAddress read(PayloadReader in, String field) throws BitcoinProtocolException {
        long services = in.i64(field + ".services");
        byte[] ip = in.bytes(16, field + ".ip");
        int port = in.u16be(field + ".port");
        return new NetworkAddress(services, ip, port);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NetworkAddress other && services == other.services && port == other.port && Arrays.equals(ip, other.ip);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(services) * 31 * 31 + Arrays.hashCode(ip) * 31 + port;
    }

    @Override
    public String toString() {
        try {
            return InetAddress.getByAddress(ip).getHostAddress() + ":" + port + " services=0x" + Long.toHexString(services);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException("16 bytes always form an address", e);
        }
    }
}
