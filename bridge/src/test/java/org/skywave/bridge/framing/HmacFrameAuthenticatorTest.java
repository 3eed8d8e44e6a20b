package org.skywave.bridge.framing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.skywave.transport.MalformedFrameException;

class HmacFrameAuthenticatorTest {

    private static final HexFormat HEX = HexFormat.of();
    /** The secret of the worked example: bytes 00 01 02 ... 1f. */
    private static final byte[] EXAMPLE_SECRET = HEX.parseHex("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f");

    @Test
    void workedExampleFromTheProtocolDocument() throws MalformedFrameException {
        HmacFrameAuthenticator authenticator = new HmacFrameAuthenticator(EXAMPLE_SECRET);
        List<byte[]> frames = new Fragmenter(256, authenticator, false, 0).frames("hello".getBytes(StandardCharsets.US_ASCII));
        assertEquals("14" + "68656c6c6f" + "f4af4b540861ed09", HEX.formatHex(frames.get(0)));
        Reassembler reassembler = new Reassembler(ReassemblerLimits.defaults(), authenticator, () -> 0L);
        assertArrayEquals("hello".getBytes(StandardCharsets.US_ASCII), reassembler.accept("x", frames.get(0)).orElseThrow());
    }

    @Test
    void tagIsTheLeadingBytesOfTheJdkHmacSha256() throws GeneralSecurityException {
        Random random = new Random(100);
        System.out.println("seed 100");
        Mac jdk = Mac.getInstance("HmacSHA256");
        for (int tagLength : new int[] {4, 8, 16, 32}) {
            byte[] secret = new byte[16 + random.nextInt(48)];
            random.nextBytes(secret);
            jdk.init(new SecretKeySpec(secret, "HmacSHA256"));
            HmacFrameAuthenticator authenticator = new HmacFrameAuthenticator(secret, tagLength);
            for (int i = 0; i < 10; i++) {
                byte[] buffer = new byte[2 + random.nextInt(300)];
                random.nextBytes(buffer);
                int offset = random.nextInt(buffer.length / 2 + 1);
                int length = random.nextInt(buffer.length - offset + 1);
                byte[] tag = authenticator.tag(buffer, offset, length);
                jdk.update(buffer, offset, length);
                assertArrayEquals(Arrays.copyOf(jdk.doFinal(), tagLength), tag, "tag length " + tagLength);
                assertTrue(authenticator.verify(buffer, offset, length, tag, 0));
            }
        }
    }

    @Test
    void verifyRefusesATagRunningPastTheArray() {
        HmacFrameAuthenticator authenticator = new HmacFrameAuthenticator(EXAMPLE_SECRET);
        byte[] covered = {0x14, 1};
        byte[] tag = authenticator.tag(covered, 0, 2);
        assertTrue(authenticator.verify(covered, 0, 2, tag, 0));
        assertFalse(authenticator.verify(covered, 0, 2, Arrays.copyOf(tag, 7), 0));
        assertFalse(authenticator.verify(covered, 0, 2, tag, 1));
    }

    @Test
    void secretIsCopied() {
        byte[] secret = EXAMPLE_SECRET.clone();
        HmacFrameAuthenticator authenticator = new HmacFrameAuthenticator(secret);
        byte[] before = authenticator.tag(new byte[] {1}, 0, 1);
        secret[0] ^= 1;
        assertArrayEquals(before, authenticator.tag(new byte[] {1}, 0, 1));
    }

    @Test
    void concurrentTaggingGivesTheSameTags() throws Exception {
        HmacFrameAuthenticator authenticator = new HmacFrameAuthenticator(EXAMPLE_SECRET);
        byte[][] frames = new byte[200][];
        byte[][] expected = new byte[frames.length][];
        Random random = new Random(101);
        for (int i = 0; i < frames.length; i++) {
            frames[i] = new byte[1 + random.nextInt(200)];
            random.nextBytes(frames[i]);
            expected[i] = authenticator.tag(frames[i], 0, frames[i].length);
        }
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            Callable<Boolean> task = () -> {
                for (int round = 0; round < 20; round++) {
                    for (int i = 0; i < frames.length; i++) {
                        if (!Arrays.equals(expected[i], authenticator.tag(frames[i], 0, frames[i].length))) {
                            return false;
                        }
                    }
                }
                return true;
            };
            List<Future<Boolean>> results = pool.invokeAll(List.of(task, task, task, task), 30, TimeUnit.SECONDS);
            for (Future<Boolean> result : results) {
                assertTrue(result.get());
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void argumentsAreChecked() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new HmacFrameAuthenticator(new byte[15]));
        assertEquals("HMAC secret of 15 bytes is shorter than the minimum of 16", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new HmacFrameAuthenticator(EXAMPLE_SECRET, 3));
        assertEquals("tagLength not in 4..32: 3", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new HmacFrameAuthenticator(EXAMPLE_SECRET, 33));
        assertEquals("tagLength not in 4..32: 33", e.getMessage());
        assertEquals(8, new HmacFrameAuthenticator(EXAMPLE_SECRET).tagLength());
    }

    @Test
    void toStringDoesNotShowTheSecret() {
        assertEquals("HmacFrameAuthenticator[tag=8]", new HmacFrameAuthenticator(EXAMPLE_SECRET).toString());
    }
}
