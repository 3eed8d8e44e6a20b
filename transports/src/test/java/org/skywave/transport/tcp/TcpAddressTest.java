package org.skywave.transport.tcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;

class TcpAddressTest {

    @Test
    void printsHostColonPort() {
        assertEquals("127.0.0.1:8001", new TcpAddress("127.0.0.1", 8001).toString());
    }

    @Test
    void printsIpv6InBrackets() {
        assertEquals("[::1]:8001", new TcpAddress("::1", 8001).toString());
    }

    @Test
    void takesTheLiteralAddressOfASocketWithoutItsZone() throws Exception {
        assertEquals(new TcpAddress("127.0.0.1", 9), TcpAddress.of(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 9)));
        TcpAddress v6 = TcpAddress.of(new InetSocketAddress(InetAddress.getByName("fe80::1%1"), 7));
        assertEquals("[fe80:0:0:0:0:0:0:1]:7", v6.toString());
    }

    @Test
    void peerKeyIsTheAddressWithoutThePortSoEveryConnectionFromAHostIsOnePeer() {
        assertEquals("127.0.0.1", new TcpAddress("127.0.0.1", 40001).peerKey());
        assertEquals(new TcpAddress("127.0.0.1", 40001).peerKey(), new TcpAddress("127.0.0.1", 40002).peerKey());
        assertEquals("[::1]", new TcpAddress("::1", 8001).peerKey());
    }

    @Test
    void refusesImpossiblePorts() {
        assertThrows(IllegalArgumentException.class, () -> new TcpAddress("h", 65536));
        assertThrows(IllegalArgumentException.class, () -> new TcpAddress("h", -1));
    }
}
