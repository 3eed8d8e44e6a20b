package org.skywave.bridge.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.NoSuchElementException;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

/**
 * The status page of a running daemon in a real headless browser (Debian's chromium, driven by
 * chromium-driver): it loads, follows a TCP link going down and coming back up by itself, and
 * leaves nothing in the browser's console. A screenshot is kept in
 * {@code bridge/target/status-page.png}.
 */
class StatusPageBrowserIT {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    /** Where CI picks the screenshot up (relative to the bridge module, where failsafe runs). */
    static final Path SCREENSHOT = Path.of("target", "status-page.png");

    @TempDir
    Path dir;

    private Process daemon;
    private ChromeDriver browser;

    @AfterEach
    void stop() {
        if (browser != null) {
            browser.quit();
        }
        if (daemon != null && daemon.isAlive()) {
            daemon.destroyForcibly();
        }
    }

    @Test
    void pageFollowsALinkDownAndUpWithACleanConsole() throws Exception {
        assertTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "needs Debian's chromium and chromium-driver (.ci/install-test-peers.sh installs them)");
        int adminPort = RunCommandTest.freePort();
        ServerSocket farBridge = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        int farPort = farBridge.getLocalPort();
        int nodePort;
        try (ServerSocket closed = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            nodePort = closed.getLocalPort(); // nothing listens there once closed: the node stays unreachable
        }
        try {
            Path config = Files.writeString(dir.resolve("skywave.toml"), RunCommandTest.config(dir, adminPort) + """

                    [[link]]
                    name = "uplink"
                    uri = "tcp://127.0.0.1:%d?reconnect-min=100&reconnect-max=300"

                    [[node]]
                    name = "bunker"
                    uri = "jsonl://127.0.0.1:%d"
                    """.formatted(farPort, nodePort));
            daemon = RunCommandTest.start(config, Map.of());
            LinkedBlockingQueue<String> lines = RunCommandTest.lines(daemon);
            RunCommandTest.awaitLine(lines, "admin API on", new StringBuilder());
            Socket accepted = farBridge.accept();

            browser = startBrowser();
            browser.get("http://127.0.0.1:" + adminPort + "/");
            assertEquals("Skywave test-station", browser.getTitle());
            awaitState("uplink", "UP");
            assertTrue(browser.findElement(By.cssSelector("tr[data-link='radio']")).getText().contains("ax25-1200"));

            // The far bridge goes away: the link goes down, and its redials are refused.
            farBridge.close();
            accepted.close();
            String down = awaitState("uplink", "CONNECTING", "DOWN");
            // It comes back on the same port: a redial is answered and the link is up again.
            farBridge = new ServerSocket(farPort, 1, InetAddress.getLoopbackAddress());
            accepted = farBridge.accept();
            awaitState("uplink", "UP");
            accepted.close();

            // The node is listed with its queue, and what happened shows under recent events, newest first.
            String node = browser.findElement(By.cssSelector("tr[data-node='bunker']")).getText();
            assertTrue(node.startsWith("bunker BUNKERCOIN ") && node.endsWith(" ? 0"), "the unreachable node: " + node);
            String events = browser.findElement(By.id("events")).getText();
            // Newest first: uplink back UP, then below it how it went away (DOWN, or CONNECTING straight after UP).
            int up = events.indexOf("link uplink UP");
            int away = Math.max(events.indexOf("link uplink DOWN", up), events.indexOf("link uplink CONNECTING", up));
            assertTrue(up >= 0 && away > up, "uplink's state changes, newest first: " + events);
            assertTrue(browser.findElement(By.id("queues")).getText().contains("Evictions"));
            Files.createDirectories(SCREENSHOT.getParent());
            Files.copy(browser.getScreenshotAs(OutputType.FILE).toPath(), SCREENSHOT, StandardCopyOption.REPLACE_EXISTING);
            System.out.println("status page: uplink UP, then " + down + ", then UP again; screenshot in "
                    + SCREENSHOT.toAbsolutePath());

            List<LogEntry> console = browser.manage().logs().get(LogType.BROWSER).getAll();
            assertEquals(List.of(), console.stream().map(LogEntry::toString).toList(), "browser console");
        } finally {
            farBridge.close();
        }
    }

    private ChromeDriver startBrowser() {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        // --no-sandbox: CI runs as root, where chromium's sandbox refuses to start.
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1400,1200");
        LoggingPreferences logging = new LoggingPreferences();
        logging.enable(LogType.BROWSER, java.util.logging.Level.ALL);
        options.setCapability("goog:loggingPrefs", logging);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER.toString())).usingAnyFreePort().build();
        return new ChromeDriver(service, options);
    }

    /** Waits (the page reloads itself every few seconds) until the link's state cell shows one of {@code states}. */
    private String awaitState(String link, String... states) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        String state = "(no row)";
        while (System.nanoTime() < deadline) {
            try {
                state = browser.findElement(By.cssSelector("tr[data-link='" + link + "'] .state")).getText();
                if (List.of(states).contains(state)) {
                    return state;
                }
            } catch (NoSuchElementException | StaleElementReferenceException reloading) {
                // The page was being replaced by its reload: look again.
            }
            Thread.sleep(200);
        }
        throw new AssertionError("link " + link + " showed " + state + ", not " + List.of(states) + ", within 30 s");
    }

    static {
        // Selenium Manager would try to download a driver: the Debian one is named above.
        System.setProperty("webdriver.chrome.driver", CHROMEDRIVER.toString());
    }
}
