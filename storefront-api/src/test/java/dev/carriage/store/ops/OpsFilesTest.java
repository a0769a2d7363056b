package dev.carriage.store.ops;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The operator's files under {@code ops/} checked against the store they describe: every store
 * metric an alert or dashboard names is one this store exports; the rules pass promtool where
 * it is installed; and the Kubernetes manifests hang together (a schema check written here, as
 * no validator is reachable offline): selectors match, probes hit the health endpoints on a
 * declared port, every referenced ConfigMap, Secret and volume exists, and every setting is one
 * the store reads.
 */
@QuarkusTest
class OpsFilesTest {

  private static final Path OPS = Path.of("..", "ops");
  private static final Pattern METRIC = Pattern.compile("\\b(carriage_[a-z_]+)");
  /** Exported by carriers ({@code peer-node serve --metrics}), checked by the carrier's own test. */
  private static final String CARRIER_PREFIX = "carriage_node_";

  @Test
  void everyStoreMetricTheAlertsAndDashboardsName_isExported() throws Exception {
    Set<String> exported = exportedFamilies();
    Set<String> named = new TreeSet<>();
    named.addAll(metricsIn(Files.readString(OPS.resolve("monitoring/prometheus/carriage-alerts.yml"))));
    try (Stream<Path> dashboards = Files.list(OPS.resolve("monitoring/grafana"))) {
      for (Path dashboard : dashboards.toList()) {
        JsonNode json = new ObjectMapper().readTree(dashboard.toFile());
        assertThat(json.path("panels").size()).as(dashboard + " has panels").isPositive();
        named.addAll(metricsIn(json.toString()));
      }
    }
    assertThat(named).isNotEmpty();
    for (String metric : named) {
      if (!metric.startsWith(CARRIER_PREFIX)) {
        assertThat(exported).as("the store exports " + metric).contains(family(metric));
      }
    }
  }

  @Test
  void theAlertRules_passPromtool_whereItIsInstalled() throws Exception {
    JsonNode rules = new YAMLMapper().readTree(OPS.resolve("monitoring/prometheus/carriage-alerts.yml").toFile());
    List<String> alerts = new ArrayList<>();
    rules.path("groups").forEach(group -> group.path("rules").forEach(rule -> alerts.add(rule.path("alert").asText())));
    assertThat(alerts).contains("CarriageBookImbalance", "CarriageSettlementLag", "CarriageReceiptsRefused", "CarriagePayoutsFailing",
        "CarriageOriginShareHigh", "CarriageTitleWithoutHealthyCarrier", "PostgreSQLReplicationLag").doesNotHaveDuplicates();
    Path promtool = Stream.of(System.getenv("PATH").split(":")).map(dir -> Path.of(dir, "promtool")).filter(Files::isExecutable)
        .findFirst().orElse(null);
    if (promtool != null) {
      Process check = new ProcessBuilder(promtool.toString(), "test", "rules", "carriage-alerts.test.yml")
          .directory(OPS.resolve("monitoring/prometheus").toFile()).redirectErrorStream(true).start();
      String output = new String(check.getInputStream().readAllBytes());
      assertThat(check.waitFor()).as(output).isZero();
    }
  }

