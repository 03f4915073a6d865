package io.github.resourcemanager.kubernetes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.GZIPInputStream;

/**
 * The Kubernetes API's published OpenAPI v2 definitions (v1.35.0) and the VerticalPodAutoscaler's CRD schema
 * (autoscaler v1.7.1), as JSON schemas a validator checks objects against; see {@code kubernetes/SOURCES.md}.
 *
 * <p>Three adaptations, each what Kubernetes' own tooling does: {@code IntOrString} and {@code Quantity}, which
 * OpenAPI v2 writes as {@code type: string} with a format, accept a string or a number (as the published OpenAPI v3
 * writes them, with {@code x-kubernetes-int-or-string} / {@code anyOf}); and every object schema that lists its
 * properties rejects others ({@code additionalProperties: false}), as the API server's strict field validation
 * ({@code fieldValidation=Strict}, kubectl's default) rejects unknown fields.
 */
final class OpenApiSchema {

  private final JsonNode definitions;
  private final Map<String, String> definitionByKind = new HashMap<>();
  private final JsonNode vpaSchema;
  private final JsonSchemaFactory factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4);

  OpenApiSchema() {
    JsonNode swagger;
    try (InputStream in = new GZIPInputStream(OpenApiSchema.class.getResourceAsStream("/kubernetes/swagger-v1.35.0.json.gz"))) {
      swagger = ObjectTrees.JSON.readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    ObjectNode defs = (ObjectNode) swagger.get("definitions");
    defs.set("io.k8s.apimachinery.pkg.util.intstr.IntOrString", anyOf("string", "integer"));
    defs.set("io.k8s.apimachinery.pkg.api.resource.Quantity", anyOf("string", "number"));
    for (Iterator<Map.Entry<String, JsonNode>> it = defs.fields(); it.hasNext();) {
      Map.Entry<String, JsonNode> e = it.next();
      strict(e.getValue());
      JsonNode gvks = e.getValue().get("x-kubernetes-group-version-kind");
      if (gvks != null) {
        for (JsonNode gvk : gvks) {
          String group = gvk.path("group").asText();
          String apiVersion = group.isEmpty() ? gvk.get("version").asText() : group + "/" + gvk.get("version").asText();
          definitionByKind.putIfAbsent(apiVersion + " " + gvk.get("kind").asText(), e.getKey());
        }
      }
    }
    this.definitions = defs;
    JsonNode vpa = null;
    for (JsonNode crd : ObjectTrees.yamlDocuments("/kubernetes/vpa-v1-crd-gen.yaml")) {
      if (crd != null && "verticalpodautoscalers.autoscaling.k8s.io".equals(crd.path("metadata").path("name").asText())) {
        for (JsonNode v : crd.path("spec").path("versions")) {
          if (v.path("name").asText().equals("v1")) {
            vpa = v.path("schema").path("openAPIV3Schema").deepCopy();
          }
        }
      }
    }
    if (vpa == null) {
      throw new IllegalStateException("no v1 VerticalPodAutoscaler schema in vpa-v1-crd-gen.yaml");
    }
    strict(vpa);
    this.vpaSchema = vpa;
  }

  private static ObjectNode anyOf(String a, String b) {
    ObjectNode n = ObjectTrees.JSON.createObjectNode();
    ArrayNode list = n.putArray("anyOf");
    list.addObject().put("type", a);
    list.addObject().put("type", b);
    return n;
  }

  private static void strict(JsonNode schema) {
    if (schema instanceof ObjectNode o) {
      if (o.has("properties") && !o.has("additionalProperties") && !o.has("x-kubernetes-preserve-unknown-fields")) {
        o.put("additionalProperties", false);
      }
      o.elements().forEachRemaining(OpenApiSchema::strict);
    } else if (schema instanceof ArrayNode a) {
      a.elements().forEachRemaining(OpenApiSchema::strict);
    }
  }

  /** The definitions' name for {@code apiVersion} and {@code kind}, e.g. {@code io.k8s.api.apps.v1.Deployment}. */
  String definitionOf(String apiVersion, String kind) {
    String name = definitionByKind.get(apiVersion + " " + kind);
    if (name == null) {
      throw new IllegalArgumentException("the Kubernetes v1.35.0 API has no " + apiVersion + " " + kind);
    }
    return name;
  }

  /** The schema violations of {@code object}; empty when it is valid. */
  List<String> violations(HasMetadata object) {
    return violations(ObjectTrees.tree(object));
  }

  /** The schema violations of an object's JSON tree. */
  List<String> violations(JsonNode object) {
    String apiVersion = object.path("apiVersion").asText();
    String kind = object.path("kind").asText();
    JsonSchema schema;
    if (apiVersion.equals("autoscaling.k8s.io/v1") && kind.equals("VerticalPodAutoscaler")) {
      schema = factory.getSchema(vpaSchema);
    } else {
      ObjectNode root = ObjectTrees.JSON.createObjectNode();
      root.set("definitions", definitions);
      root.putArray("allOf").addObject().put("$ref", "#/definitions/" + definitionOf(apiVersion, kind));
      schema = factory.getSchema(root);
    }
    Set<ValidationMessage> messages = schema.validate(object);
    List<String> out = new ArrayList<>();
    messages.forEach(m -> out.add(m.getMessage()));
    return out;
  }
}
