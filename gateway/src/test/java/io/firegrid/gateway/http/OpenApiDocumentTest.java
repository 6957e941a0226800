package io.firegrid.gateway.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.swagger.v3.oas.models.SpecVersion;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The document is valid OpenAPI 3.1 as a client generator reads it (swagger-parser, which
 * openapi-generator uses), and holds together: every path parameter declared, every operation named
 * once, every success answer of JSON with a schema.
 */
class OpenApiDocumentTest {

    private static final Pattern TEMPLATE = Pattern.compile("\\{([^}]+)}");

    @Test
    void isValidOpenApi31() {
        SwaggerParseResult parsed = parse(OpenApi.resource());

        assertThat(parsed.getMessages()).as("swagger-parser's findings").isEmpty();
        assertThat(parsed.getOpenAPI().getSpecVersion()).isEqualTo(SpecVersion.V31);
        assertThat(parsed.getOpenAPI().getPaths()).hasSizeGreaterThan(50);
        assertThat(parsed.getOpenAPI().getComponents().getSecuritySchemes().get("bearerAuth").getScheme()).isEqualTo("bearer");
    }

    @Test
    void theParserFindsABrokenDocument() {
        // GIVEN the document with an operation that answers nothing and a reference to a schema that does not exist
        JsonObject broken = OpenApi.resource();
        JsonObject devices = broken.getJsonObject("paths").getJsonObject("/api/v1/devices");
        devices.getJsonObject("get").remove("responses");
        devices.getJsonObject("post").getJsonObject("requestBody").getJsonObject("content").getJsonObject("application/json")
                .put("schema", new JsonObject().put("$ref", "#/components/schemas/NoSuchThing"));

        // THEN the parser says so
        assertThat(String.join("\n", parse(broken).getMessages())).contains("responses").contains("NoSuchThing");
    }

    @Test
    void everyPathParameterIsDeclaredAndEveryOperationNamedOnce() {
        JsonObject paths = OpenApi.resource().getJsonObject("paths");
        List<String> problems = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (String path : paths.fieldNames()) {
            JsonObject item = paths.getJsonObject(path);
            for (String method : item.fieldNames()) {
                JsonObject op = item.getJsonObject(method);
                String what = method.toUpperCase() + " " + path;
                Set<String> declared = new HashSet<>();
                JsonArray params = op.getJsonArray("parameters", new JsonArray());
                params.stream().map(JsonObject.class::cast).filter(p -> "path".equals(p.getString("in")))
                        .forEach(p -> declared.add(p.getString("name")));
                Matcher m = TEMPLATE.matcher(path);
                Set<String> inPath = new HashSet<>();
                while (m.find()) {
                    inPath.add(m.group(1));
                }
                if (!declared.equals(inPath)) {
                    problems.add(what + " declares path parameters " + declared + " for " + inPath);
                }
                if (!ids.add(op.getString("operationId"))) {
                    problems.add(what + " repeats the operationId " + op.getString("operationId"));
                }
                op.getJsonObject("responses").forEach(e -> {
                    if (e.getKey().startsWith("2") && e.getValue() instanceof JsonObject r && r.containsKey("content")) {
                        r.getJsonObject("content").forEach(c -> {
                            if (!((JsonObject) c.getValue()).containsKey("schema")) {
                                problems.add(what + " answers " + e.getKey() + " " + c.getKey() + " without a schema");
                            }
                        });
                    }
                });
            }
        }
        assertThat(problems).isEmpty();
        assertThat(ids).hasSizeGreaterThan(70);
    }

    private static SwaggerParseResult parse(JsonObject doc) {
        ParseOptions options = new ParseOptions();
        options.setResolve(true);
        return new OpenAPIV3Parser().readContents(doc.encode(), null, options);
    }
}
