package dev.carriage.store.web;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasKey;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

@QuarkusTest
class StandardSurfacesTest {

  @Test
  void health_isUp_andChecksTheDatabase() {
    given().get("/q/health")
        .then()
        .statusCode(200)
        .body("status", equalTo("UP"))
        .body("checks.name", hasItem("Database connections health check"));
  }

  @Test
  void metrics_arePrometheusText() {
    given().get("/api/titles").then().statusCode(200);

    given().accept("text/plain; version=0.0.4").get("/q/metrics")
        .then()
        .statusCode(200)
        .contentType(containsString("text/plain"))
        .body(containsString("http_server_requests_seconds_count"))
        .body(containsString("jvm_memory_used_bytes"));
  }

  @Test
  void openApi_describesTheStoreApi() {
    given().queryParam("format", "json").get("/q/openapi")
        .then()
        .statusCode(200)
        .body("paths", hasKey("/api/titles"))
        .body("paths", hasKey("/api/auth/login"))
        .body("components.securitySchemes.bearer.scheme", equalTo("bearer"))
        .body("paths.'/api/titles'.post.security[0]", hasKey("bearer"));
    given().get("/q/swagger-ui/").then().statusCode(200);
  }

  @Test
  void frontDoor_isTheStoreFront_underAPolicyWithNoInlineScript() {
    given().redirects().follow(false).get("/")
        .then()
        .statusCode(200)
        .contentType(containsString("text/html"))
        .header("Content-Security-Policy", containsString("script-src 'self'"))
        .header("Content-Security-Policy", not(containsString("unsafe-inline")))
        .header("Set-Cookie", containsString("carriage_csrf="))
        .body(containsString("<title>Store · Carriage</title>"));
  }
}
