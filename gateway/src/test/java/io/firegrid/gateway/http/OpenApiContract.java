package io.firegrid.gateway.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Checks answers of the gateway against the OpenAPI document: the status must be documented for the
 * operation, and a JSON body must match the schema documented for that status (JSON Schema 2020-12,
 * the dialect of OpenAPI 3.1, by networknt's validator). Schemas are found by JSON pointer into the
 * document, so their {@code $ref}s to {@code #/components/schemas/...} resolve as a client's would.
 */
final class OpenApiContract {

    /** The document's made-up address, under which the validator resolves pointers into it. */
    private static final String DOC = "https://firegrid.invalid/openapi.json";

    private final JsonObject doc;
    private final SchemaRegistry schemas;
    private int checked;

    private OpenApiContract(JsonObject doc) {
        this.doc = doc;
        this.schemas = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12,
                b -> b.schemas(Map.of(DOC, doc.encode())));
    }

    static OpenApiContract of(JsonObject doc) {
        return new OpenApiContract(doc);
    }

    /** How many answers {@link #assertConforms} has passed. */
    int checked() {
        return checked;
    }

    /**
     * What is wrong with an answer of {@code method} on the documented {@code template}
     * ({@code /api/v1/devices/{tenant}/{device}}): nothing, or one line per problem naming the field.
     */
    List<String> problems(String method, String template, int status, String contentType, String body) {
        String what = method + " " + template + " answered " + status;
        JsonObject item = doc.getJsonObject("paths").getJsonObject(template);
        JsonObject operation = item == null ? null : item.getJsonObject(method.toLowerCase(Locale.ROOT));
        if (operation == null) {
            return List.of(method + " " + template + " is not in the document");
        }
        String pointer = "/paths/" + escape(template) + "/" + method.toLowerCase(Locale.ROOT) + "/responses/" + status;
        JsonObject response = operation.getJsonObject("responses").getJsonObject(Integer.toString(status));
        if (response == null) {
            return List.of(what + ", a status the document does not list for it");
        }
        if (response.containsKey("$ref")) {
            pointer = response.getString("$ref").substring(1);
            response = resolve(pointer);
        }
        JsonObject content = response.getJsonObject("content");
        if (content == null || !content.containsKey("application/json")) {
            return List.of();
        }
        List<String> problems = new ArrayList<>();
        if (contentType == null || !contentType.startsWith("application/json")) {
            problems.add(what + " with Content-Type " + contentType + ", not application/json");
        }
        Schema schema = schemas.getSchema(SchemaLocation.of(DOC + "#" + pointer + "/content/application~1json/schema"));
        for (Error e : schema.validate(body, InputFormat.JSON)) {
            problems.add(what + ": " + e.getInstanceLocation() + " " + e.getMessage());
        }
        return problems;
    }

    /** Fails unless {@code r}, the answer to {@code method} on {@code template}, is as documented. */
    HttpResponse<String> assertConforms(String method, String template, HttpResponse<String> r) {
        List<String> problems = problems(method, template, r.statusCode(), r.headers().firstValue("Content-Type").orElse(null),
                r.body());
        assertThat(problems).as("%s %s answered %s", method, template, r.body()).isEmpty();
        checked++;
        return r;
    }

    private JsonObject resolve(String pointer) {
        Object at = doc;
        for (String part : pointer.substring(1).split("/")) {
            at = ((JsonObject) at).getValue(part.replace("~1", "/").replace("~0", "~"));
        }
        return (JsonObject) at;
    }

    private static String escape(String pathPart) {
        return pathPart.replace("~", "~0").replace("/", "~1").replace("{", "%7B").replace("}", "%7D");
    }
}
