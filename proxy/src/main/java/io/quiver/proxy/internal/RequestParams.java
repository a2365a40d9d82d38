package io.quiver.proxy.internal;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import io.quiver.common.QuiverException;
import io.quiver.coordinator.Catalog;
import io.quiver.proto.milvus.KeyValuePair;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Request parameters as the SDKs send them: key-value pairs, where "params" may hold a JSON object of
 * more keys (older SDKs) that top-level keys override.
 */
public final class RequestParams {
    private final Map<String, String> values;

    private RequestParams(Map<String, String> values) {
        this.values = values;
    }

    public static RequestParams of(List<KeyValuePair> pairs) {
        Map<String, String> values = new LinkedHashMap<>();
        for (KeyValuePair pair : pairs) {
            if (pair.getKey().equals("params")) {
                flattenJson(pair.getValue()).forEach(values::putIfAbsent);
            } else {
                values.put(pair.getKey(), pair.getValue());
            }
        }
        return new RequestParams(values);
    }

    public Optional<String> get(String key) {
        return Optional.ofNullable(values.get(key)).filter(v -> !v.isEmpty());
    }

    public Map<String, String> asMap() {
        return Map.copyOf(values);
    }

    public long getLong(String key, long defaultValue) {
        return get(key).map(v -> parseLong(key, v)).orElse(defaultValue);
    }

    public int getInt(String key, int defaultValue, int min, int max) {
        long value = getLong(key, defaultValue);
        QuiverException.check(
                value >= min && value <= max,
                "parameter '%s' is %d; it must be between %d and %d",
                key,
                value,
                min,
                max);
        return (int) value;
    }

    private static long parseLong(String key, String value) {
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            try {
                double d = Double.parseDouble(value.trim());
                if (d == Math.rint(d) && Math.abs(d) < 0x1p63) { // a whole number within the long range
                    return (long) d;
                }
            } catch (NumberFormatException ignored) {
                // fall through to the error below
            }
            throw QuiverException.invalid("parameter '%s' is '%s', not an integer", key, value);
        }
    }

    private static Map<String, String> flattenJson(String json) {
        Map<String, String> out = new LinkedHashMap<>();
        if (json == null || json.isBlank()) {
            return out;
        }
        try {
            JsonElement element = JsonParser.parseString(json);
            if (!element.isJsonObject()) {
                throw QuiverException.invalid("parameter 'params' must be a JSON object, not '%s'", json);
            }
            JsonObject object = element.getAsJsonObject();
            for (var entry : object.entrySet()) {
                JsonElement value = entry.getValue();
                if (value.isJsonPrimitive()) {
                    out.put(entry.getKey(), value.getAsString());
                } else if (value.isJsonObject() && entry.getKey().equals("params")) {
                    flattenJson(value.toString()).forEach(out::putIfAbsent);
                }
            }
            return out;
        } catch (JsonParseException | IllegalStateException e) {
            throw QuiverException.invalid("parameter 'params' is not valid JSON: '%s'", json);
        }
    }

    /** The database a request names; empty means the default one. */
    public static String database(String name) {
        return name == null || name.isEmpty() ? Catalog.DEFAULT_DATABASE : name;
    }
}
