package dev.carriage.store.support;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Debian's headless Chromium, driven by Playwright, against the store under test. Chromium is
 * installed by {@code ops/install-chromium.sh} when it is missing; when that fails the test
 * fails, it is never skipped. Every page a test visits is checked for console errors and kept
 * as a screenshot under {@code target/screenshots/}.
 */
public final class Browser implements AutoCloseable {

  private static final Path SCREENSHOTS = Path.of("target", "screenshots");

  private final Playwright playwright;
  private final com.microsoft.playwright.Browser chromium;

  private Browser(Playwright playwright, com.microsoft.playwright.Browser chromium) {
    this.playwright = playwright;
    this.chromium = chromium;
  }

  public static Browser launch() {
    String executable = installedChromium();
    Playwright playwright = Playwright.create(new Playwright.CreateOptions().setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
    com.microsoft.playwright.Browser chromium = playwright.chromium().launch(new BrowserType.LaunchOptions()
        .setExecutablePath(Path.of(executable))
        .setHeadless(true)
        .setArgs(List.of("--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
            "--disable-sync", "--no-first-run")));
    return new Browser(playwright, chromium);
  }

  /** A fresh visitor: own cookies, British English (so amounts read "€29.99"), console watched. */
  public Visitor visitor(String storeUrl) {
    BrowserContext context = chromium.newContext(new com.microsoft.playwright.Browser.NewContextOptions()
        .setBaseURL(storeUrl).setLocale("en-GB").setAcceptDownloads(true));
    Page page = context.newPage();
    List<String> errors = new ArrayList<>();
    page.onConsoleMessage(message -> {
      if ("error".equals(message.type())) {
        errors.add(message.text() + " at " + page.url());
      }
    });
    page.onPageError(error -> errors.add(error + " at " + page.url()));
    return new Visitor(context, page, errors);
  }

  /** One person's browser tab. */
  public record Visitor(BrowserContext context, Page page, List<String> consoleErrors) implements AutoCloseable {

    public Page open(String path) {
      page.navigate(path);
      return page;
    }

    /** No console error so far, and a screenshot of the page as it is now. */
    public void checkAndKeep(String name) {
      page.waitForLoadState();
      assertThat(consoleErrors).as("console errors on " + page.url()).isEmpty();
      try {
        Files.createDirectories(SCREENSHOTS);
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
      page.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve(name + ".png")).setFullPage(true));
    }

    public void signUp(String email, String password, String name, String... roles) {
      page.fill("input[name=email]", email);
      page.fill("input[name=displayName]", name);
      page.fill("input[name=password]", password);
      for (String role : roles) {
        page.check("input[name=role][value=" + role + "]");
      }
      page.click("form[action='/signup'] button[type=submit]");
    }

    public void signIn(String email, String password, String next) {
      open("/signin?next=" + next);
      page.fill("input[name=email]", email);
      page.fill("input[name=password]", password);
      page.click("form[action='/signin'] button[type=submit]");
    }

    @Override
    public void close() {
      context.close();
    }
  }

  private static String installedChromium() {
    Path script = repositoryRoot().resolve("ops/install-chromium.sh");
    try {
      Process install = new ProcessBuilder("bash", script.toString()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
      String path = new String(install.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
      if (install.waitFor() != 0 || path.isEmpty()) {
        throw new IllegalStateException("ops/install-chromium.sh could not provide Chromium; the browser tests need it");
      }
      return path;
    } catch (IOException e) {
      throw new IllegalStateException("could not run " + script, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static Path repositoryRoot() {
    Path here = Path.of("").toAbsolutePath();
    while (here != null && !Files.exists(here.resolve("ops/install-chromium.sh"))) {
      here = here.getParent();
    }
    if (here == null) {
      throw new IllegalStateException("ops/install-chromium.sh not found above " + Path.of("").toAbsolutePath());
    }
    return here;
  }

  @Override
  public void close() {
    chromium.close();
    playwright.close();
  }
}
