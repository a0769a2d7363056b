package dev.carriage.store.launch;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import dev.carriage.store.database.EmbeddedDatabase;
import io.restassured.http.ContentType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged store, started as a process the way the README's run command starts it: on its
 * embedded PostgreSQL, keeping its data across a restart; or on a server it is pointed at.
 */
class PackagedStoreIT {

  private static final Path LOGS = Path.of("target", "packaged-store-it");

  @TempDir Path home;

  @Test
  void restart_keepsAccountsTitlesAndSigningKey_inTheEmbeddedDatabaseDirectory() throws Exception {
    Files.createDirectories(LOGS);
    Map<String, String> environment = Map.of("CARRIAGE_HOME", home.toString(), "CARRIAGE_DEMO_ENABLED", "true",
        "QUARKUS_LOG_CONSOLE_JSON_ENABLED", "true");
    String email = "restart@test.carriage.local";
    String tokenFromFirstRun;
    String accountId;

    try (StoreProcess store = StoreProcess.start(environment, LOGS.resolve("first-start.log"))) {
      report("first start (initdb, migrations, demo seed)", store, home);
      given().baseUri(store.baseUri()).get("/api/titles").then().statusCode(200).body("totalItems", equalTo(7));
      accountId = given().baseUri(store.baseUri()).contentType(ContentType.JSON).header("X-Request-Id", "it-register-0001")
          .body(Map.of("email", email, "password", "survives restarts", "displayName", "Restart"))
          .post("/api/auth/register")
          .then()
          .statusCode(201)
          .header("X-Request-Id", "it-register-0001")
          .extract().path("id");
      String generated = given().baseUri(store.baseUri()).header("X-Request-Id", "a bad id with {braces} and spaces").get("/api/titles")
          .then().extract().header("X-Request-Id");
      assertThat(generated).as("a request id that could forge a log line is replaced").matches("[0-9a-f-]{36}");
      tokenFromFirstRun = login(store, email);
    }
    // JSON logs, one object per line, the registration's line naming its request.
    com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
    List<com.fasterxml.jackson.databind.JsonNode> lines = new java.util.ArrayList<>();
    for (String line : Files.readAllLines(LOGS.resolve("first-start.log"))) {
      if (line.startsWith("{")) {
        lines.add(json.readTree(line));
      }
    }
    assertThat(lines).anySatisfy(line -> {
      assertThat(line.path("message").asText()).startsWith("Registered account " + accountId + " with roles");
      assertThat(line.path("mdc").path("requestId").asText()).isEqualTo("it-register-0001");
      assertThat(line.path("level").asText()).isEqualTo("INFO");
    });
    assertThat(home.resolve("postgres/data/PG_VERSION")).exists();
    // The local run made its own master key, readable by its owner only.
    assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(home.resolve("master.key"))))
        .isEqualTo("rw-------");

    try (StoreProcess store = StoreProcess.start(environment, LOGS.resolve("restart.log"))) {
      report("restart on the same data", store, home);
      login(store, email);
      // The signing key was kept: a token from before the restart still works.
      given().baseUri(store.baseUri()).header("Authorization", "Bearer " + tokenFromFirstRun)
          .get("/api/me")
          .then()
          .statusCode(200)
          .body("email", equalTo(email));
      // The demo catalog is seeded once, not on every start.
      given().baseUri(store.baseUri()).get("/api/titles").then().body("totalItems", equalTo(7));
    }
  }

  @Test
  void configuredServer_isUsedInsteadOfTheEmbeddedOne() throws Exception {
    Files.createDirectories(LOGS);
    try (EmbeddedDatabase server = EmbeddedDatabase.start(home.resolve("server"), false)) {
      Path storeHome = home.resolve("store");
      Map<String, String> environment =
          Map.of("CARRIAGE_HOME", storeHome.toString(), "CARRIAGE_DB_URL", server.jdbcUrl(), "CARRIAGE_DB_USER", server.username());

      try (StoreProcess store = StoreProcess.start(environment, LOGS.resolve("configured-server.log"))) {
        given().baseUri(store.baseUri()).get("/q/health/ready").then().statusCode(200);
        given().baseUri(store.baseUri()).get("/api/titles").then().statusCode(200).body("totalItems", equalTo(0));
      }
      assertThat(storeHome.resolve("postgres")).doesNotExist();
    }
  }

  private static String login(StoreProcess store, String email) {
    return given().baseUri(store.baseUri()).contentType(ContentType.JSON)
        .body(Map.of("email", email, "password", "survives restarts"))
        .post("/api/auth/login")
        .then()
        .statusCode(200)
        .extract()
        .path("token");
  }

  /** A store facing the internet never starts an empty embedded database of its own: it says why, in one line, and stops. */
  @Test
  void theProductionProfile_refusesToStartWithoutADatabaseServer() throws Exception {
    Files.createDirectories(LOGS);
    Path log = LOGS.resolve("production-without-database.log");
    int exit = StoreProcess.runExpectingRefusal(Map.of("QUARKUS_PROFILE", "production", "CARRIAGE_HOME", home.toString()), log,
        java.time.Duration.ofSeconds(60));

    assertThat(exit).isEqualTo(1);
    assertThat(Files.readString(log)).contains("Carriage cannot start: the production profile needs a database server: set CARRIAGE_DB_URL");
    assertThat(home.resolve("postgres")).doesNotExist();
  }

  /** Nor does it make a master key of its own on one machine's disk: replicas must share the one they are given. */
  @Test
  void theProductionProfile_refusesToStartWithoutAMasterKey() throws Exception {
    Files.createDirectories(LOGS);
    Path log = LOGS.resolve("production-without-master-key.log");
    int exit = StoreProcess.runExpectingRefusal(Map.of("QUARKUS_PROFILE", "production", "CARRIAGE_HOME", home.toString(),
        "CARRIAGE_DB_URL", "jdbc:postgresql://127.0.0.1:1/never-reached"), log, java.time.Duration.ofSeconds(60));

    assertThat(exit).isEqualTo(1);
    assertThat(Files.readString(log)).contains("Carriage cannot start: the production profile needs a master key for secrets at rest: set"
        + " CARRIAGE_SECRETS_MASTER_KEY");
    assertThat(home.resolve("master.key")).doesNotExist();
  }

  /** A setting out of its bounds stops the store, naming the setting. */
  @Test
  void anInvalidSetting_stopsTheStore_namingIt() throws Exception {
    Files.createDirectories(LOGS);
    Path log = LOGS.resolve("invalid-setting.log");
    int exit = StoreProcess.runExpectingRefusal(Map.of("CARRIAGE_HOME", home.toString(), "CARRIAGE_LEDGER_CARRIER_POOL_BASIS_POINTS", "12000",
        "CARRIAGE_ORDERS_REFUND_WINDOW", "-P1D"), log, java.time.Duration.ofSeconds(90));

    assertThat(exit).isNotZero();
    assertThat(Files.readString(log)).contains("carriage.ledger.carrier-pool-basis-points").contains("carriage.orders.refund-window");
  }

  private static void report(String what, StoreProcess store, Path home) throws Exception {
    long postgresKib = StoreProcess.postgresResidentKib(home.resolve("postgres/data"));
    System.out.printf("[packaged store] %s: ready in %d ms; resident memory: JVM %d MiB, PostgreSQL processes %d MiB%n",
        what, store.startTime().toMillis(), store.residentKib() / 1024, postgresKib / 1024);
  }
}