  @Test
  void theKubernetesManifests_hangTogether() throws Exception {
    List<JsonNode> documents = new ArrayList<>();
    try (Stream<Path> files = Files.list(OPS.resolve("deploy/kubernetes"))) {
      for (Path file : files.filter(path -> path.toString().endsWith(".yaml")).sorted().toList()) {
        new YAMLMapper().readValues(new YAMLFactory().createParser(file.toFile()), JsonNode.class).forEachRemaining(documents::add);
      }
    }
    Map<String, String> apiVersions = Map.of("Namespace", "v1", "ConfigMap", "v1", "Secret", "v1", "Service", "v1",
        "Deployment", "apps/v1", "PodDisruptionBudget", "policy/v1", "Cluster", "postgresql.cnpg.io/v1",
        "ScheduledBackup", "postgresql.cnpg.io/v1");
    for (JsonNode document : documents) {
      String kind = document.path("kind").asText();
      assertThat(apiVersions).as("a kind this check knows").containsKey(kind);
      assertThat(document.path("apiVersion").asText()).as(kind).isEqualTo(apiVersions.get(kind));
      assertThat(document.path("metadata").path("name").asText()).as(kind + " name").matches("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
      if (!kind.equals("Namespace")) {
        assertThat(document.path("metadata").path("namespace").asText()).as(kind + " namespace").isEqualTo("carriage");
      }
    }
    JsonNode deployment = only(documents, "Deployment");
    JsonNode cluster = only(documents, "Cluster");
    JsonNode pod = deployment.path("spec").path("template");
    Map<String, Object> podLabels = new ObjectMapper().convertValue(pod.path("metadata").path("labels"), Map.class);
    assertThat(podLabels).containsAllEntriesOf(new ObjectMapper().convertValue(deployment.path("spec").path("selector").path("matchLabels"), Map.class));

    Set<String> configMaps = names(documents, "ConfigMap");
    Set<String> secrets = names(documents, "Secret");
    String clusterName = cluster.path("metadata").path("name").asText();
    Set<String> volumes = new HashSet<>();
    pod.path("spec").path("volumes").forEach(volume -> {
      volumes.add(volume.path("name").asText());
      if (volume.has("secret")) {
        assertThat(secrets).as("volume " + volume.path("name")).contains(volume.path("secret").path("secretName").asText());
      }
    });
    JsonNode containers = pod.path("spec").path("containers");
    assertThat(containers.size()).isPositive();
    for (JsonNode container : containers) {
      Set<String> ports = new HashSet<>();
      container.path("ports").forEach(port -> ports.add(port.path("name").asText()));
      assertThat(container.path("image").asText()).isNotBlank();
      assertThat(container.path("resources").path("limits").path("memory").asText()).as("a memory limit").isNotBlank();
      for (String probe : List.of("livenessProbe", "readinessProbe")) {
        JsonNode get = container.path(probe).path("httpGet");
        assertThat(get.path("path").asText()).as(probe).startsWith("/q/health/");
        assertThat(ports).as(probe + " port").contains(get.path("port").asText());
      }
      container.path("envFrom").forEach(source -> {
        if (source.has("configMapRef")) {
          assertThat(configMaps).contains(source.path("configMapRef").path("name").asText());
        }
        if (source.has("secretRef")) {
          assertThat(secrets).contains(source.path("secretRef").path("name").asText());
        }
      });
      container.path("env").forEach(variable -> {
        JsonNode ref = variable.path("valueFrom").path("secretKeyRef");
        if (!ref.isMissingNode()) {
          // CloudNativePG makes <cluster>-app holding the owner's username and password.
          assertThat(secrets.contains(ref.path("name").asText()) || ref.path("name").asText().equals(clusterName + "-app"))
              .as("secret " + ref.path("name")).isTrue();
        }
      });
      container.path("volumeMounts").forEach(mount -> assertThat(volumes).contains(mount.path("name").asText()));
      JsonNode service = only(documents, "Service");
      assertThat(podLabels).containsAllEntriesOf(new ObjectMapper().convertValue(service.path("spec").path("selector"), Map.class));
      service.path("spec").path("ports").forEach(port -> assertThat(ports).contains(port.path("targetPort").asText()));
    }
    JsonNode budget = only(documents, "PodDisruptionBudget");
    assertThat(podLabels).containsAllEntriesOf(new ObjectMapper().convertValue(budget.path("spec").path("selector").path("matchLabels"), Map.class));
    assertThat(budget.path("spec").path("minAvailable").asInt()).isLessThan(deployment.path("spec").path("replicas").asInt());

    JsonNode settings = only(documents, "ConfigMap").path("data");
    assertThat(settings.path("QUARKUS_PROFILE").asText()).isEqualTo("production");
    assertThat(settings.path("CARRIAGE_DB_URL").asText()).startsWith("jdbc:postgresql://" + clusterName + "-rw.carriage.svc:5432/"
        + cluster.path("spec").path("bootstrap").path("initdb").path("database").asText());
    // Read before Quarkus starts (StoreMain), then every setting of StoreConfig.
    Set<String> known = new HashSet<>(List.of("CARRIAGE_DB_URL", "CARRIAGE_DB_USER", "CARRIAGE_DB_PASSWORD", "CARRIAGE_HOME"));
    settings(dev.carriage.store.StoreConfig.class, "carriage", known);
    List<String> given = new ArrayList<>();
    settings.fieldNames().forEachRemaining(given::add);
    documents.stream().filter(document -> document.path("kind").asText().equals("Secret")).forEach(secret ->
        secret.path("stringData").fieldNames().forEachRemaining(name -> {
          if (name.startsWith("CARRIAGE_")) {
            given.add(name);
          }
        }));
    for (String name : given) {
      if (name.startsWith("CARRIAGE_")) {
        assertThat(known).as("a setting the store reads").contains(name);
      }
    }
  }

  /** The environment names of every setting a config mapping interface declares, nested groups included. */
  private static void settings(Class<?> mapping, String prefix, Set<String> into) {
    for (java.lang.reflect.Method method : mapping.getDeclaredMethods()) {
      if (method.isSynthetic() || method.isDefault() || java.lang.reflect.Modifier.isStatic(method.getModifiers())) {
        continue;
      }
      String name = prefix + "." + method.getName().replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(java.util.Locale.ROOT);
      Class<?> type = method.getReturnType();
      if (type.isInterface() && type.getEnclosingClass() != null && type.getName().startsWith("dev.carriage.")) {
        settings(type, name, into);
      } else {
        into.add(name.toUpperCase(java.util.Locale.ROOT).replaceAll("[^A-Z0-9]", "_"));
      }
    }
  }

  private static JsonNode only(List<JsonNode> documents, String kind) {
    List<JsonNode> found = documents.stream().filter(document -> document.path("kind").asText().equals(kind)).toList();
    assertThat(found).as("one " + kind).hasSize(1);
    return found.get(0);
  }

  private static Set<String> names(List<JsonNode> documents, String kind) {
    Set<String> names = new HashSet<>();
    documents.stream().filter(document -> document.path("kind").asText().equals(kind))
        .forEach(document -> names.add(document.path("metadata").path("name").asText()));
    return names;
  }

  private static Set<String> metricsIn(String text) {
    Set<String> metrics = new TreeSet<>();
    Matcher matcher = METRIC.matcher(text);
    while (matcher.find()) {
      metrics.add(matcher.group(1));
    }
    return metrics;
  }

  /** The metric family of a series name: counters', histograms' and summaries' suffixes off. */
  private static String family(String series) {
    return series.replaceAll("_(total|count|sum|bucket|max)$", "");
  }

  private static Set<String> exportedFamilies() {
    Set<String> families = new HashSet<>();
    for (String line : io.restassured.RestAssured.get("/q/metrics").then().statusCode(200).extract().asString().split("\n")) {
      if (line.startsWith("# TYPE ")) {
        families.add(family(line.split(" ")[2]));
      }
    }
    return families;
  }
}
