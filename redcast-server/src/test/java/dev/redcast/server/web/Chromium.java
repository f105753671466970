package dev.redcast.server.web;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.logging.Level;
import java.util.stream.Stream;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

/**
 * One headless Debian Chromium driven through the system chromedriver, with its own fresh profile
 * directory. Confined to the test thread that started it; tests that need two users start two
 * instances.
 *
 * <p>Both binaries are given explicitly ({@link #CHROMIUM}, {@link #CHROMEDRIVER}), so Selenium
 * Manager is never consulted and nothing is downloaded. {@link #close()} quits the browser, stops
 * chromedriver and deletes the profile; it is safe to call twice.
 */
public final class Chromium implements AutoCloseable {

    /** The Debian chromium package's launcher. */
    public static final Path CHROMIUM = Path.of("/usr/bin/chromium");

    /** The Debian chromium-driver package's driver, same version as {@link #CHROMIUM}. */
    public static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    private final Path profile;
    private final ChromeDriverService service;
    private final ChromeDriver driver;
    private boolean closed;

    private Chromium(Path profile, ChromeDriverService service, ChromeDriver driver) {
        this.profile = profile;
        this.service = service;
        this.driver = driver;
    }

    /** Whether both binaries exist, for a clear failure message instead of a driver error. */
    public static boolean installed() {
        return Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
    }

    /** Starts a headless browser with a window of the given size in CSS pixels. */
    public static Chromium start(int width, int height) {
        return start(width, height, new String[0]);
    }

    /**
     * Starts a headless browser with a window of the given size in CSS pixels and more command-line
     * switches, e.g. {@code --ignore-certificate-errors-spki-list=...} to trust a test certificate.
     */
    public static Chromium start(int width, int height, String... switches) {
        if (!installed()) {
            throw new IllegalStateException(
                    "headless browser tests need " + CHROMIUM + " and " + CHROMEDRIVER);
        }
        // Belt and braces: even a code path that ignores the service below finds this driver
        // instead of asking Selenium Manager to fetch one.
        System.setProperty(ChromeDriverService.CHROME_DRIVER_EXE_PROPERTY, CHROMEDRIVER.toString());
        Path profile;
        try {
            profile = Files.createTempDirectory("redcast-chromium-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a Chromium profile directory", e);
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments(
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--user-data-dir=" + profile,
                "--window-size=" + width + "," + height);
        options.addArguments(switches);
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service =
                new ChromeDriverService.Builder()
                        .usingDriverExecutable(CHROMEDRIVER.toFile())
                        .usingAnyFreePort()
                        .withTimeout(Duration.ofSeconds(30))
                        .build();
        try {
            ChromeDriver driver = new ChromeDriver(service, options);
            driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(20));
            driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(10));
            return new Chromium(profile, service, driver);
        } catch (RuntimeException e) {
            service.stop();
            deleteTree(profile);
            throw e;
        }
    }

    /** Starts a headless browser with a desktop-sized window (1200 x 900). */
    public static Chromium start() {
        return start(1200, 900);
    }

    public ChromeDriver driver() {
        return driver;
    }

    /** Writes a PNG of the current viewport to {@code file}, creating parent directories. */
    public Path screenshot(Path file) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write screenshot " + file, e);
        }
    }

    /** The browser console lines collected since the last call, for failure messages. */
    public List<String> drainConsole() {
        return driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                .map(LogEntry::toString)
                .toList();
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            driver.quit();
        } finally {
            service.stop();
            deleteTree(profile);
        }
    }

    private static void deleteTree(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // A leftover profile in the temp dir is harmless; the test result matters more.
        }
    }
}
