package org.skywave.bridge.node.bitcoin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.skywave.transport.LinkUriException;

class BitcoinNodeConfigTest {

    @Test
    void readsARegtestUri() throws Exception {
        BitcoinNodeConfig config = BitcoinNodeConfig.fromUri("bitcoin://127.0.0.1:18444?network=regtest");
        assertEquals("127.0.0.1", config.host());
        assertEquals(18444, config.port());
        assertEquals(BitcoinNetwork.REGTEST, config.network());
        assertEquals(0xDAB5BFFA, config.magic());
        assertFalse(config.fetchBlocks());
    }

    @Test
    void defaultsToMainnetAndItsPort() throws Exception {
        BitcoinNodeConfig config = BitcoinNodeConfig.fromUri("bitcoin://node.example");
        assertEquals(BitcoinNetwork.MAINNET, config.network());
        assertEquals(8333, config.port());
        assertEquals("f9beb4d9", BitcoinNetwork.magicToWireHex(config.magic()));
    }

    @Test
    void takesACustomSignetMagicAndBlockFetching() throws Exception {
        BitcoinNodeConfig config = BitcoinNodeConfig.fromUri("bitcoin://[::1]:38333?network=signet&magic=0a03cf41&fetch-blocks=true");
        assertEquals("::1", config.host());
        assertEquals("0a03cf41", BitcoinNetwork.magicToWireHex(config.magic()));
        assertTrue(config.fetchBlocks());
    }

    @Test
    void knowsEveryNetworksMagic() {
        assertEquals("f9beb4d9", BitcoinNetwork.magicToWireHex(BitcoinNetwork.fromName("main").magic()));
        assertEquals("0b110907", BitcoinNetwork.magicToWireHex(BitcoinNetwork.fromName("testnet").magic()));
        assertEquals("0a03cf40", BitcoinNetwork.magicToWireHex(BitcoinNetwork.fromName("signet").magic()));
        assertEquals("fabfb5da", BitcoinNetwork.magicToWireHex(BitcoinNetwork.fromName("REGTEST").magic()));
    }

    @Test
    void refusesUnknownNetworksAndParameters() {
        LinkUriException network = assertThrows(LinkUriException.class,
                () -> BitcoinNodeConfig.fromUri("bitcoin://127.0.0.1:1?network=litecoin"));
        assertEquals("node URI 'bitcoin://127.0.0.1:1?network=litecoin': unknown Bitcoin network 'litecoin' "
                + "(known: mainnet|main, testnet3|testnet|test, signet, regtest)", network.getMessage());
        LinkUriException param = assertThrows(LinkUriException.class,
                () -> BitcoinNodeConfig.fromUri("bitcoin://127.0.0.1:1?net=regtest"));
        assertTrue(param.getMessage().contains("unknown parameter 'net'"), param.getMessage());
        LinkUriException magic = assertThrows(LinkUriException.class,
                () -> BitcoinNodeConfig.fromUri("bitcoin://127.0.0.1:1?magic=fabf"));
        assertTrue(magic.getMessage().contains("magic must be 8 hex digits"), magic.getMessage());
        LinkUriException scheme = assertThrows(LinkUriException.class, () -> BitcoinNodeConfig.fromUri("tcp://127.0.0.1:1"));
        assertTrue(scheme.getMessage().contains("bitcoin:// scheme"), scheme.getMessage());
    }
}
