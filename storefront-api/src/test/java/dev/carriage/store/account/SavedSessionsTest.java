package dev.carriage.store.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.carriage.node.store.SavedSessions;
import dev.carriage.node.store.StoreApi;
import dev.carriage.store.support.Api;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URI;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line stays signed in between runs, with a session the store still takes, and only that. */
@QuarkusTest
class SavedSessionsTest {

  @TestHTTPResource("/") URL storeUrl;
  @TempDir Path home;

  private StoreApi api() {
    return new StoreApi(URI.create(storeUrl.toString()));
  }

  private Path sessions() {
    return home.resolve("sessions");
  }

  private List<Path> kept() throws Exception {
    try (var files = Files.list(sessions())) {
      return files.toList();
    }
  }

  @Test
  void aSignIn_isKept_ownerOnly_andTheNextRunUsesItWithoutThePassword() throws Exception {
    Api.User buyer = Api.signUp("Kept session buyer");

    String first = new SavedSessions(sessions()).signIn(api(), buyer.email(), Api.PASSWORD);
    String second = new SavedSessions(sessions()).signIn(api(), buyer.email(), null);

    // A fresh sign-in would be a new token (each has its own id); the kept one is the same.
    assertThat(second).isEqualTo(first);
    assertThat(api().speaksFor(second, buyer.email())).isTrue();
    assertThat(kept()).hasSize(1);
    assertThat(Files.readString(kept().get(0))).isEqualTo(first).doesNotContain(buyer.email());
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(kept().get(0)))).isEqualTo("rw-------");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(sessions()))).isEqualTo("rwx------");
  }

  @Test
  void aKeptSessionTheStoreRefuses_isReplacedByAFreshSignIn() throws Exception {
    Api.User buyer = Api.signUp("Refused session buyer");
    String first = new SavedSessions(sessions()).signIn(api(), buyer.email(), Api.PASSWORD);
    Files.writeString(kept().get(0), first.substring(0, first.length() - 4) + "AAAA"); // its signature broken

    String again = new SavedSessions(sessions()).signIn(api(), buyer.email(), Api.PASSWORD);

    assertThat(again).isNotEqualTo(first);
    assertThat(api().speaksFor(again, buyer.email())).isTrue();
    assertThat(Files.readString(kept().get(0))).isEqualTo(again);
  }

  @Test
  void anotherAccountsSession_isNotUsed_andWithoutAPasswordTheRefusalSaysSo() throws Exception {
    Api.User one = Api.signUp("Session owner");
    Api.User other = Api.signUp("Session stranger");
    new SavedSessions(sessions()).signIn(api(), one.email(), Api.PASSWORD);

    assertThatThrownBy(() -> new SavedSessions(sessions()).signIn(api(), other.email(), null))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(other.email()).hasMessageContaining("--password");
    String token = new SavedSessions(sessions()).signIn(api(), one.email(), null);
    assertThat(api().speaksFor(token, other.email())).isFalse();
  }
}
